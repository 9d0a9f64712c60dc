import { Deadline } from "../arm/clock";
import type { ConnectionsApi } from "../arm/connectionsApi";
import { timeoutMs, type Timeouts } from "../inputs";
import type { HookContext } from "./context";

/** An ARM client and a deadline for one hook call. */
export function armFor(
  ctx: HookContext,
  subscriptionId: string,
  timeouts: Timeouts | undefined,
  operation: keyof Timeouts,
): { api: ConnectionsApi; deadline: Deadline } {
  const deadline = new Deadline(timeoutMs(timeouts, operation), ctx.clock);
  return { api: ctx.connectionsApi(subscriptionId, deadline), deadline };
}
