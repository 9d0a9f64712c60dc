import * as pulumi from "@pulumi/pulumi";
import type { DeclarableStatus, DecisionRecord, OnDelete, Timeouts } from "./inputs";
import { preloadExperimentalBuiltins } from "./experimentalBuiltins";
import { claimConnection } from "./ownership";
import { KEY_VAULT_OWNER as KEY_VAULT, MANAGED_HSM_OWNER as MANAGED_HSM } from "./ownershipKinds";
import { providerShim, type ProviderExport } from "./shim";

/**
 * Deadlines in seconds for the provider's waits on ARM: `create` and `update` bound the PUT and
 * its polling until `provisioningState` is `Succeeded`, `delete` bounds the DELETE long-running
 * operation and the GET that confirms the connection gone. Each defaults to 1800 (30 minutes),
 * at most 86400. A deadline does not cancel anything in ARM: a timed-out operation may still
 * finish there, and re-running is safe. Changing them is not a change of the resource.
 */
export type TimeoutsArgs = Timeouts;

interface ConnectionArgs {
  /**
   * The name ARM gave the connection (usually "<private endpoint name>.<guid>"): the last
   * segment of its ARM id. Set exactly one of this and privateEndpointId. Changing it replaces
   * the resource (the old connection is deleted first); switching to privateEndpointId does not
   * when both denote the same connection.
   */
  privateEndpointConnectionName?: pulumi.Input<string>;
  /**
   * The consumer's private endpoint (its ARM id): selects the connection it created, whatever
   * its generated name, from every page of ARM's list of the parent's connections (compared
   * case-insensitively, as ARM compares ids). Set exactly one of this and
   * privateEndpointConnectionName. Changing it replaces the resource.
   */
  privateEndpointId?: pulumi.Input<string>;
  /**
   * How long create waits for the connection to appear in ARM (polling GET or list), e.g. while
   * the consumer's private endpoint is being created in the same `pulumi up`. Default 0: it must
   * exist already. Changing it is not a change of the resource.
   */
  waitForConnectionSeconds?: pulumi.Input<number>;
  /**
   * The declared approval state, written by a PUT of the connection to
   * `properties.privateLinkServiceConnectionState.status`; ARM then moves the consumer's
   * private endpoint to the same state. Default: "Approved". Changing it updates in place.
   */
  status?: pulumi.Input<DeclarableStatus>;
  /**
   * The reason recorded with the state (`privateLinkServiceConnectionState.description`), shown
   * to the consumer. Default: none (ARM keeps ""). Changing it updates in place.
   */
  description?: pulumi.Input<string>;
  /** Deadlines of the provider's waits on ARM; see {@link TimeoutsArgs}. */
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /**
   * What deleting the resource (`pulumi destroy`, removal from the program, a replace) does to
   * the connection: "delete" (default) deletes it through ARM's DELETE long-running operation;
   * "reject" PUTs Rejected with a description saying Pulumi rejected it on delete, waits until
   * it settles, and leaves it (Azure never lets it be approved again); "retain" leaves it as it
   * is, with no ARM call. The value recorded at the last up applies. Changing it updates in
   * place with no ARM write. See {@link OnDelete}.
   */
  onDelete?: pulumi.Input<OnDelete>;
}

/** The inputs that name a Managed HSM's or key vault's parent by its names. */
interface CommonArgs extends ConnectionArgs {
  /**
   * The subscription of the parent HSM or vault: part of the connection's ARM id. Default:
   * stack config `azure-native:subscriptionId`, else `ARM_SUBSCRIPTION_ID`, else
   * `AZURE_SUBSCRIPTION_ID`. Changing it replaces the resource (the old connection is deleted
   * first).
   */
  subscriptionId?: pulumi.Input<string>;
  /**
   * The resource group of the parent HSM or vault: part of the connection's ARM id. Changing it
   * replaces the resource (the old connection is deleted first).
   */
  resourceGroupName: pulumi.Input<string>;
}

/** The inputs of {@link PrivateEndpointConnection}. */
export interface PrivateEndpointConnectionArgs extends ConnectionArgs {
  /**
   * The ARM id of the private-link resource the connection belongs to, of any service:
   * `/subscriptions/{id}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}` (the
   * portal's Properties, or `az ... show --query id`), e.g. a storage account, SQL server,
   * Cosmos DB account, container registry, App Service site, Event Hubs or Service Bus
   * namespace, Cognitive Services account, Private Link service, Managed HSM or key vault. A
   * type the provider has no profile of is looked up in ARM's provider registration at
   * preview. Changing it replaces the resource.
   */
  parentResourceId: pulumi.Input<string>;
}

