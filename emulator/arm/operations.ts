import { ArmError, resourceNotFound } from "../errors";
import { connectionId, connectionKey, type ConnectionIdentity } from "../state/ids";
import type { Answer } from "../server/http";
import type { OperationRecord, PollView } from "../state/records";
import type { ArmContext, ArmRequest } from "./context";
import { connectionJson, type OperationStatusJson } from "./representation";

/**
 * Long-running operations as Key Vault's RP exposes them: every poll URL is the connection's
 * own URL plus `kv-operation=<token>` (see the recording). What a token's URL answers
 * depends on which URL it is (its PollView):
 * - resource: the PUT's Azure-AsyncOperation; answers the connection, like a GET.
 * - location: the DELETE's Location; 202 while running, then the final status.
 * - status: the DELETE's Azure-AsyncOperation (asyncStyle azure-asyncoperation);
 *   200 {"status": InProgress | Succeeded | Failed}.
 */

function connectionPath(c: ConnectionIdentity): string {
  return connectionId(c)
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

export function pollUrl(
  ctx: ArmContext,
  operation: OperationRecord,
  view: PollView,
  style: "absolute" | "relative" = "absolute",
): string {
  const token = operation.tokens[view];
  if (!token) {
    throw new Error(`operation ${operation.id} has no ${view} poll URL`);
  }
  const path =
    `${connectionPath(operation.connection)}?api-version=${encodeURIComponent(operation.apiVersion)}` +
    `&kv-operation=${token}`;
  return style === "absolute" ? `${ctx.baseUrl}${path}` : path;
}

function retryAfter(seconds: number | null): Record<string, string> {
  return seconds === null ? {} : { "retry-after": String(seconds) };
}

/** The headers of a DELETE 202, repeated on its polls while it runs. */
export function deleteAcceptedHeaders(
  ctx: ArmContext,
  operation: OperationRecord,
): Record<string, string> {
  const behavior = ctx.behavior();
  return {
    location: pollUrl(ctx, operation, "location", behavior.locationStyle),
    ...(operation.tokens.status
      ? { "azure-asyncoperation": pollUrl(ctx, operation, "status") }
      : {}),
    ...retryAfter(behavior.deleteRetryAfterSeconds),
  };
}

/** Invented: the spec gives no code for a failed delete; this one says what happened. */
function deleteFailure(operation: OperationRecord): { code: string; message: string } {
  return {
    code: "PrivateEndpointConnectionDeleteFailed",
    message: `Deleting private endpoint connection '${operation.connection.connectionName}' failed.`,
  };
}

function operationNotFound(c: ConnectionIdentity): ArmError {
  return resourceNotFound(
    `${c.resourceType}/${c.parentName}/privateEndpointConnections`,
    c.connectionName,
    c.resourceGroupName,
  );
}

function answerResource(ctx: ArmContext, operation: OperationRecord): Answer {
  const connection = ctx.state.findConnection(operation.connection);
  if (!connection) {
    throw operationNotFound(operation.connection);
  }
  return { status: 200, body: connectionJson(connection, ctx.behavior()) };
}

function answerLocation(ctx: ArmContext, operation: OperationRecord): Answer {
  switch (operation.status) {
    case "InProgress":
      return { status: 202, headers: deleteAcceptedHeaders(ctx, operation) };
    case "Succeeded":
      return { status: ctx.behavior().deleteFinalStatus };
    case "Failed": {
      const body: OperationStatusJson = { status: "Failed", error: deleteFailure(operation) };
      return { status: 200, body };
    }
    case "Canceled": {
      const body: OperationStatusJson = { status: "Canceled" };
      return { status: 200, body };
    }
  }
}

function answerStatus(ctx: ArmContext, operation: OperationRecord): Answer {
  const body: OperationStatusJson =
    operation.status === "Failed"
      ? { status: "Failed", error: deleteFailure(operation) }
      : { status: operation.status };
  const headers =
    operation.status === "InProgress" ? retryAfter(ctx.behavior().deleteRetryAfterSeconds) : {};
  return { status: 200, headers, body };
}

/** A GET with kv-operation: answered by the operation the token names. */
export function poll(
  ctx: ArmContext,
  req: ArmRequest<{ resource: "connection"; connection: ConnectionIdentity }>,
): Answer {
  const token = req.url.searchParams.get("kv-operation") ?? "";
  const found = ctx.state.findOperationByToken(token);
  if (!found || found.operation.connectionKey !== connectionKey(req.target.connection)) {
    throw operationNotFound(req.target.connection);
  }
  const { operation, view } = found;
  if (operation.outcome === "PollNotFound" && view !== "resource") {
    throw operationNotFound(operation.connection);
  }
  switch (view) {
    case "resource":
      return answerResource(ctx, operation);
    case "location":
      return answerLocation(ctx, operation);
    case "status":
      return answerStatus(ctx, operation);
  }
}
