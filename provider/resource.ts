import * as pulumi from "@pulumi/pulumi";
import type { DeclarableStatus, Timeouts } from "./inputs";
import { providerShim, type ProviderExport } from "./shim";

/** Deadlines in seconds for ARM operations (defaults 1800 each). */
export type TimeoutsArgs = Timeouts;

interface CommonArgs {
  /** Default: stack config azure-native:subscriptionId, else ARM_SUBSCRIPTION_ID, else AZURE_SUBSCRIPTION_ID. */
  subscriptionId?: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  /**
   * The name ARM gave the connection (usually "<private endpoint name>.<guid>"). Set exactly
   * one of this and privateEndpointId.
   */
  privateEndpointConnectionName?: pulumi.Input<string>;
  /**
   * The consumer's private endpoint (its ARM id): selects the connection it created, whatever
   * its generated name. Set exactly one of this and privateEndpointConnectionName.
   */
  privateEndpointId?: pulumi.Input<string>;
  /** How long to wait for the connection to appear, e.g. while the endpoint is being created. Default 0. */
  waitForConnectionSeconds?: pulumi.Input<number>;
  /** Default: "Approved". */
  status?: pulumi.Input<DeclarableStatus>;
  description?: pulumi.Input<string>;
  timeouts?: pulumi.Input<TimeoutsArgs>;
}

export interface MhsmPrivateEndpointConnectionArgs extends CommonArgs {
  /** The Managed HSM pool the connection belongs to. */
  hsmName: pulumi.Input<string>;
}

export interface KeyVaultPrivateEndpointConnectionArgs extends CommonArgs {
  /** The key vault the connection belongs to. */
  vaultName: pulumi.Input<string>;
}

/** Outputs are declared in props as undefined so the engine reports them. */
const OUTPUTS = {
  privateEndpointConnectionName: undefined,
  status: undefined,
  description: undefined,
  connectionId: undefined,
  provisioningState: undefined,
  actionsRequired: undefined,
  privateEndpointId: undefined,
  etag: undefined,
};

/**
 * One shim per provider class: Pulumi caches a provider's serialization by object identity,
 * so sharing it serializes once per program instead of once per resource (200 resources
 * register seconds sooner). The text is the same either way.
 */
const shims = new Map<ProviderExport, pulumi.dynamic.ResourceProvider>();

function shimOf(provider: ProviderExport): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(provider);
  if (shim === undefined) {
    shim = providerShim(provider);
    shims.set(provider, shim);
  }
  return shim;
}

abstract class PrivateEndpointConnectionResource extends pulumi.dynamic.Resource {
  declare readonly subscriptionId: pulumi.Output<string>;
  declare readonly resourceGroupName: pulumi.Output<string>;
  /** The connection's name, as given or as resolved from privateEndpointId. */
  declare readonly privateEndpointConnectionName: pulumi.Output<string>;
  /** ARM's status at the last read: the declared one unless it drifted. */
  declare readonly status: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly timeouts: pulumi.Output<TimeoutsArgs | undefined>;
  /** The connection's full ARM id; also the resource's id. */
  declare readonly connectionId: pulumi.Output<string>;
  declare readonly provisioningState: pulumi.Output<string>;
  declare readonly actionsRequired: pulumi.Output<string>;
  /** The consumer's private endpoint, as ARM reports it. */
  declare readonly privateEndpointId: pulumi.Output<string>;
  declare readonly etag: pulumi.Output<string>;

  protected constructor(
    type: string,
    provider: ProviderExport,
    name: string,
    args: CommonArgs | undefined,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    super(shimOf(provider), name, { ...OUTPUTS, ...args }, opts, "keyvault", type);
  }
}

/**
 * Declares the approval state of an existing private endpoint connection of a Managed HSM
 * (Microsoft.KeyVault/managedHSMs/privateEndpointConnections).
 */
export class MhsmPrivateEndpointConnection extends PrivateEndpointConnectionResource {
  declare readonly hsmName: pulumi.Output<string>;

  constructor(
    name: string,
    args: MhsmPrivateEndpointConnectionArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      "MhsmPrivateEndpointConnection",
      "MhsmPrivateEndpointConnectionProvider",
      name,
      args,
      opts,
    );
  }

  /** Reads an existing connection into the stack by its ARM id. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions) {
    return new MhsmPrivateEndpointConnection(name, {} as MhsmPrivateEndpointConnectionArgs, {
      ...opts,
      id,
    });
  }
}

/**
 * Declares the approval state of an existing private endpoint connection of a key vault
 * (Microsoft.KeyVault/vaults/privateEndpointConnections).
 */
export class KeyVaultPrivateEndpointConnection extends PrivateEndpointConnectionResource {
  declare readonly vaultName: pulumi.Output<string>;

  constructor(
    name: string,
    args: KeyVaultPrivateEndpointConnectionArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      "KeyVaultPrivateEndpointConnection",
      "KeyVaultPrivateEndpointConnectionProvider",
      name,
      args,
      opts,
    );
  }

  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions) {
    return new KeyVaultPrivateEndpointConnection(
      name,
      {} as KeyVaultPrivateEndpointConnectionArgs,
      { ...opts, id },
    );
  }
}
