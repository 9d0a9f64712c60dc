import { sameConnection, type ConnectionRef } from "../arm/ids";
import {
  DECLARABLE_STATUSES,
  DEFAULT_CONNECTION_ON_DELETE,
  type ConnectionInputs,
  type ConnectionOutputs,
  type Timeouts,
} from "../inputs";
import { parentInputsOf, parentOfInputs } from "../parentInputs";
import { armFor } from "./armFor";
import { carriedDecision } from "./decisionRecord";
import { outputsOf } from "./outputs";
import { connectionRefOfId } from "./refs";
import type { HookContext } from "./context";

export interface ReadResult {
  id: string;
  props?: ConnectionOutputs;
  inputs?: ConnectionInputs;
}

/**
 * read (refresh, import): GET by id. A connection that is gone returns an empty id, so refresh
 * drops it from the state. Otherwise outputs and inputs both carry ARM's status and
 * description, so refresh shows drift and the next `up` puts the declared state back. The
 * decision record is kept while ARM's status is the recorded one (decisionRecord.ts). An import
 * (no recorded status) gets inputs a program can declare (importStatus).
 */
export async function read(
  ctx: HookContext,
  id: string,
  props: Partial<ConnectionOutputs> | undefined,
): Promise<ReadResult> {
  const ref = await connectionRefOfId(ctx, id);
  const timeouts = props?.timeouts as Timeouts | undefined;
  const { api } = armFor(ctx, ref.subscriptionId, timeouts, "update");
  const state = await api.get(ref);
  if (state === undefined) {
    return { id: "" };
  }
  const inputs = {
    ...identityOf(ctx, ref, props),
    status:
      props?.status === undefined
        ? importStatus(ctx, id, state.status)
        : (state.status as ConnectionInputs["status"]),
    // An empty description is left out, as a program that sets none has it: refresh then
    // shows no difference where there is none.
    ...(state.description ? { description: state.description } : {}),
    ...(timeouts ? { timeouts } : {}),
    // Nor of the wait: a refresh keeps it as the program declared it, or the next preview
    // shows it as a change (+waitForConnectionSeconds) the program never made.
    ...(props?.waitForConnectionSeconds !== undefined
      ? { waitForConnectionSeconds: props.waitForConnectionSeconds }
      : {}),
    // ARM knows nothing of it: a refresh keeps what the last up recorded, for the destroy.
    onDelete: props?.onDelete ?? DEFAULT_CONNECTION_ON_DELETE,
  };
  const outs = outputsOf(inputs, state, id);
  const decision = carriedDecision(props?.decision, outs.status, ctx.clock.now());
  return { id, props: decision ? { ...outs, decision } : outs, inputs };
}

/**
 * The status an import records as the input: ARM's when a program can declare it. Pending and
 * Disconnected cannot be declared, and inputs that fail check read to the engine as a bug of
 * the provider; so the default, Approved, is recorded (the outputs keep ARM's status, so the
 * next preview shows the change), and the user is told what that means before any `up`.
 */
function importStatus(
  ctx: HookContext,
  id: string,
  status: string | undefined,
): ConnectionInputs["status"] {
  const declarable = DECLARABLE_STATUSES.find((s) => s === status);
  if (declarable) return declarable;
  const outcome =
    status === "Disconnected"
      ? "but its consumer deleted the private endpoint, so the next `pulumi up` refuses it " +
        "and says what to do; leave it out of the program instead"
      : 'so the next `pulumi up` with them approves it. Declare status "Rejected" to reject ' +
        "it instead, or leave it out of the program";
  ctx.warn(
    `Connection ${id} is ${status} in ARM, a status a program cannot declare; its imported ` +
      `inputs say status "Approved" (the default), ${outcome}.`,
  );
  return "Approved";
}

/** The names as the program wrote them when they still denote this id; else the id's. */
function identityOf(
  ctx: HookContext,
  ref: ConnectionRef,
  props: Partial<ConnectionOutputs> | undefined,
): Partial<ConnectionInputs> {
  const parent = props ? parentOfInputs(ctx.kind, props) : undefined;
  const connectionName = props?.privateEndpointConnectionName;
  const fromProps =
    parent && connectionName ? { ...parent, connectionName, profile: ref.profile } : undefined;
  const names = fromProps && sameConnection(fromProps, ref) ? fromProps : ref;
  return {
    ...parentInputsOf(ctx.kind, names),
    privateEndpointConnectionName: names.connectionName,
  };
}
