import type { ConnectionIdentity, ParentIdentity } from "./ids";

/**
 * What the emulator remembers, in the form it is persisted: plain JSON, names in the casing
 * they were created with, times as epoch milliseconds.
 */

export interface ParentRecord extends ParentIdentity {
  location: string;
  createdAt: string;
}

export interface ConnectionRecord extends ConnectionIdentity {
  location: string;
  /** 32 lowercase hex digits, as ARM's etags for these connections look. */
  etag: string;
  /** Written through ARM (a PUT or a portal change) at least once: only then is its etag shown. */
  written?: true;
  privateEndpointId: string;
  status: string;
  description?: string;
  actionsRequired?: string;
  provisioningState: string;
  /** The PUT or DELETE now running on it; a newer one supersedes it. */
  activeOperationId?: string;
  /** Disconnected by its consumer: ARM removes it at this time (epoch ms). */
  removeAt?: number;
  /** App Service: the status ARM shows instead of `status` while an operation runs. */
  interimStatus?: string;
  /** What GETs show instead, until `until` (epoch ms): the services that read stale after a PUT. */
  stale?: StaleView;
}

export interface StaleView {
  status: string;
  description?: string;
  actionsRequired?: string;
  provisioningState: string;
  until: number;
}

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

/** How a poll URL answers: see arm/operations.ts. */
export type PollView = "resource" | "location" | "status";

export interface OperationRecord {
  id: string;
  kind: "put" | "delete";
  connectionKey: string;
  connection: ConnectionIdentity;
  /** The api-version of the request that started it, repeated in its poll URLs. */
  apiVersion: string;
  startedAt: number;
  /** null: never completes. */
  completesAt: number | null;
  /** Decided when it starts, so changing the behavior later does not rewrite history. */
  outcome: "Succeeded" | "Failed" | "PollNotFound";
  status: OperationStatus;
  endedAt?: number;
  /** kv-operation values of its poll URLs, by the way each answers (Key Vault only). */
  tokens: Partial<Record<PollView, string>>;
  /**
   * Other services: the provisioningState a successful PUT ends in, and the location its poll
   * URLs name (/subscriptions/{s}/providers/{Namespace}/locations/{location}/...).
   */
  service?: { readyProvisioningState: string; location: string };
}
