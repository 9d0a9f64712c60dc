import { methodNotAllowed, resourceGroupNotFound, resourceNotFound } from "../errors";
import { parentResourceType, type ParentIdentity } from "../state/ids";
import type { Answer } from "../server/http";
import type { ArmContext, ArmRequest } from "./context";
import { parentJson } from "./representation";

/** GET of the HSM or vault itself, with its connections as properties.privateEndpointConnections. */
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
    throw resourceNotFound(parentResourceType(p.kind), p.parentName, p.resourceGroupName);
  }
  return {
    status: 200,
    body: parentJson(parent, ctx.state.connectionsOf(parent), ctx.behavior(), ctx.tenantId),
  };
}
