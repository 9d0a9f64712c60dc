import type { ParentKind } from "./arm/parentKinds";

/** The approval states a program may declare. Pending and Disconnected are ARM's, not ours. */
export const DECLARABLE_STATUSES = ["Approved", "Rejected"] as const;
export type DeclarableStatus = (typeof DECLARABLE_STATUSES)[number];

/** Per-operation deadlines in seconds; the dynamic-provider protocol passes no customTimeouts. */
export interface Timeouts {
  create?: number;
  update?: number;
  delete?: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 30 * 60;
export const MAX_TIMEOUT_SECONDS = 24 * 60 * 60;

/** The resource's inputs after `check`: every default applied, every name validated. */
export interface ConnectionInputs {
  subscriptionId: string;
  resourceGroupName: string;
  /** Set for Managed HSM connections. */
  hsmName?: string;
  /** Set for key vault connections. */
  vaultName?: string;
  /** The connection's name; or, instead, `privateEndpointId` to select it by its endpoint. */
  privateEndpointConnectionName?: string;
  /** The consumer's private endpoint; the connection whose privateEndpoint.id matches is used. */
  privateEndpointId?: string;
  /** How long to wait for the connection to appear (default 0: it must exist). */
  waitForConnectionSeconds?: number;
  status: DeclarableStatus;
  description?: string;
  timeouts?: Timeouts;
}

/** What the resource records: the inputs plus what ARM said at the last GET. */
export interface ConnectionOutputs extends Omit<ConnectionInputs, "status"> {
  /** The connection's name, as given or as resolved from privateEndpointId. */
  privateEndpointConnectionName: string;
  /** ARM's status: the declared one, or Pending/Disconnected/another after drift. */
  status: string;
  connectionId: string;
  provisioningState: string;
  actionsRequired: string;
  privateEndpointId: string;
  etag: string;
}

export function parentNameOf(kind: ParentKind, props: Partial<ConnectionInputs>): string {
  return props[kind.nameProperty] ?? "";
}

/** ARM answers an absent description as "" or not at all; both mean the same. */
export function normalizedDescription(description: string | undefined | null): string {
  return description ?? "";
}

export function timeoutMs(timeouts: Timeouts | undefined, operation: keyof Timeouts): number {
  return (timeouts?.[operation] ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}
