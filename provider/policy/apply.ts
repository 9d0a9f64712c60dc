import type { ServiceProfile } from "../arm/serviceProfiles";
import type { ConnectionState } from "../arm/connectionState";
import { armFor } from "../hooks/armFor";
import { resolvedParentRefOf } from "../hooks/refs";
import { applyWrites } from "./applyWrites";
import type { PolicyContext } from "./context";
import { planFor } from "./evaluate";
import { listConnections, policyIdOf } from "./parent";
import type { PolicyInputs, PolicyOutputs } from "./rules";

/**
 * create and update: list every page, decide, write only the connections whose status differs
 * from the policy's decision, wait for each write to settle, and record the decisions as ARM
 * has them afterwards.
 */
export async function applyPolicy(
  ctx: PolicyContext,
  inputs: PolicyInputs,
  operation: "create" | "update",
): Promise<{ id: string; outs: PolicyOutputs }> {
  const parent = await resolvedParentRefOf(ctx.hook, inputs);
  const { api, deadline } = armFor(ctx.hook, parent.subscriptionId, inputs.timeouts, operation);
  const connections = await listConnections(api, parent);
  const plan = planFor(inputs, connections, parent.profile);
  if (plan.writes.length > 0) {
    ctx.hook.report(
      `approval policy: ${summary(plan.writes)} on ${parent.profile.displayName} '${parent.parentName}'`,
    );
  }
  const byName = new Map(connections.map((c) => [c.name, c]));
  const written = await applyWrites(ctx, api, parent, inputs, plan.writes, byName, deadline);
  const after = connections.flatMap((c): ConnectionState[] => {
    if (!written.has(c.name)) return [c];
    const state = written.get(c.name);
    return state ? [state] : []; // undefined: deleted by its consumer meanwhile.
  });
  return { id: policyIdOf(parent), outs: outputsOf(inputs, after, parent.profile) };
}

export function outputsOf(
  inputs: PolicyInputs,
  connections: ConnectionState[],
  profile?: ServiceProfile,
): PolicyOutputs {
  const plan = planFor(inputs, connections, profile);
  return { ...inputs, decisions: plan.decisions, counts: plan.counts, outstanding: plan.writes };
}

/** "approving 2 (a, b) and rejecting 1 (c)", for progress and preview messages. */
export function summary(
  writes: { name: string; to: string }[],
  tense: "ing" | "would" = "ing",
): string {
  const group = (to: string) => writes.filter((w) => w.to === to).map((w) => w.name);
  const verbs = tense === "ing" ? ["approving", "rejecting"] : ["would approve", "would reject"];
  return [[verbs[0], group("Approved")] as const, [verbs[1], group("Rejected")] as const]
    .filter(([, names]) => names.length > 0)
    .map(([verb, names]) => `${verb} ${names.length} (${names.join(", ")})`)
    .join(" and ");
}
