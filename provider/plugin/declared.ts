/**
 * What the plugin records is what the program declared. The hooks' check fills in defaults
 * (status "Approved", onDelete "delete") and create records the inputs among the outputs; the
 * dynamic provider keeps that, but through the plugin a default would show in the state, in
 * every preview and, once a refresh rebuilt the inputs without it, as a diff the program never
 * asked for (`+waitForConnectionSeconds`). So the plugin hands the engine the properties the
 * program sent, applies the defaults only on the way into the hooks, and rebuilds a refresh's
 * inputs from the inputs the state recorded.
 */

import { DEFAULT_CONNECTION_ON_DELETE } from "../inputs";

/** The defaults the hooks' check applies to a connection's inputs the program left out. */
export const CONNECTION_DEFAULTS: Readonly<Record<string, unknown>> = {
  status: "Approved",
  onDelete: DEFAULT_CONNECTION_ON_DELETE,
};

/**
 * Inputs a connection's outputs repeat only because the program gave them: ARM reports none of
 * them (status and description are ARM's, so they are always outputs).
 */
export const CONNECTION_INPUT_ONLY_OUTPUTS = ["waitForConnectionSeconds", "timeouts", "onDelete"];

/**
 * check's inputs less the defaults it filled in for properties the program did not send. Only
 * the defaults are dropped: whatever else check records (the subscription it resolved, which
 * names the connection) stays.
 */
export function declaredOnly(
  checked: Record<string, unknown>,
  sent: Record<string, unknown>,
  defaults: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(checked).filter(
      ([key]) => Object.hasOwn(sent, key) || !Object.hasOwn(defaults, key),
    ),
  );
}

/** What the hooks take: the declared inputs over the defaults. */
export function withDefaults<T extends Record<string, unknown>>(
  declared: T,
  defaults: Readonly<Record<string, unknown>>,
): T {
  const filled: Record<string, unknown> = { ...declared };
  for (const [key, value] of Object.entries(defaults)) {
    if (filled[key] === undefined) filled[key] = value;
  }
  return filled as T;
}

/** `outs` with each input-only property as `declared` has it, or not at all. */
export function outputsAsDeclared<T extends object>(
  outs: T,
  declared: Record<string, unknown>,
  inputOnly: readonly string[],
): T {
  const kept = { ...outs } as Record<string, unknown>;
  for (const key of inputOnly) {
    if (declared[key] === undefined) delete kept[key];
    else kept[key] = declared[key];
  }
  return kept as T;
}

/** The properties that select the connection: from ARM's read, never the state's. */
const IDENTITY = ["subscriptionId", "resourceGroupName", "hsmName", "vaultName"];

/**
 * A refresh's inputs of a connection: what the state recorded as declared, with ARM's status
 * and description in place of the declared ones (so drift shows, and the next up restores
 * them) and the names read resolved. A status the program left out is recorded only when ARM's
 * differs from the default; an import (no recorded inputs) keeps what read found, less the
 * defaults ARM knows nothing of.
 */
export function refreshedConnectionInputs(
  fromArm: Record<string, unknown>,
  recorded: Record<string, unknown> | undefined,
  outputs: Record<string, unknown>,
): Record<string, unknown> {
  if (recorded === undefined) {
    const { onDelete, ...found } = fromArm;
    return outputs.onDelete === undefined ? found : { ...found, onDelete };
  }
  const { status: _status, description: _description, ...declared } = recorded;
  const inputs: Record<string, unknown> = { ...declared };
  for (const key of IDENTITY) {
    if (fromArm[key] !== undefined) inputs[key] = fromArm[key];
  }
  if (declared.privateEndpointConnectionName !== undefined) {
    inputs.privateEndpointConnectionName = fromArm.privateEndpointConnectionName;
  }
  if (recorded.status !== undefined || fromArm.status !== CONNECTION_DEFAULTS.status) {
    inputs.status = fromArm.status;
  }
  if (fromArm.description !== undefined) inputs.description = fromArm.description;
  return inputs;
}
