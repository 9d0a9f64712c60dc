/**
 * What each private-link service answers, as data: one profile per parent resource type, kept
 * from the services' specs and recordings (../shared/azure-spec; its README's per-service table).
 * The ARM door reads a profile; it never branches on a service's name. A test checks every
 * api-version and collection segment against the trimmed spec excerpts in test/fixtures.
 */

/** How ARM answers a GET of a connection that does not exist. */
export type AbsentAnswer = 204 | 404;

/** How a service answers an accepted PUT: at once (200) or by a long-running operation. */
export type PutStyle = "synchronous" | "long-running";

export interface ServiceProfile {
  /** `Namespace/type`, as ARM spells it in ids (compared without regard to case). */
  readonly resourceType: string;
  /** What users call the parent, for messages. */
  readonly displayName: string;
  /** The api-version sent on every request for this type. */
  readonly apiVersion: string;
  /** The segment of a connection's path: `{parent}/{collection}/{name}`. */
  readonly collection: string;
  /** The segment of the parent's list of connections (Data Factory: `privateEndPointConnections`). */
  readonly listCollection: string;
  /** What a GET of an absent connection answers. */
  readonly absentOnGet: AbsentAnswer;
  /** 404 error codes beyond ARM's own (notFound.ts) that mean the connection is gone. */
  readonly goneCodes: readonly string[];
  readonly putStyle: PutStyle;
  /** The SQL family: a status may change only from Pending (400 ...StatusNotPending). */
  readonly changesOnlyFromPending: boolean;
  /** Whether ARM accepts approving a Rejected connection (no recording shows it accepted). */
  readonly approvesRejected: boolean;
  /** Whether ARM accepts a PUT of Approved on an Approved connection (Storage answers 400). */
  readonly rewritesApproved: boolean;
  /** The wire name of the connection state's actions field (Storage: `actionRequired`). */
  readonly actionsRequiredField: "actionsRequired" | "actionRequired";
  /** Statuses the service reports while it applies a change (App Service). */
  readonly interimStatuses: readonly string[];
  /** provisioningState values that mean the service is still working on the connection. */
  readonly busyProvisioningStates: readonly string[];
  /** GETs show the old status for a while after an accepted PUT (10-90 s recorded). */
  readonly staleReadsAfterPut: boolean;
}

/** The common ARM behaviour; each profile says only how its service differs. */
const COMMON = {
  collection: "privateEndpointConnections",
  listCollection: "privateEndpointConnections",
  absentOnGet: 404,
  goneCodes: [],
  putStyle: "long-running",
  changesOnlyFromPending: false,
  approvesRejected: false,
  rewritesApproved: true,
  actionsRequiredField: "actionsRequired",
  interimStatuses: [],
  busyProvisioningStates: ["Updating", "Creating", "Deleting"],
  staleReadsAfterPut: false,
} as const satisfies Omit<ServiceProfile, "resourceType" | "displayName" | "apiVersion">;

function profile(
  resourceType: string,
  displayName: string,
  apiVersion: string,
  differences: Partial<ServiceProfile> = {},
): ServiceProfile {
  return Object.freeze({ ...COMMON, resourceType, displayName, apiVersion, ...differences });
}

export const SERVICE_PROFILES: readonly ServiceProfile[] = Object.freeze([
  profile("Microsoft.KeyVault/managedHSMs", "Managed HSM", "2025-05-01"),
  profile("Microsoft.KeyVault/vaults", "key vault", "2025-05-01", { absentOnGet: 204 }),
  profile("Microsoft.Storage/storageAccounts", "storage account", "2023-05-01", {
    putStyle: "synchronous",
    actionsRequiredField: "actionRequired",
    // Recorded: approving an Approved connection answers 400 InvalidValuesForRequestParameters.
    rewritesApproved: false,
  }),
  profile("Microsoft.Sql/servers", "SQL server", "2021-11-01", {
    changesOnlyFromPending: true,
    busyProvisioningStates: ["Approving", "Dropping", "Rejecting"],
  }),
  profile("Microsoft.DocumentDB/databaseAccounts", "Cosmos DB account", "2024-05-15", {
    staleReadsAfterPut: true,
  }),
  profile("Microsoft.ContainerRegistry/registries", "container registry", "2023-07-01"),
  profile("Microsoft.Web/sites", "App Service site", "2023-12-01", {
    interimStatuses: ["Approving", "Rejecting", "Disconnecting"],
  }),
  profile("Microsoft.EventHub/namespaces", "Event Hubs namespace", "2024-01-01"),
  profile("Microsoft.ServiceBus/namespaces", "Service Bus namespace", "2021-11-01"),
  profile("Microsoft.CognitiveServices/accounts", "Cognitive Services account", "2023-05-01", {
    putStyle: "synchronous",
  }),
  profile("Microsoft.Search/searchServices", "search service", "2023-11-01", {
    putStyle: "synchronous",
  }),
  profile("Microsoft.Network/privateLinkServices", "Private Link service", "2024-01-01"),
  profile("Microsoft.Synapse/workspaces", "Synapse workspace", "2021-06-01", {
    busyProvisioningStates: [...COMMON.busyProvisioningStates, "Provisioning"],
  }),
  profile("Microsoft.DataFactory/factories", "data factory", "2018-06-01", {
    listCollection: "privateEndPointConnections",
    // Recorded: a GET of a deleted connection answers 404 NotFound ("The document could not be
    // retrieved because it does not exist").
    goneCodes: ["NotFound"],
    putStyle: "synchronous",
  }),
  profile(
    "Microsoft.AppConfiguration/configurationStores",
    "App Configuration store",
    "2023-03-01",
    {
      staleReadsAfterPut: true,
    },
  ),
]);

/** The profile of a resource type (`Namespace/type`, any casing); undefined when not in the table. */
export function serviceProfileOf(resourceType: string): ServiceProfile | undefined {
  const lower = resourceType.toLowerCase();
  return SERVICE_PROFILES.find((p) => p.resourceType.toLowerCase() === lower);
}

/**
 * A profile for a type not in the table, from ARM's provider registration: ARM's common
 * behaviour on the api-version the registration lists (providerRegistration.ts).
 */
export function registeredServiceProfile(resourceType: string, apiVersion: string): ServiceProfile {
  return profile(resourceType, resourceType, apiVersion);
}

/** The profile of a type the table must hold (the Key Vault kinds). */
export function requireServiceProfile(resourceType: string): ServiceProfile {
  const found = serviceProfileOf(resourceType);
  if (!found) throw new Error(`no service profile for ${resourceType}`);
  return found;
}

/** The supported types, one per line, for messages that refuse another. */
export function supportedResourceTypes(): string {
  return SERVICE_PROFILES.map((p) => `${p.resourceType} (${p.displayName})`).join(", ");
}