/** The inputs of {@link MhsmPrivateEndpointConnection}. */
export interface MhsmPrivateEndpointConnectionArgs extends CommonArgs {
  /**
   * The Managed HSM pool the connection belongs to (`managedHSMs/{hsmName}` in its ARM id).
   * Changing it replaces the resource (the old connection is deleted first).
   */
  hsmName: pulumi.Input<string>;
}

/** The inputs of {@link KeyVaultPrivateEndpointConnection}. */
export interface KeyVaultPrivateEndpointConnectionArgs extends CommonArgs {
  /**
   * The key vault the connection belongs to (`vaults/{vaultName}` in its ARM id). Changing it
   * replaces the resource (the old connection is deleted first).
   */
  vaultName: pulumi.Input<string>;
}

/**
 * Every declared output is in props (undefined unless given): the SDK makes an Output only for
 * the keys props has, and the provider fills those the user left out (a defaulted
 * subscription, `.get()`'s names) from what it resolved.
 */
const OUTPUTS = {
  onDelete: undefined,
  timeouts: undefined,
  privateEndpointConnectionName: undefined,
  status: undefined,
  description: undefined,
  connectionId: undefined,
  provisioningState: undefined,
  actionsRequired: undefined,
  privateEndpointId: undefined,
  etag: undefined,
  decision: undefined,
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
    preloadExperimentalBuiltins();
    shim = providerShim(provider);
    shims.set(provider, shim);
  }
  return shim;
}

abstract class ConnectionResource extends pulumi.dynamic.Resource {
  /** The connection's name, as given or as resolved from privateEndpointId. */
  declare readonly privateEndpointConnectionName: pulumi.Output<string>;
  /**
   * ARM's `privateLinkServiceConnectionState.status` at the last read: the declared one unless
   * it drifted (Pending, Disconnected or the other state after a change outside Pulumi).
   */
  declare readonly status: pulumi.Output<string>;
  /** ARM's `privateLinkServiceConnectionState.description` at the last read ("" when none). */
  declare readonly description: pulumi.Output<string>;
  /** What deleting the resource will do to the connection ("delete" unless given). */
  declare readonly onDelete: pulumi.Output<OnDelete>;
  /** The deadlines in effect, as given (undefined: 1800 s each). */
  declare readonly timeouts: pulumi.Output<TimeoutsArgs | undefined>;
  /** The connection's full ARM id; also the resource's id. */
  declare readonly connectionId: pulumi.Output<string>;
  /** ARM's `provisioningState` at the last read: "Succeeded" once a write has settled. */
  declare readonly provisioningState: pulumi.Output<string>;
  /** ARM's `privateLinkServiceConnectionState.actionsRequired` ("None" unless ARM says else). */
  declare readonly actionsRequired: pulumi.Output<string>;
  /** The consumer's private endpoint, as ARM reports it (`properties.privateEndpoint.id`). */
  declare readonly privateEndpointId: pulumi.Output<string>;
  /** ARM's etag of the connection at the last read; it changes with every write. */
  declare readonly etag: pulumi.Output<string>;
  /**
   * The provider's last write of the connection: `decidedAt`, `decidedBy` (the `appid`/`azp`,
   * `oid` and `tid` claims of the access token the PUT carried; never the token), the previous
   * and new status and ARM's `x-ms-request-id` of the PUT. Undefined while this resource has
   * written nothing (the connection was already as declared). Kept across refreshes; a refresh
   * that finds another status marks it `superseded` (when, and the status seen).
   */
  declare readonly decision: pulumi.Output<DecisionRecord | undefined>;

  protected constructor(
    type: string,
    provider: ProviderExport,
    name: string,
    props: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    super(shimOf(provider), name, { ...OUTPUTS, ...props }, opts, "keyvault", type);
  }
}

abstract class PrivateEndpointConnectionResource extends ConnectionResource {
  /** The subscription of the parent, as given or defaulted from the environment. */
  declare readonly subscriptionId: pulumi.Output<string>;
  /** The resource group of the parent. */
  declare readonly resourceGroupName: pulumi.Output<string>;

  protected constructor(
    type: string,
    provider: ProviderExport,
    parentName: "hsmName" | "vaultName",
    name: string,
    args: CommonArgs | undefined,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const props = {
      subscriptionId: undefined,
      resourceGroupName: undefined,
      [parentName]: undefined,
      ...args,
    };
    super(type, provider, name, props, opts);
    const kind = parentName === "hsmName" ? MANAGED_HSM : KEY_VAULT;
    const named = (args as Record<string, pulumi.Input<string> | undefined> | undefined) ?? {};
    claimConnection(this, name, kind, {
      ...args,
      parent: [args?.subscriptionId, args?.resourceGroupName, named[parentName]],
    });
  }
}

