import type { Deadline } from "../arm/clock";
import type { ConnectionsApi } from "../arm/connectionsApi";
import { describeParent, type ParentRef } from "../arm/ids";
import { waitUntilDeleted } from "../arm/deleteWait";
import { armFor } from "../hooks/armFor";
import { resolvedParentRefOf } from "../hooks/refs";
import { MAX_CONCURRENT_SETTLES, applyWrites } from "./applyWrites";
import type { PolicyContext } from "./context";
import { compilePolicy } from "./evaluate";
import { Gate } from "./gate";
import { inputsOf } from "./read";
import { forEachBounded, throwIfAnyFailed } from "./pool";
import { ParentNotFoundError, listConnections } from "./parent";
import type { PolicyOutputs } from "./rules";

/**
 * delete applies onDelete to the connections this policy approved: those its recorded
 * decisions say an approving rule decided, still Approved in ARM, and not excluded. "retain"
 * (the default) leaves them and calls ARM not at all; "reject" rejects each, waiting for it
 * to settle; "delete" deletes each through ARM's DELETE LRO, confirmed gone by a GET.
 *
 * What the running deployment still declares is handed over, not written (declarations.ts): a
 * replacement or renamed policy of the same parent, which has already decided every connection
 * it does not exclude, takes them all; a connection resource takes its own connection.
 */
export async function deletePolicy(ctx: PolicyContext, props: PolicyOutputs): Promise<void> {
  const inputs = inputsOf(props);
  if (inputs.onDelete === "retain") {
    return;
  }
  const parent = await resolvedParentRefOf(ctx.hook, inputs);
  const declarations = ctx.hook.declarations;
  if (declarations.declaresPolicyOf(parent)) {
    ctx.hook.report(
      `approval policy on ${describeParent(parent)}: another approval policy of this deployment ` +
        `decides its connections now (onDelete "${inputs.onDelete}" not applied, nothing sent to ARM)`,
    );
    return;
  }
  const { api, deadline } = armFor(ctx.hook, parent.subscriptionId, inputs.timeouts, "delete");
  const approvedByPolicy = approvedBy(props);
  const compiled = compilePolicy(inputs);
  const targets = (await listOrNone(api, parent)).filter(
    (c) =>
      c.status === "Approved" &&
      approvedByPolicy.has(c.name.toLowerCase()) &&
      !compiled.excluded(c.name) &&
      declarations.declarerOf({ ...parent, connectionName: c.name }, c.privateEndpointId) ===
        undefined,
  );
  if (inputs.onDelete === "reject") {
    const writes = targets.map((c) => ({
      name: c.name,
      from: "Approved",
      to: "Rejected" as const,
    }));
    await applyWrites(
      ctx,
      api,
      parent,
      inputs,
      writes,
      new Map(targets.map((c) => [c.name, c])),
      deadline,
    );
    return;
  }
  await deleteEach(
    ctx,
    api,
    parent,
    targets.map((c) => c.name),
    deadline,
  );
}

/** A parent that is gone has no connections left to reject or delete. */
async function listOrNone(api: ConnectionsApi, parent: ParentRef) {
  try {
    return await listConnections(api, parent);
  } catch (error) {
    if (error instanceof ParentNotFoundError) return [];
    throw error;
  }
}

function approvedBy(props: PolicyOutputs): Set<string> {
  const approving = new Set(props.rules.filter((r) => r.action === "Approved").map((r) => r.name));
  return new Set(
    (props.decisions ?? [])
      .filter((d) => d.status === "Approved" && d.rule !== undefined && approving.has(d.rule))
      .map((d) => d.name.toLowerCase()),
  );
}

async function deleteEach(
  ctx: PolicyContext,
  api: ConnectionsApi,
  parent: ParentRef,
  names: string[],
  deadline: Deadline,
): Promise<void> {
  // As for writes: the DELETEs are gated, their LRO waits are not (see applyWrites.ts).
  const gate = new Gate(ctx.maxConcurrentWrites);
  const waits = Math.max(ctx.maxConcurrentWrites, MAX_CONCURRENT_SETTLES);
  const outcomes = await forEachBounded(names, waits, async (name) => {
    const ref = { ...parent, connectionName: name };
    const start = await gate.run(() => api.beginDelete(ref));
    if (start.kind !== "gone") {
      await waitUntilDeleted(api, ref, start, deadline, ctx.hook.report, ctx.hook.pacing);
    }
  });
  throwIfAnyFailed(
    names,
    outcomes,
    (name) => `delete ${name}`,
    "deletes of the approval policy's connections",
    "The connections not named are deleted. Re-running 'pulumi destroy' is safe: it deletes what is left and finds the rest gone.",
  );
}
