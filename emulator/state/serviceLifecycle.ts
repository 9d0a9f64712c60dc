import { randomUUID } from "node:crypto";
import type { ServiceProfile } from "../services/profile";
import { operationDurationMs } from "../timings";
import type { EmulatorBehavior } from "../types";
import { connectionKey } from "./ids";
import { identityOf, newEtag, type PutConnectionState, type Started } from "./lifecycle";
import type { ConnectionRecord, OperationRecord, StaleView } from "./records";

/**
 * What a PUT or a DELETE does to a connection of a service other than Key Vault, by its
 * profile: the new state at once (a synchronous service) or an operation the state completes
 * on schedule (lifecycle.ts), with the provisioningState, interim status and stale view the
 * service shows meanwhile.
 */

function updatingState(profile: ServiceProfile, status: string): string {
  return profile.provisioning.updating[status] ?? profile.provisioning.updating["*"];
}

function staleView(
  connection: ConnectionRecord,
  profile: ServiceProfile,
  behavior: EmulatorBehavior,
  now: number,
): StaleView | undefined {
  if (!profile.staleReads || behavior.staleReadMs === 0) {
    return undefined;
  }
  return {
    status: connection.status,
    description: connection.description,
    actionsRequired: connection.actionsRequired,
    provisioningState: profile.staleReads.provisioningState ?? connection.provisioningState,
    until: now + Math.round(behavior.staleReadMs * behavior.timeScale),
  };
}

function newOperation(
  kind: "put" | "delete",
  connection: ConnectionRecord,
  profile: ServiceProfile,
  behavior: EmulatorBehavior,
  now: number,
  apiVersion: string,
): OperationRecord {
  const outcome = kind === "put" ? behavior.putOutcome : behavior.deleteOutcome;
  return {
    id: randomUUID(),
    kind,
    connectionKey: connectionKey(connection),
    connection: identityOf(connection),
    apiVersion,
    startedAt: now,
    completesAt:
      outcome === "Never"
        ? null
        : now + operationDurationMs(kind, connectionKey(connection), behavior),
    outcome: outcome === "Never" ? "Succeeded" : outcome,
    status: "InProgress",
    tokens: {},
    service: { readyProvisioningState: profile.provisioning.ready, location: connection.location },
  };
}

/** A synchronous service: the connection is in its new state when the 200 answers. */
export function applySynchronousPut(
  connection: ConnectionRecord,
  desired: PutConnectionState,
  profile: ServiceProfile,
): ConnectionRecord {
  const { activeOperationId: _none, interimStatus: _interim, stale: _stale, ...rest } = connection;
  return {
    ...rest,
    status: desired.status,
    description: desired.description,
    actionsRequired: desired.actionsRequired ?? "None",
    provisioningState: profile.provisioning.ready,
    etag: newEtag(),
    written: true,
  };
}

export function beginServicePut(
  connection: ConnectionRecord,
  desired: PutConnectionState,
  profile: ServiceProfile,
  behavior: EmulatorBehavior,
  now: number,
  apiVersion: string,
): Started {
  const operation = newOperation("put", connection, profile, behavior, now, apiVersion);
  const interimStatus = profile.interimStatuses?.[desired.status];
  const stale = staleView(connection, profile, behavior, now);
  const { interimStatus: _old, stale: _oldStale, ...rest } = connection;
  return {
    operation,
    connection: {
      ...rest,
      status: desired.status,
      description: desired.description,
      actionsRequired: desired.actionsRequired ?? "None",
      provisioningState: updatingState(profile, desired.status),
      ...(interimStatus ? { interimStatus } : {}),
      ...(stale ? { stale } : {}),
      etag: newEtag(),
      written: true,
      activeOperationId: operation.id,
    },
  };
}

export function beginServiceDelete(
  connection: ConnectionRecord,
  profile: ServiceProfile,
  behavior: EmulatorBehavior,
  now: number,
  apiVersion: string,
): Started {
  const operation = newOperation("delete", connection, profile, behavior, now, apiVersion);
  const interimStatus = profile.interimStatuses?.delete;
  const { stale: _stale, interimStatus: _old, ...rest } = connection;
  return {
    operation,
    connection: {
      ...rest,
      provisioningState: profile.provisioning.deleting,
      ...(interimStatus ? { interimStatus } : {}),
      etag: newEtag(),
      activeOperationId: operation.id,
    },
  };
}
