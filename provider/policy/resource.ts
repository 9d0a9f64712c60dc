import * as pulumi from "@pulumi/pulumi";
import type { TimeoutsArgs } from "../resource";
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

/** A rule as a program writes it; see README "Approval policy" for the language. */
export type RuleArgs = Rule;

interface CommonPolicyArgs {
  /** Default: AZURE_SUBSCRIPTION_ID, else ARM_SUBSCRIPTION_ID. */
  subscriptionId?: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  /** Ordered; the first rule whose match holds decides. */
  rules: pulumi.Input<pulumi.Input<RuleArgs>[]>;
  /** What happens to a Pending connection no rule matches: "leave" (default) or "Rejected". */
  otherwise?: pulumi.Input<Otherwise>;
  /** "pending" (default): decide Pending connections only; "all": also reject Approved ones no rule allows. */
  scope?: pulumi.Input<Scope>;
  /** Connection names other resources manage; the policy never writes them. */
  exclude?: pulumi.Input<pulumi.Input<string>[]>;
  /** What destroy does to the connections this policy approved: "retain" (default), "reject" or "delete". */
  onDelete?: pulumi.Input<OnDelete>;
  timeouts?: pulumi.Input<TimeoutsArgs>;
}

export interface MhsmPrivateEndpointConnectionPolicyArgs extends CommonPolicyArgs {
  hsmName: pulumi.Input<string>;
}

export interface KeyVaultPrivateEndpointConnectionPolicyArgs extends CommonPolicyArgs {
  vaultName: pulumi.Input<string>;
}

const OUTPUTS = { decisions: undefined, counts: undefined, outstanding: undefined };

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
  declare readonly subscriptionId: pulumi.Output<string>;
  declare readonly resourceGroupName: pulumi.Output<string>;
  declare readonly rules: pulumi.Output<RuleArgs[]>;
  declare readonly otherwise: pulumi.Output<Otherwise>;
  declare readonly scope: pulumi.Output<Scope>;
  declare readonly exclude: pulumi.Output<string[]>;
  declare readonly onDelete: pulumi.Output<OnDelete>;
  /** One per connection, in ARM's order: its status after the policy applied, and the rule that decided it. */
  declare readonly decisions: pulumi.Output<Decision[]>;
  declare readonly counts: pulumi.Output<DecisionCounts>;
  /** Writes the policy would make now: empty after `up`; after a refresh, non-empty means drift. */
  declare readonly outstanding: pulumi.Output<PlannedWrite[]>;

  protected constructor(
    type: string,
    provider: ProviderExport,
    name: string,
    args: CommonPolicyArgs,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    super(shimOf(provider), name, { ...OUTPUTS, ...args }, opts, "keyvault", type);
  }
}

/** Approves or rejects every private endpoint connection of a Managed HSM by rule. */
export class MhsmPrivateEndpointConnectionPolicy extends PolicyResource {
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

/** Approves or rejects every private endpoint connection of a key vault by rule. */
export class KeyVaultPrivateEndpointConnectionPolicy extends PolicyResource {
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
