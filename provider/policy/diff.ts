import { isDeepStrictEqual } from "node:util";
import { describeParent, sameArmName } from "../arm/ids";
import { armFor } from "../hooks/armFor";
import { resolvedParentRefOf } from "../hooks/refs";
import { parentProperties } from "../parentInputs";
import { summary } from "./apply";
import type { PolicyContext } from "./context";
import { isUnknown } from "../hooks/checkInputs";
import { planFor } from "./evaluate";
import { listConnections } from "./parent";
import type { PolicyInputs } from "./rules";

export interface PolicyDiff {
  changes: boolean;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
}

const POLICY_PROPERTIES = ["rules", "otherwise", "scope", "exclude", "onDelete", "timeouts"];

/**
 * diff: the parent's names replace the policy; the rules and settings update it. It also lists
 * the connections (reading ARM is fine in a preview; writing is not): when the policy, new or
 * as it stands, would write any connection, that is a change, and the preview says which
 * connections an update would approve or reject, by name. So a new Pending connection that a
 * rule matches makes `pulumi preview --expect-no-changes` fail, and `pulumi up` approves it.
 */
export async function diffPolicy(
  ctx: PolicyContext,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<PolicyDiff> {
  const identity = parentProperties(ctx.hook.kind);
  const replaces = identity.filter((p) => !sameArmName(asString(olds[p]), asString(news[p])));
  const updates = POLICY_PROPERTIES.filter(
    (p) => !isDeepStrictEqual(olds[p] ?? null, news[p] ?? null),
  );
  const result = (changes: boolean): PolicyDiff => ({
    changes,
    replaces,
    stables: replaces.length > 0 ? [] : identity,
    // The new parent's policy first: each parent's connections are its own (declarations.ts).
    deleteBeforeReplace: false,
  });
  if (replaces.length > 0 || containsUnknown(news)) {
    return result(true);
  }
  const writes = await plannedWrites(ctx, news as unknown as PolicyInputs);
  return result(updates.length > 0 || writes > 0);
}

async function plannedWrites(ctx: PolicyContext, inputs: PolicyInputs): Promise<number> {
  const parent = await resolvedParentRefOf(ctx.hook, inputs);
  const { api } = armFor(ctx.hook, parent.subscriptionId, inputs.timeouts, "update");
  const plan = planFor(inputs, await listConnections(api, parent), parent.profile);
  if (plan.writes.length > 0) {
    ctx.notice(
      `approval policy on ${describeParent(parent)}: the update ${summary(plan.writes, "would")}`,
    );
  }
  return plan.writes.length;
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null)
    return Object.values(value).some(containsUnknown);
  return false;
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
