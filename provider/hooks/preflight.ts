import { Deadline } from "../arm/clock";
import type { ConnectionsApi } from "../arm/connectionsApi";
import type { HookContext } from "./context";

/**
 * How long a read made at preview may take, retries included. A preview does not wait on an
 * unreachable ARM: the operation itself has the full timeout (30 minutes by default).
 */
export const PREFLIGHT_MS = 30_000;

/** An ARM client for the reads a preview makes (check), on the preview's own deadline. */
export function preflightApi(ctx: HookContext, subscriptionId: string): ConnectionsApi {
  return ctx.connectionsApi(subscriptionId, new Deadline(PREFLIGHT_MS, ctx.clock));
}
