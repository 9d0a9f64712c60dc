import { checkProviderTransition } from "../state/connectionRules";
import { conflict, methodNotAllowed, resourceNotFound } from "../errors";
import { requireProfile } from "../services/lookup";
import type { ServiceProfile } from "../services/profile";
import { absentConnection } from "../services/serviceErrors";
import type { ConnectionIdentity, ParentIdentity } from "../state/ids";
import type { Answer } from "../server/http";
import { beginDelete, beginPut } from "../state/lifecycle";
import type { ConnectionRecord } from "../state/records";
import type { StateWriter } from "../state/state";
import type { ArmContext, ArmRequest } from "./context";
import { existingParent } from "./lookup";
import { pageOf } from "./paging";
import { deleteAcceptedHeaders, poll, pollUrl } from "./operations";
import { parsePutBody } from "./putBody";
import {
  asReadNow,
  connectionJson,
  connectionListItemJson,
  followsKeyVaultBehavior,
} from "./representation";
import { runningDeleteAnswer, serviceDelete, servicePut } from "./serviceWrites";

/**
 * privateEndpointConnections: GET, PUT, DELETE of one connection and the paged list, of every
 * modelled service by its profile (Key Vault's writes here, the others' in serviceWrites.ts).
 * Connections are created only by a consumer's private endpoint (the control API's
 * createConnection); ARM can change their state and delete them, never create them.
 */

type ConnectionRequest = ArmRequest<{ resource: "connection"; connection: ConnectionIdentity }>;
type ListRequest = ArmRequest<{ resource: "connections"; parent: ParentIdentity }>;

function connectionNotFound(c: ConnectionIdentity) {
  const profile = requireProfile(c.resourceType);
  const armError = resourceNotFound(
    `${profile.resourceType}/${c.parentName}/${profile.collection}`,
    c.connectionName,
    c.resourceGroupName,
  );
  return profile.absentGet.status === 404
    ? absentConnection(profile.absentGet, c, armError.message)
    : armError;
}

/** A superseded PUT ends Canceled, so its poll URL no longer says it is running. */
function cancelActiveOperation(ctx: ArmContext, writer: StateWriter, c: ConnectionRecord): void {
  const active = c.activeOperationId ? ctx.state.findOperation(c.activeOperationId) : undefined;
  if (active && active.status === "InProgress") {
    writer.setOperation({ ...active, status: "Canceled", endedAt: ctx.state.now() });
  }
}

function runningDelete(ctx: ArmContext, c: ConnectionRecord) {
  const active = c.activeOperationId ? ctx.state.findOperation(c.activeOperationId) : undefined;
  return active?.kind === "delete" && active.status === "InProgress" ? active : undefined;
}

function get(ctx: ArmContext, req: ConnectionRequest): Answer {
  const c = req.target.connection;
  existingParent(ctx.state, c);
  const connection = ctx.state.findConnection(c);
  if (connection) {
    return {
      status: 200,
      body: connectionJson(asReadNow(connection, ctx.state.now()), ctx.behavior()),
    };
  }
  if (requireProfile(c.resourceType).absentGet.status === 204) {
    return { status: 204 };
  }
  throw connectionNotFound(c);
}

async function put(ctx: ArmContext, req: ConnectionRequest): Promise<Answer> {
  const c = req.target.connection;
  existingParent(ctx.state, c);
  const profile = requireProfile(c.resourceType);
  const desired = parsePutBody(await req.readBody(), profile);
  const connection = ctx.state.findConnection(c);
  if (!connection) {
    throw connectionNotFound(c);
  }
  if (runningDelete(ctx, connection)) {
    throw conflict(
      `Private endpoint connection '${connection.connectionName}' is being deleted; it cannot be updated.`,
    );
  }
  const behavior = ctx.behavior();
  checkProviderTransition(connection, desired.status, behavior, profile.rules);
  if (!followsKeyVaultBehavior(profile)) {
    return servicePut(ctx, connection, desired, profile, req.apiVersion, (writer, record) =>
      cancelActiveOperation(ctx, writer, record),
    );
  }
  const started = beginPut(connection, desired, behavior, ctx.state.now(), req.apiVersion);
  ctx.state.update((writer) => {
    cancelActiveOperation(ctx, writer, connection);
    writer.setConnection(started.connection);
    writer.setOperation(started.operation);
  });
  return {
    status: 200,
    headers: {
      "azure-asyncoperation": pollUrl(ctx, started.operation, "resource"),
      ...(behavior.putRetryAfterSeconds === null
        ? {}
        : { "retry-after": String(behavior.putRetryAfterSeconds) }),
    },
    body: connectionJson(started.connection, behavior),
  };
}

function remove(ctx: ArmContext, req: ConnectionRequest): Answer {
  const c = req.target.connection;
  existingParent(ctx.state, c);
  const connection = ctx.state.findConnection(c);
  const profile = requireProfile(c.resourceType);
  if (!connection) {
    if (profile.absentDelete === 404) {
      throw connectionNotFound(c);
    }
    return { status: 204 };
  }
  if (!followsKeyVaultBehavior(profile)) {
    return removeOfService(ctx, connection, profile, req.apiVersion);
  }
  const running = runningDelete(ctx, connection);
  if (running) {
    return { status: 202, headers: deleteAcceptedHeaders(ctx, running) };
  }
  const behavior = ctx.behavior();
  if (behavior.deleteMode === "sync200") {
    ctx.state.update((writer) => {
      cancelActiveOperation(ctx, writer, connection);
      writer.removeConnection(connection);
    });
    // As the spec's example for the 200: the connection as it was, now Disconnected.
    const { activeOperationId: _gone, ...rest } = connection;
    return {
      status: 200,
      body: connectionJson({ ...rest, provisioningState: "Disconnected" }, behavior),
    };
  }
  const started = beginDelete(connection, behavior, ctx.state.now(), req.apiVersion);
  ctx.state.update((writer) => {
    cancelActiveOperation(ctx, writer, connection);
    writer.setConnection(started.connection);
    writer.setOperation(started.operation);
  });
  return { status: 202, headers: deleteAcceptedHeaders(ctx, started.operation) };
}

function removeOfService(
  ctx: ArmContext,
  connection: ConnectionRecord,
  profile: ServiceProfile,
  apiVersion: string,
): Answer {
  const running = runningDelete(ctx, connection);
  if (running) {
    return runningDeleteAnswer(ctx, running, profile);
  }
  return serviceDelete(ctx, connection, profile, apiVersion, (writer, record) =>
    cancelActiveOperation(ctx, writer, record),
  );
}

export async function handleConnection(ctx: ArmContext, req: ConnectionRequest): Promise<Answer> {
  switch (req.method) {
    case "GET":
      return req.url.searchParams.has("kv-operation") ? poll(ctx, req) : get(ctx, req);
    case "PUT":
      return put(ctx, req);
    case "DELETE":
      return remove(ctx, req);
    default:
      throw methodNotAllowed(req.method);
  }
}

/** A page of connections; nextLink repeats the request with the offset of the next page. */
export function handleList(ctx: ArmContext, req: ListRequest): Answer {
  if (req.method !== "GET") {
    throw methodNotAllowed(req.method);
  }
  existingParent(ctx.state, req.target.parent);
  const behavior = ctx.behavior();
  const now = ctx.state.now();
  const items = ctx.state
    .connectionsOf(req.target.parent)
    .map((c) => connectionListItemJson(asReadNow(c, now), behavior));
  return { status: 200, body: pageOf(ctx.baseUrl, req.url, items, behavior.listPageSize) };
}
