import * as pulumi from "@pulumi/pulumi";
import type { TimeoutsArgs } from "../resource";
import { claimParent } from "../ownership";
import { KEY_VAULT_OWNER as KEY_VAULT, MANAGED_HSM_OWNER as MANAGED_HSM } from "../ownershipKinds";
import { providerShim, type ProviderExport } from "../shim";
import type {
  Decision,
  DecisionCounts,
  OnDelete,
  Otherwise,
  PlannedWrite,
  Rule,
  Scope,
} from "./rules";

/**
 * A rule as a program writes it: `{ name, action, match, description? }`. The first rule in
 * `rules` whose `match` holds decides a connection; see {@link Rule} and {@link RuleMatch}.
 */
export type RuleArgs = Rule;

interface CommonPolicyArgs {
  /**
   * The subscription of the HSM or vault whose connections the policy governs. Default: stack
   * config `azure-native:subscriptionId`, else `ARM_SUBSCRIPTION_ID`, else
   * `AZURE_SUBSCRIPTION_ID`. Changing it replaces the policy: the old one is deleted first,
   * which applies its `onDelete`.
   */
  subscriptionId?: pulumi.Input<string>;
  /**
   * The resource group of the HSM or vault. Changing it (other than in letter case, which ARM
   * ignores) replaces the policy: the old one is deleted first, which applies its `onDelete`.
   */
  resourceGroupName: pulumi.Input<string>;
  /**
   * The ordered rules (at most 100, names unique): for each connection, the first rule whose
   * `match` holds decides, and its `action` is written by a PUT of the connection when ARM's
   * status differs. `check` refuses, before any ARM call and all at once, an empty match, an
   * invalid glob or regular expression, a subscription id that is not a GUID, an endpoint id
   * that is not one, an unknown action or field, and duplicate names. Changing the rules
   * updates in place: `up` decides every connection again, and under `scope: "pending"` only
   * Pending ones are written, so approvals already made stay.
   */
  rules: pulumi.Input<pulumi.Input<RuleArgs>[]>;
  /**
   * What happens to a Pending connection no rule matches: "leave" (default) or "Rejected"; see
   * {@link Otherwise}. Changing it updates in place.
   */
  otherwise?: pulumi.Input<Otherwise>;
  /**
   * Which connections the policy decides: "pending" (default) only Pending ones; "all" also
   * rejects an Approved connection that no rule approves; see {@link Scope}. Changing it
   * updates in place.
   */
  scope?: pulumi.Input<Scope>;
  /**
   * Names of connections other resources manage (an `MhsmPrivateEndpointConnection` in this
   * stack or another), compared case-insensitively: the policy never writes them, and counts
   * them in `counts.excluded`. Default: none. Changing it updates in place.
   */
  exclude?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * What destroying the policy (or replacing it) does to the connections it approved: "retain"
   * (default; no ARM call), "reject" or "delete"; see {@link OnDelete}. Destroy applies the
   * value the last `up` recorded. Changing it updates in place.
   */
  onDelete?: pulumi.Input<OnDelete>;
  /**
   * Deadlines in seconds (default 1800 each): `create` and `update` bound the whole
   * application (listing, every PUT and its throttling waits, every settle wait), `delete`
   * bounds what `onDelete` does. A deadline cancels nothing in ARM; re-running is safe.
   * Changing them updates in place. See {@link TimeoutsArgs}.
   */
  timeouts?: pulumi.Input<TimeoutsArgs>;
}

/** What every policy takes but the names of its parent. */
type PolicyArgs = Omit<CommonPolicyArgs, "subscriptionId" | "resourceGroupName">;

/** The inputs of {@link PrivateEndpointConnectionPolicy}. */
export interface PrivateEndpointConnectionPolicyArgs extends PolicyArgs {
  /**
   * The ARM id of the private-link resource whose connections the policy governs, of any
   * service (`/subscriptions/{id}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}`);
   * one policy per parent. Changing it replaces the policy.
   */
  parentResourceId: pulumi.Input<string>;
}

/** The inputs of {@link MhsmPrivateEndpointConnectionPolicy}. */
export interface MhsmPrivateEndpointConnectionPolicyArgs extends CommonPolicyArgs {
  /**
   * The Managed HSM pool whose connections the policy governs (`managedHSMs/{hsmName}`); one
   * policy per pool. Changing it replaces the policy (the old one is deleted first, which
   * applies its `onDelete`).
   */
  hsmName: pulumi.Input<string>;
}

/** The inputs of {@link KeyVaultPrivateEndpointConnectionPolicy}. */
export interface KeyVaultPrivateEndpointConnectionPolicyArgs extends CommonPolicyArgs {
  /**
   * The key vault whose connections the policy governs (`vaults/{vaultName}`); one policy per
   * vault. Changing it replaces the policy (the old one is deleted first, which applies its
   * `onDelete`).
   */
  vaultName: pulumi.Input<string>;
}

/** Every declared output is in props: the SDK makes an Output only for the keys props has. */
const OUTPUTS = {
  subscriptionId: undefined,
  otherwise: undefined,
  scope: undefined,
  exclude: undefined,
  onDelete: undefined,
  decisions: undefined,
  counts: undefined,
  outstanding: undefined,
};

const shims = new Map<ProviderExport, pulumi.dynamic.ResourceProvider>();

function shimOf(provider: ProviderExport): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(provider);
  if (shim === undefined) {
    shim = providerShim(provider);
    shims.set(provider, shim);
  }
  return shim;
}

