import type { Deadline } from "../arm/clock";
import type { ConnectionsApi } from "../arm/connectionsApi";
import type { ConnectionState } from "../arm/connectionState";
import { ArmOperationError } from "../arm/errors";
import { describeParent, sameArmName, type ConnectionRef, type ParentRef } from "../arm/ids";
import { pollDelayMs } from "../arm/lro";
import type { ConnectionInputs } from "../inputs";
import { connectionRefOf, parentRefOf } from "./refs";
import type { HookContext } from "./context";

type Lookup =
  | { kind: "found"; ref: ConnectionRef; state: ConnectionState }
  | { kind: "absent"; existing?: ConnectionState[] }
  | { kind: "ambiguous"; matches: ConnectionState[] };

/**
 * The connection a resource already manages (the last segment of its id), for update: never
 * another one its inputs would select now. When the consumer recreated its endpoint, the
 * endpoint's new connection is a new resource to adopt, not this one's to write.
 */
export async function locateManagedConnection(
  ctx: HookContext,
  api: ConnectionsApi,
  inputs: ConnectionInputs,
  managedName: string,
): Promise<{ ref: ConnectionRef; state: ConnectionState }> {
  const ref = connectionRefOf(ctx, inputs, managedName);
  const lookup = await byName(api, ref);
  if (lookup.kind === "found") {
    return lookup;
  }
  const parent = parentRefOf(ctx, inputs);
  const now = inputs.privateEndpointConnectionName
    ? undefined
    : await byPrivateEndpoint(api, parent, inputs.privateEndpointId ?? "");
  const successor =
    now?.kind === "found"
      ? ` Private endpoint '${inputs.privateEndpointId}' now has another connection, ` +
        `${listed([now.state], false)}: the consumer recreated it.`
      : "";
  throw new Error(
    `The connection this resource manages, '${managedName}', is gone from ${describeParent(parent)}.` +
      `${successor} Nothing was written. Run \`pulumi refresh\` (it drops this resource from the ` +
      `state) and then \`pulumi up\` (it adopts the connection the inputs select now).`,
  );
}

/**
 * Finds the declared connection: by name (GET), or by its private endpoint's id (every page of
 * the list, matched case-insensitively). When it is not there yet and waitForConnectionSeconds
 * allows, waits for the consumer's endpoint to create it, with backoff and progress reports.
 */
export async function locateConnection(
  ctx: HookContext,
  api: ConnectionsApi,
  inputs: ConnectionInputs,
  deadline: Deadline,
): Promise<{ ref: ConnectionRef; state: ConnectionState }> {
  const parent = parentRefOf(ctx, inputs);
  const waitMs = Math.min((inputs.waitForConnectionSeconds ?? 0) * 1000, deadline.budgetMs);
  for (let attempt = 0; ; attempt++) {
    const lookup = inputs.privateEndpointConnectionName
      ? await byName(api, connectionRefOf(ctx, inputs, inputs.privateEndpointConnectionName))
      : await byPrivateEndpoint(api, parent, inputs.privateEndpointId ?? "");
    if (lookup.kind === "found") {
      return lookup;
    }
    if (lookup.kind === "ambiguous") {
      throw new Error(
        `${describeParent(parent)} has ${lookup.matches.length} connections from private endpoint ` +
          `'${inputs.privateEndpointId}': ${listed(lookup.matches)}. Name the one to manage with privateEndpointConnectionName.`,
      );
    }
    const waitedMs = deadline.elapsedMs();
    if (waitedMs >= waitMs) {
      throw await notFound(api, parent, inputs, lookup.existing, waitMs);
    }
    const delay = Math.min(pollDelayMs(undefined, attempt), waitMs - waitedMs);
    ctx.report(
      `waiting for ${selectorText(inputs)} to appear on ${parent.profile.displayName} '${parent.parentName}': ` +
        `${Math.round(waitedMs / 1000)}s of ${Math.round(waitMs / 1000)}s, next check in ${(delay / 1000).toFixed(1)}s`,
    );
    await deadline.sleep(delay);
  }
}

async function byName(api: ConnectionsApi, ref: ConnectionRef): Promise<Lookup> {
  const state = await api.get(ref);
  return state ? { kind: "found", ref, state } : { kind: "absent" };
}

async function byPrivateEndpoint(
  api: ConnectionsApi,
  parent: ParentRef,
  privateEndpointId: string,
): Promise<Lookup> {
  const existing = await listOrExplain(api, parent);
  const matches = existing.filter((c) => sameArmName(c.privateEndpointId, privateEndpointId));
  // A Disconnected leftover of an endpoint recreated under the same id is not a candidate.
  const live = matches.filter((c) => c.status !== "Disconnected");
  const candidates = live.length > 0 ? live : matches;
  if (candidates.length === 1) {
    return {
      kind: "found",
      ref: { ...parent, connectionName: candidates[0].name },
      state: candidates[0],
    };
  }
  return matches.length === 0 ? { kind: "absent", existing } : { kind: "ambiguous", matches };
}

async function notFound(
  api: ConnectionsApi,
  parent: ParentRef,
  inputs: ConnectionInputs,
  existing: ConnectionState[] | undefined,
  waitedMs: number,
): Promise<Error> {
  const all = existing ?? (await listOrExplain(api, parent));
  const listing =
    all.length === 0
      ? `${parent.profile.displayName} '${parent.parentName}' has no private endpoint connections.`
      : `Connections that exist: ${listed(all, !inputs.privateEndpointConnectionName)}.`;
  return new Error(
    `${selectorText(inputs)} was not found on ${describeParent(parent)}` +
      (waitedMs > 0 ? ` after waiting ${Math.round(waitedMs / 1000)}s` : "") +
      `. Connections are created by the consumer's private endpoint; this resource approves or ` +
      `rejects one that exists (set waitForConnectionSeconds to wait for it). ${listing}`,
  );
}

/** The list, or an error that says the HSM or vault itself does not exist. */
async function listOrExplain(api: ConnectionsApi, parent: ParentRef): Promise<ConnectionState[]> {
  try {
    return await api.list(parent);
  } catch (error) {
    if (error instanceof ArmOperationError && error.details.statusCode === 404) {
      throw new Error(
        `${describeParent(parent)} was not found: ${error.details.code ?? "NotFound"}: ${error.details.armMessage ?? ""}`.trim(),
      );
    }
    throw error;
  }
}

function selectorText(inputs: ConnectionInputs): string {
  return inputs.privateEndpointConnectionName
    ? `Private endpoint connection '${inputs.privateEndpointConnectionName}'`
    : `A connection from private endpoint '${inputs.privateEndpointId}'`;
}

/** Names with status; with each one's private endpoint when that is how the program selects. */
function listed(connections: ConnectionState[], withEndpoints = true): string {
  return connections
    .map((c) => {
      const from = withEndpoints && c.privateEndpointId ? `, from ${c.privateEndpointId}` : "";
      return `${c.name} (${c.status ?? "unknown status"}${from})`;
    })
    .join(", ");
}
