import { methodNotAllowed, resourceGroupNotFound, resourceNotFound } from "../errors";
import type { ParentIdentity } from "../state/ids";
import type { Answer } from "../server/http";
import type { ArmContext, ArmRequest } from "./context";
import { asReadNow, parentJson } from "./representation";

/** The parent's connections as a GET shows them now (stale views, interim statuses). */
export function connectionsAsRead(ctx: ArmContext, parent: ParentIdentity) {
  const now = ctx.state.now();
  return ctx.state.connectionsOf(parent).map((c) => asReadNow(c, now));
}

/** GET of the parent itself, with its connections as properties.privateEndpointConnections. */
export function handleParent(
  ctx: ArmContext,
  req: ArmRequest<{ resource: "parent"; parent: ParentIdentity }>,
): Answer {
  if (req.method !== "GET") {
    throw methodNotAllowed(req.method);
  }
  const p = req.target.parent;
  const parent = ctx.state.findParent(p);
  if (!parent) {
    if (!ctx.state.resourceGroupExists(p.subscriptionId, p.resourceGroupName)) {
      throw resourceGroupNotFound(p.resourceGroupName);
    }
    throw resourceNotFound(p.resourceType, p.parentName, p.resourceGroupName);
  }
  return {
    status: 200,
    body: parentJson(parent, connectionsAsRead(ctx, parent), ctx.behavior(), ctx.tenantId),
  };
}