abstract class PolicyResource extends pulumi.dynamic.Resource {
  /** The subscription of the parent, as given or defaulted from stack config or the environment. */
  declare readonly subscriptionId: pulumi.Output<string>;
  /** The resource group of the parent. */
  declare readonly resourceGroupName: pulumi.Output<string>;
  /** The rules in effect, as `check` accepted them. */
  declare readonly rules: pulumi.Output<RuleArgs[]>;
  /** The `otherwise` in effect ("leave" unless given). */
  declare readonly otherwise: pulumi.Output<Otherwise>;
  /** The `scope` in effect ("pending" unless given). */
  declare readonly scope: pulumi.Output<Scope>;
  /** The excluded connection names ([] unless given). */
  declare readonly exclude: pulumi.Output<string[]>;
  /** The `onDelete` destroy will apply ("retain" unless given). */
  declare readonly onDelete: pulumi.Output<OnDelete>;
  /**
   * One per connection of the HSM or vault, in ARM's order: its status after the policy
   * applied (after a refresh: ARM's status now), and the rule that decided it, if any.
   */
  declare readonly decisions: pulumi.Output<Decision[]>;
  /** The decisions counted by status, and how many connections are excluded. */
  declare readonly counts: pulumi.Output<DecisionCounts>;
  /** Writes the policy would make now: empty after `up`; after a refresh, non-empty means drift. */
  declare readonly outstanding: pulumi.Output<PlannedWrite[]>;

  protected constructor(
    type: string,
    provider: ProviderExport,
    name: string,
    args: PolicyArgs,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    super(shimOf(provider), name, { ...OUTPUTS, ...args }, opts, "keyvault", type);
    const named = args as CommonPolicyArgs & {
      hsmName?: pulumi.Input<string>;
      vaultName?: pulumi.Input<string>;
      subscriptionId?: pulumi.Input<string>;
      resourceGroupName?: pulumi.Input<string>;
      parentResourceId?: pulumi.Input<string>;
    };
    if (type === "PrivateEndpointConnectionPolicy") {
      claimParent(this, name, { byId: true }, [named.parentResourceId], args.exclude);
      return;
    }
    const kind = named.hsmName !== undefined ? MANAGED_HSM : KEY_VAULT;
    const parent = named.hsmName ?? named.vaultName;
    claimParent(
      this,
      name,
      kind,
      [named.subscriptionId, named.resourceGroupName, parent],
      args.exclude,
    );
  }
}

/**
 * Approves or rejects every private endpoint connection of a Managed HSM by rule
 * (Microsoft.KeyVault/managedHSMs/privateEndpointConnections), instead of one resource per
 * connection.
 *
 * Create and update list every page of the pool's connections, decide each one by the
 * {@link Rule | rules} (first match wins), and PUT only those whose status differs from the
 * decision: at most 8 writes in flight, each retried under ARM's write throttling (429 and
 * Retry-After) and waited for until its provisioningState settles. A failed write fails the
 * operation naming each failed connection; the others are written, and re-running is safe.
 * Preview lists the connections too (reading, never writing): when the policy would write any,
 * that is a change, and the diagnostics name them. Refresh records the decisions as ARM has
 * them now and the writes still to make in `outstanding`. Delete applies `onDelete`. Azure's
 * state rules bound every write: Pending becomes Approved or Rejected, Approved may become
 * Rejected; a Rejected or Disconnected connection is never written. A policy cannot be
 * imported (its rules exist only in the program); its id is the pool's ARM id followed by
 * `/privateEndpointConnectionPolicy`, one policy per pool.
 */
export class MhsmPrivateEndpointConnectionPolicy extends PolicyResource {
  /** The Managed HSM pool whose connections the policy governs. */
  declare readonly hsmName: pulumi.Output<string>;

  constructor(
    name: string,
    args: MhsmPrivateEndpointConnectionPolicyArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      "MhsmPrivateEndpointConnectionPolicy",
      "MhsmPrivateEndpointConnectionPolicyProvider",
      name,
      args,
      opts,
    );
  }
}

/**
 * Approves or rejects every private endpoint connection of a key vault by rule
 * (Microsoft.KeyVault/vaults/privateEndpointConnections), exactly as
 * {@link MhsmPrivateEndpointConnectionPolicy} does for a Managed HSM.
 */
export class KeyVaultPrivateEndpointConnectionPolicy extends PolicyResource {
  /** The key vault whose connections the policy governs. */
  declare readonly vaultName: pulumi.Output<string>;

  constructor(
    name: string,
    args: KeyVaultPrivateEndpointConnectionPolicyArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      "KeyVaultPrivateEndpointConnectionPolicy",
      "KeyVaultPrivateEndpointConnectionPolicyProvider",
      name,
      args,
      opts,
    );
  }
}

/** Its args, with the parent's id declared as an output too (undefined until known). */
function withParentOutput(args: PrivateEndpointConnectionPolicyArgs): PolicyArgs {
  return Object.assign({ parentResourceId: undefined }, args);
}

/**
 * Approves or rejects every private endpoint connection of any private-link resource by rule,
 * the parent given by its ARM id (`parentResourceId`), exactly as
 * {@link MhsmPrivateEndpointConnectionPolicy} does for a Managed HSM, within the status changes
 * the parent's service allows (the SQL family changes a status only from Pending).
 */
export class PrivateEndpointConnectionPolicy extends PolicyResource {
  /** The parent's ARM id, as given. */
  declare readonly parentResourceId: pulumi.Output<string>;

  constructor(
    name: string,
    args: PrivateEndpointConnectionPolicyArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      "PrivateEndpointConnectionPolicy",
      "AnyPrivateEndpointConnectionPolicyProvider",
      name,
      withParentOutput(args),
      opts,
    );
  }
}
