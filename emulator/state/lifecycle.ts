import { randomBytes, randomUUID } from "node:crypto";
import { connectionKey } from "./ids";
import type { ConnectionRecord, OperationRecord } from "./records";
import { operationDurationMs } from "../timings";
import type { EmulatorBehavior } from "../types";

/**
 * What a PUT or a DELETE does to a connection over time. Operations are not driven by timers:
 * each records when it completes, and the state applies it the next time anyone looks
 * (see EmulatorState.settle). So nothing is left running at stop(), and an operation that
 * was running when the emulator stopped completes on schedule after a restart.
 */

export function newEtag(): string {
  return randomBytes(16).toString("hex");
}

/**
 * The kv-operation query value: base64 of {"code","st","etag"} as in the recording, where st
 * has .NET's seven fractional digits. base64url rather than base64, so it needs no escaping.
 */
export function kvOperationToken(
  code: string,
  startedAt: number,
  etag: string,
  extra: Record<string, string> = {},
): string {
  const st = new Date(startedAt).toISOString().replace("Z", "0000Z");
  return Buffer.from(JSON.stringify({ code, st, etag, ...extra })).toString("base64url");
}

function putOperationCode(status: string): string {
  switch (status) {
    case "Approved":
      return "privateEndpointConnections/approve";
    case "Rejected":
      return "privateEndpointConnections/reject";
    default:
      return "privateEndpointConnections/update";
  }
}

export interface PutConnectionState {
  status: string;
  description?: string;
  actionsRequired?: string;
}

export interface Started {
  connection: ConnectionRecord;
  operation: OperationRecord;
}

/** As recorded: the new state shows at once, provisioningState Updating, a new etag. */
export function beginPut(
  connection: ConnectionRecord,
  desired: PutConnectionState,
  behavior: EmulatorBehavior,
  now: number,
  apiVersion: string,
): Started {
  const etag = newEtag();
  const operation: OperationRecord = {
    id: randomUUID(),
    kind: "put",
    connectionKey: connectionKey(connection),
    connection: identityOf(connection),
    apiVersion,
    startedAt: now,
    completesAt:
      behavior.putOutcome === "Never"
        ? null
        : now + operationDurationMs("put", connectionKey(connection), behavior),
    outcome: behavior.putOutcome === "Failed" ? "Failed" : "Succeeded",
    status: "InProgress",
    tokens: { resource: kvOperationToken(putOperationCode(desired.status), now, etag) },
  };
  return {
    operation,
    connection: {
      ...connection,
      status: desired.status,
      description: desired.description,
      actionsRequired: desired.actionsRequired ?? "None",
      provisioningState: "Updating",
      etag,
      written: true,
      activeOperationId: operation.id,
    },
  };
}

/** The connection shows provisioningState Deleting until the operation completes. */
export function beginDelete(
  connection: ConnectionRecord,
  behavior: EmulatorBehavior,
  now: number,
  apiVersion: string,
): Started {
  const etag = newEtag();
  const code = "privateEndpointConnections/delete";
  const outcome = behavior.deleteOutcome === "Never" ? "Succeeded" : behavior.deleteOutcome;
  const operation: OperationRecord = {
    id: randomUUID(),
    kind: "delete",
    connectionKey: connectionKey(connection),
    connection: identityOf(connection),
    apiVersion,
    startedAt: now,
    completesAt:
      behavior.deleteOutcome === "Never"
        ? null
        : now + operationDurationMs("delete", connectionKey(connection), behavior),
    outcome,
    status: "InProgress",
    tokens: {
      location: kvOperationToken(code, now, etag),
      ...(behavior.asyncStyle === "azure-asyncoperation"
        ? { status: kvOperationToken(code, now, etag, { monitor: "status" }) }
        : {}),
    },
  };
  return {
    operation,
    connection: {
      ...connection,
      provisioningState: "Deleting",
      etag,
      activeOperationId: operation.id,
    },
  };
}

export interface Completed {
  operation: OperationRecord;
  /** undefined: the connection is gone. */
  connection: ConnectionRecord | undefined;
}

export function isDue(operation: OperationRecord, now: number): boolean {
  return (
    operation.status === "InProgress" &&
    operation.completesAt !== null &&
    operation.completesAt <= now
  );
}

/** Applies a due operation. One that a newer operation superseded just ends Canceled. */
export function completeOperation(
  operation: OperationRecord,
  connection: ConnectionRecord | undefined,
): Completed {
  const endedAt = operation.completesAt ?? operation.startedAt;
  if (!connection && operation.kind === "delete") {
    // Removed meanwhile (its consumer's endpoint was deleted): what the delete wanted.
    return { operation: { ...operation, status: "Succeeded", endedAt }, connection };
  }
  if (!connection || connection.activeOperationId !== operation.id) {
    return { operation: { ...operation, status: "Canceled", endedAt }, connection };
  }
  const failed = operation.outcome === "Failed";
  const status = failed ? "Failed" : "Succeeded";
  if (operation.kind === "delete" && !failed) {
    return { operation: { ...operation, status, endedAt }, connection: undefined };
  }
  // The recording shows the etag changing again when a PUT completes.
  const { activeOperationId: _finished, interimStatus: _interim, ...rest } = connection;
  const provisioningState = failed ? status : (operation.service?.readyProvisioningState ?? status);
  return {
    operation: { ...operation, status, endedAt },
    connection: { ...rest, provisioningState, etag: newEtag() },
  };
}

export function identityOf(c: ConnectionRecord): OperationRecord["connection"] {
  return {
    resourceType: c.resourceType,
    subscriptionId: c.subscriptionId,
    resourceGroupName: c.resourceGroupName,
    parentName: c.parentName,
    connectionName: c.connectionName,
  };
}
