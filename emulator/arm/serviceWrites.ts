import type { ServiceProfile, AcceptedBody, PollHeader } from "../services/profile";
import type { Answer } from "../server/http";
import type { PutConnectionState, Started } from "../state/lifecycle";
import type { ConnectionRecord, OperationRecord } from "../state/records";
import {
  applySynchronousPut,
  beginServiceDelete,
  beginServicePut,
} from "../state/serviceLifecycle";
import type { StateWriter } from "../state/state";
import type { ArmContext } from "./context";
import { connectionJson, withInterimStatus } from "./representation";
import { operationHeaders } from "./serviceOperations";

/**
 * PUT and DELETE of a connection of a service other than Key Vault, answered in the style its
 * profile gives (synchronous 200, or 200/201/202 with its poll headers and body). The state
 * rules were checked before (connections.ts).
 */

type CancelActive = (writer: StateWriter, c: ConnectionRecord) => void;

function acceptedBody(
  ctx: ArmContext,
  body: AcceptedBody,
  profile: ServiceProfile,
  operation: OperationRecord,
  before: ConnectionRecord,
  after: ConnectionRecord | undefined,
): unknown {
  const style = ctx.behavior();
  switch (body) {
    case "connection":
      return after ? connectionJson(withInterimStatus(after), style) : undefined;
    case "previousConnection":
      return connectionJson(
        { ...before, provisioningState: profile.provisioning.updating["*"] },
        style,
      );
    case "deletingStub":
      return {
        type: profile.connectionType,
        properties: {
          provisioningState: profile.provisioning.deleting,
          privateEndpoint: null,
          privateLinkServiceConnectionState: null,
        },
        id: null,
        name: before.connectionName,
      };
    case "enqueued":
      return { status: "Enqueued" };
    case "inProgress":
      return { status: "InProgress" };
    case "operation":
      return {
        operation:
          operation.kind === "put" ? profile.operationNames?.put : profile.operationNames?.delete,
        startTime: new Date(operation.startedAt).toISOString(),
      };
    case "empty":
      return undefined;
  }
}

/** Records an operation ARM accepted (in place of any still running) and answers it. */
function recordAccepted(
  ctx: ArmContext,
  connection: ConnectionRecord,
  started: Started,
  profile: ServiceProfile,
  answer: { status: number; body: AcceptedBody; headers: readonly PollHeader[] },
  cancelActive: CancelActive,
): Answer {
  ctx.state.update((writer) => {
    cancelActive(writer, connection);
    writer.setConnection(started.connection);
    writer.setOperation(started.operation);
  });
  const { operation } = started;
  const body = acceptedBody(ctx, answer.body, profile, operation, connection, started.connection);
  return {
    status: answer.status,
    headers: operationHeaders(ctx, operation, answer.headers),
    ...(body === undefined ? {} : { body }),
  };
}

export function servicePut(
  ctx: ArmContext,
  connection: ConnectionRecord,
  desired: PutConnectionState,
  profile: ServiceProfile,
  apiVersion: string,
  cancelActive: CancelActive,
): Answer {
  const put = profile.put;
  const unchanged =
    put.style === "accepted" &&
    put.unchangedAnswersSynchronously &&
    desired.status === connection.status;
  if (put.style !== "accepted" || unchanged) {
    const updated = applySynchronousPut(connection, desired, profile);
    ctx.state.update((writer) => {
      cancelActive(writer, connection);
      writer.setConnection(updated);
    });
    return { status: 200, body: connectionJson(updated, ctx.behavior()) };
  }
  const behavior = ctx.behavior();
  const started = beginServicePut(
    connection,
    desired,
    profile,
    behavior,
    ctx.state.now(),
    apiVersion,
  );
  const answer = { status: put.status, body: put.body, headers: put.headers };
  return recordAccepted(ctx, connection, started, profile, answer, cancelActive);
}

export function serviceDelete(
  ctx: ArmContext,
  connection: ConnectionRecord,
  profile: ServiceProfile,
  apiVersion: string,
  cancelActive: CancelActive,
): Answer {
  const remove = profile.remove;
  if (remove.style !== "accepted") {
    ctx.state.update((writer) => {
      cancelActive(writer, connection);
      writer.removeConnection(connection);
    });
    if (remove.style === "synchronous" && remove.body === "disconnected") {
      // As Search answers: the connection as it was, now Disconnected.
      const gone = {
        ...withInterimStatus(connection),
        status: "Disconnected",
        description: "Remove request from customer.",
      };
      return { status: 200, body: connectionJson(gone, ctx.behavior()) };
    }
    return { status: 200 };
  }
  const started = beginServiceDelete(
    connection,
    profile,
    ctx.behavior(),
    ctx.state.now(),
    apiVersion,
  );
  const answer = { status: 202, body: remove.body, headers: remove.headers };
  return recordAccepted(ctx, connection, started, profile, answer, cancelActive);
}

/** A DELETE repeated while the first still runs: the same 202 and headers. */
export function runningDeleteAnswer(
  ctx: ArmContext,
  operation: OperationRecord,
  profile: ServiceProfile,
): Answer {
  const headers = profile.remove.style === "accepted" ? profile.remove.headers : [];
  return { status: 202, headers: operationHeaders(ctx, operation, headers) };
}