/**
 * Declares the approval state of an existing private endpoint connection of a Managed HSM
 * (Microsoft.KeyVault/managedHSMs/privateEndpointConnections).
 *
 * The connection is created by the consumer's private endpoint, Pending; this resource adopts
 * it. Create and update read it (GET) and PUT the declared status and description only when
 * they differ, waiting until ARM's provisioningState is Succeeded. Refresh reads ARM's state
 * and shows drift. Delete (removing the resource, or `pulumi destroy`) applies `onDelete`: by
 * default it deletes the connection through ARM's DELETE long-running operation and waits until
 * a GET answers 404 (the consumer's endpoint is then Disconnected); "reject" leaves it Rejected,
 * "retain" leaves it as it is. Credentials are resolved at each operation and are never
 * stored in the state.
 */
export class MhsmPrivateEndpointConnection extends PrivateEndpointConnectionResource {
  /** The Managed HSM pool the connection belongs to. */
  declare readonly hsmName: pulumi.Output<string>;

  constructor(
    name: string,
    args: MhsmPrivateEndpointConnectionArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      "MhsmPrivateEndpointConnection",
      "MhsmPrivateEndpointConnectionProvider",
      "hsmName",
      name,
      args,
      opts,
    );
  }

  /**
   * Reads an existing connection by its ARM id (a GET; nothing is written) and gives ARM's
   * values as outputs. It applies no status, and the engine treats it as external: it never
   * updates or deletes it, and removing it from the program only forgets it. To manage an
   * existing connection, adopt it with `pulumi import` or the `import` resource option.
   */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions) {
    return new MhsmPrivateEndpointConnection(name, {} as MhsmPrivateEndpointConnectionArgs, {
      ...opts,
      id,
    });
  }
}

/**
 * Declares the approval state of an existing private endpoint connection of a key vault
 * (Microsoft.KeyVault/vaults/privateEndpointConnections), exactly as
 * {@link MhsmPrivateEndpointConnection} does for a Managed HSM.
 */
export class KeyVaultPrivateEndpointConnection extends PrivateEndpointConnectionResource {
  /** The key vault the connection belongs to. */
  declare readonly vaultName: pulumi.Output<string>;

  constructor(
    name: string,
    args: KeyVaultPrivateEndpointConnectionArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      "KeyVaultPrivateEndpointConnection",
      "KeyVaultPrivateEndpointConnectionProvider",
      "vaultName",
      name,
      args,
      opts,
    );
  }

  /**
   * Reads an existing connection by its ARM id (a GET; nothing is written) and gives ARM's
   * values as outputs. It applies no status, and the engine treats it as external: it never
   * updates or deletes it, and removing it from the program only forgets it. To manage an
   * existing connection, adopt it with `pulumi import` or the `import` resource option.
   */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions) {
    return new KeyVaultPrivateEndpointConnection(
      name,
      {} as KeyVaultPrivateEndpointConnectionArgs,
      { ...opts, id },
    );
  }
}

/**
 * Declares the approval state of an existing private endpoint connection of any private-link
 * resource, given by its ARM id (`parentResourceId`): a storage account, SQL server, Cosmos DB
 * account, container registry, App Service site, and the rest. It does what
 * {@link MhsmPrivateEndpointConnection} does for a Managed HSM, as the parent's service answers
 * ARM (its api-version, how it waits, which status changes it allows: serviceProfiles.ts): it
 * adopts the connection the consumer's endpoint created, PUTs the declared status only when it
 * differs, refreshes with drift, and applies `onDelete` on delete.
 */
export class PrivateEndpointConnection extends ConnectionResource {
  /** The parent's ARM id, as given. */
  declare readonly parentResourceId: pulumi.Output<string>;

  constructor(
    name: string,
    args: PrivateEndpointConnectionArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    const props = { parentResourceId: undefined, ...(args as object) };
    super("PrivateEndpointConnection", "AnyPrivateEndpointConnectionProvider", name, props, opts);
    claimConnection(this, name, { byId: true }, { ...args, parent: [args?.parentResourceId] });
  }

  /**
   * Reads an existing connection of any service by its ARM id (a GET; nothing is written), as
   * {@link MhsmPrivateEndpointConnection.get} does.
   */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions) {
    return new PrivateEndpointConnection(name, {} as PrivateEndpointConnectionArgs, {
      ...opts,
      id,
    });
  }
}
