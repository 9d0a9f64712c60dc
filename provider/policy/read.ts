import type { Timeouts } from "../inputs";
import { armFor } from "../hooks/armFor";
import { resolvedParentRefOf } from "../hooks/refs";
import { parentProperties } from "../parentInputs";
import { outputsOf } from "./apply";
import type { PolicyContext } from "./context";
import { ParentNotFoundError, listConnections } from "./parent";
import type { PolicyInputs, PolicyOutputs } from "./rules";

/**
 * read (refresh): lists the connections again and records the decisions as ARM has them now.
 * `outstanding` holds the writes the policy would make: a new Pending connection a rule
 * matches, or (scope "all") a connection approved by hand that no rule allows. The inputs are
 * kept as they were: drift is between the policy and ARM, which diff reports. When the HSM or
 * vault is gone, so is the policy (an empty id drops it from the state, as for a connection).
 */
export async function readPolicy(
  ctx: PolicyContext,
  id: string,
  props: Partial<PolicyOutputs> | undefined,
): Promise<{ id: string; props?: PolicyOutputs; inputs?: PolicyInputs }> {
  const names = parentProperties(ctx.hook.kind);
  const recorded = props as Record<string, unknown> | undefined;
  if (!Array.isArray(recorded?.rules) || !names.every((p) => typeof recorded?.[p] === "string")) {
    throw new Error(
      `an approval policy cannot be imported (${id}): its rules exist only in the program; declare it instead`,
    );
  }
  const inputs = inputsOf(props as PolicyOutputs);
  const parent = await resolvedParentRefOf(ctx.hook, inputs);
  const { api } = armFor(
    ctx.hook,
    parent.subscriptionId,
    inputs.timeouts as Timeouts | undefined,
    "update",
  );
  let connections;
  try {
    connections = await listConnections(api, parent);
  } catch (error) {
    if (error instanceof ParentNotFoundError) {
      // The HSM or vault is gone, and with it every connection the policy governed.
      return { id: "" };
    }
    throw error;
  }
  return { id, props: outputsOf(inputs, connections, parent.profile), inputs };
}

/** The inputs part of recorded outputs (nothing else: not `__provider`, not the outputs). */
export function inputsOf(outputs: PolicyOutputs): PolicyInputs {
  const o = outputs;
  return {
    ...(o.subscriptionId !== undefined ? { subscriptionId: o.subscriptionId } : {}),
    ...(o.resourceGroupName !== undefined ? { resourceGroupName: o.resourceGroupName } : {}),
    ...(o.parentResourceId !== undefined ? { parentResourceId: o.parentResourceId } : {}),
    ...(o.hsmName !== undefined ? { hsmName: o.hsmName } : {}),
    ...(o.vaultName !== undefined ? { vaultName: o.vaultName } : {}),
    rules: o.rules,
    otherwise: o.otherwise,
    scope: o.scope,
    exclude: o.exclude ?? [],
    onDelete: o.onDelete,
    ...(o.timeouts !== undefined ? { timeouts: o.timeouts } : {}),
  };
}
