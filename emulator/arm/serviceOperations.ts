import { resourceNotFound } from "../errors";
import { namespaceOf } from "../services/lookup";
import { requireProfile } from "../services/lookup";
import type { PollHeader, ServiceProfile } from "../services/profile";
import type { Answer } from "../server/http";
import {
  OPERATION_RESULT_SEGMENT,
  OPERATION_STATUS_SEGMENT,
  type OperationTarget,
} from "../server/routes";
import { connectionId } from "../state/ids";
import type { OperationRecord } from "../state/records";
import type { ArmContext, ArmRequest } from "./context";
import { asReadNow, connectionJson } from "./representation";

/**
 * Long-running operations of the services other than Key Vault. Their poll URLs are the
 * emulator's own shape (clients follow the headers, never build them):
 * /subscriptions/{s}/providers/{Namespace}/locations/{location}/operationStatuses/{id} for
 * Azure-AsyncOperation, .../operationResults/{id} for Location. The status URL answers ARM's
 * {"status"} body (ACR: 201 "Updating" while running); the result URL answers 202 while
 * running, then the connection after a PUT, or the profile's final status after a DELETE.
 */

function operationPath(operation: OperationRecord, segment: string): string {
  const c = operation.connection;
  const location = encodeURIComponent(operation.service?.location ?? "eastus");
  return (
    `/subscriptions/${c.subscriptionId}/providers/${namespaceOf(c.resourceType)}` +
    `/locations/${location}/${segment}/${operation.id}` +
    `?api-version=${encodeURIComponent(operation.apiVersion)}`
  );
}

/** The headers an accepted PUT or DELETE sends, and its running polls repeat. */
export function operationHeaders(
  ctx: ArmContext,
  operation: OperationRecord,
  headers: readonly PollHeader[],
): Record<string, string> {
  const behavior = ctx.behavior();
  const retryAfter =
    operation.kind === "put" ? behavior.putRetryAfterSeconds : behavior.deleteRetryAfterSeconds;
  const answer: Record<string, string> = {};
  for (const header of headers) {
    const segment = header === "location" ? OPERATION_RESULT_SEGMENT : OPERATION_STATUS_SEGMENT;
    const path = operationPath(operation, segment);
    answer[header] =
      header === "location" && behavior.locationStyle === "relative"
        ? path
        : `${ctx.baseUrl}${path}`;
  }
  return retryAfter === null ? answer : { ...answer, "retry-after": String(retryAfter) };
}

function failure(operation: OperationRecord): { code: string; message: string } {
  const verb = operation.kind === "put" ? "Updating" : "Deleting";
  return {
    code: "PrivateEndpointConnectionOperationFailed",
    message: `${verb} private endpoint connection '${operation.connection.connectionName}' failed.`,
  };
}

function pollHeadersOf(profile: ServiceProfile, operation: OperationRecord): readonly PollHeader[] {
  const style = operation.kind === "put" ? profile.put : profile.remove;
  return style.style === "accepted" ? style.headers : [];
}

function answerStatus(
  ctx: ArmContext,
  operation: OperationRecord,
  profile: ServiceProfile,
): Answer {
  const base = {
    id: `${connectionId(operation.connection)}/operationStatuses/${operation.id}`,
    name: operation.id,
    startTime: new Date(operation.startedAt).toISOString(),
  };
  if (operation.status === "InProgress") {
    return {
      status: profile.runningPoll.httpStatus,
      headers: operationHeaders(ctx, operation, pollHeadersOf(profile, operation)),
      body: { ...base, status: profile.runningPoll.status },
    };
  }
  const endTime = new Date(operation.endedAt ?? operation.startedAt).toISOString();
  return {
    status: 200,
    body: {
      ...base,
      endTime,
      status: operation.status,
      ...(operation.status === "Failed" ? { error: failure(operation) } : {}),
    },
  };
}

function answerResult(
  ctx: ArmContext,
  operation: OperationRecord,
  profile: ServiceProfile,
): Answer {
  switch (operation.status) {
    case "InProgress":
      return {
        status: 202,
        headers: operationHeaders(ctx, operation, pollHeadersOf(profile, operation)),
      };
    case "Failed":
      return { status: 200, body: { status: "Failed", error: failure(operation) } };
    case "Canceled":
      return { status: 200, body: { status: "Canceled" } };
    case "Succeeded":
      break;
  }
  if (operation.kind === "delete") {
    return {
      status: profile.remove.style === "accepted" ? profile.remove.locationDoneStatus : 204,
    };
  }
  const connection = ctx.state.findConnection(operation.connection);
  return connection
    ? { status: 200, body: connectionJson(asReadNow(connection, ctx.state.now()), ctx.behavior()) }
    : { status: 204 };
}

function operationNotFound(target: OperationTarget) {
  return resourceNotFound(
    `${target.namespace}/locations/${target.location}/operations`,
    target.operationId,
    "(none)",
  );
}

/** A GET of an operation's poll URL. */
export function pollServiceOperation(
  ctx: ArmContext,
  req: ArmRequest<{ resource: "operation"; operation: OperationTarget }>,
): Answer {
  const target = req.target.operation;
  const operation = ctx.state.findOperation(target.operationId);
  if (
    !operation?.service ||
    operation.connection.subscriptionId.toLowerCase() !== target.subscriptionId.toLowerCase() ||
    namespaceOf(operation.connection.resourceType).toLowerCase() !==
      target.namespace.toLowerCase() ||
    operation.outcome === "PollNotFound"
  ) {
    throw operationNotFound(target);
  }
  const profile = requireProfile(operation.connection.resourceType);
  return target.view === "status"
    ? answerStatus(ctx, operation, profile)
    : answerResult(ctx, operation, profile);
}
