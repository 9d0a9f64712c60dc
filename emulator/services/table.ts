import type { ServiceProfile } from "./profile";
import { KEY_VAULT_PROFILES } from "./keyVault";

/**
 * The private-link services the emulator models, one profile per parent type. Sources: the
 * per-service table and "Things that differ" of ../shared/azure-spec/README.md, the spec
 * excerpts, their x-ms-examples and the az CLI recordings (PEC-INTERACTIONS-DIGEST.txt); the
 * api-versions are those the excerpts, examples and recordings show. README.md says what is
 * invented where they are silent.
 */

const READY = { ready: "Succeeded", updating: { "*": "Updating" }, deleting: "Deleting" };
const RUNNING_POLL = { httpStatus: 200, status: "InProgress" } as const;

function basics(
  resourceType: string,
): Pick<
  ServiceProfile,
  | "resourceType"
  | "collection"
  | "connectionType"
  | "absentDelete"
  | "absentGet"
  | "rules"
  | "statuses"
  | "actionsRequiredValues"
  | "actionsRequiredField"
  | "provisioning"
  | "runningPoll"
  | "parentEmbedsConnections"
  | "parentProperties"
> {
  return {
    resourceType,
    collection: "privateEndpointConnections",
    connectionType: `${resourceType}/privateEndpointConnections`,
    absentDelete: 204,
    absentGet: { status: 404, code: "ResourceNotFound" },
    rules: "azure",
    statuses: ["Pending", "Approved", "Rejected", "Disconnected"],
    actionsRequiredValues: null,
    actionsRequiredField: "actionsRequired",
    provisioning: READY,
    runningPoll: RUNNING_POLL,
    parentEmbedsConnections: true,
    parentProperties: () => ({}),
  };
}

const STORAGE: ServiceProfile = {
  ...basics("Microsoft.Storage/storageAccounts"),
  apiVersions: ["2019-06-01", "2023-01-01", "2023-05-01", "2025-08-01", "2026-09-01"],
  put: { style: "synchronous" },
  remove: { style: "synchronous", body: "empty" },
  rules: "storage",
  statuses: ["Pending", "Approved", "Rejected"],
  actionsRequiredField: "actionRequired",
  naming: "parentDotGuid",
  parentTopLevel: { kind: "StorageV2", sku: { name: "Standard_LRS", tier: "Standard" } },
  parentProperties: (name) => ({
    primaryEndpoints: { blob: `https://${name.toLowerCase()}.blob.core.windows.net/` },
  }),
};

const SQL: ServiceProfile = {
  ...basics("Microsoft.Sql/servers"),
  apiVersions: ["2018-06-01-preview", "2021-11-01", "2025-01-01"],
  put: {
    style: "accepted",
    status: 202,
    headers: ["location", "azure-asyncoperation"],
    body: "operation",
  },
  remove: {
    style: "accepted",
    headers: ["location", "azure-asyncoperation"],
    body: "operation",
    locationDoneStatus: 204,
  },
  rules: "changesOnlyFromPending",
  provisioning: {
    ready: "Ready",
    updating: { Approved: "Approving", Rejected: "Rejecting", "*": "Approving" },
    deleting: "Dropping",
  },
  operationNames: {
    put: "ApprovePrivateEndpointConnection",
    delete: "DropPrivateEndpointConnection",
  },
  naming: "endpointDashGuid",
  parentTopLevel: { kind: "v12.0" },
  parentProperties: (name) => ({
    version: "12.0",
    state: "Ready",
    fullyQualifiedDomainName: `${name.toLowerCase()}.database.windows.net`,
  }),
};

const COSMOS_DB: ServiceProfile = {
  ...basics("Microsoft.DocumentDB/databaseAccounts"),
  apiVersions: ["2019-08-01-preview", "2023-11-15", "2024-05-15", "2025-10-15"],
  connectionType: "Microsoft.DocumentDb/databaseAccounts/privateEndpointConnections",
  put: {
    style: "accepted",
    status: 202,
    headers: ["location", "azure-asyncoperation"],
    body: "enqueued",
  },
  remove: {
    style: "accepted",
    headers: ["location", "azure-asyncoperation"],
    body: "enqueued",
    locationDoneStatus: 204,
  },
  statuses: null,
  staleReads: { provisioningState: null },
  naming: "endpoint",
  parentTopLevel: { kind: "GlobalDocumentDB" },
  parentProperties: (name) => ({
    documentEndpoint: `https://${name.toLowerCase()}.documents.azure.com:443/`,
    databaseAccountOfferType: "Standard",
  }),
};

const CONTAINER_REGISTRY: ServiceProfile = {
  ...basics("Microsoft.ContainerRegistry/registries"),
  apiVersions: ["2019-12-01-preview", "2022-02-01-preview", "2023-07-01", "2025-11-01"],
  put: {
    style: "accepted",
    status: 201,
    headers: ["azure-asyncoperation"],
    body: "previousConnection",
  },
  remove: { style: "accepted", headers: ["location"], body: "empty", locationDoneStatus: 200 },
  runningPoll: { httpStatus: 201, status: "Updating" },
  naming: "parentDotHex",
  parentTopLevel: { sku: { name: "Premium", tier: "Premium" } },
  parentProperties: (name) => ({ loginServer: `${name.toLowerCase()}.azurecr.io` }),
};

const WEB_SITES: ServiceProfile = {
  ...basics("Microsoft.Web/sites"),
  apiVersions: ["2019-08-01", "2023-12-01", "2025-03-01", "2025-05-01"],
  put: {
    style: "accepted",
    status: 202,
    headers: ["location", "azure-asyncoperation"],
    body: "connection",
  },
  remove: {
    style: "accepted",
    headers: ["location", "azure-asyncoperation"],
    body: "empty",
    locationDoneStatus: 204,
  },
  statuses: null,
  provisioning: { ready: "Succeeded", updating: { "*": "Pending" }, deleting: "Deleting" },
  interimStatuses: { Approved: "Approving", Rejected: "Rejecting", delete: "Disconnecting" },
  naming: "endpointDashGuid",
  parentEmbedsConnections: false,
  parentTopLevel: { kind: "app" },
  parentProperties: (name) => ({
    state: "Running",
    defaultHostName: `${name.toLowerCase()}.azurewebsites.net`,
  }),
};

/** Event Hubs and Service Bus share one resource provider's behaviour. */
function messagingNamespace(namespace: string, apiVersions: readonly string[]): ServiceProfile {
  return {
    ...basics(`${namespace}/namespaces`),
    apiVersions,
    connectionType: `${namespace}/Namespaces/PrivateEndpointConnections`,
    put: { style: "accepted", status: 202, headers: ["azure-asyncoperation"], body: "connection" },
    remove: {
      style: "accepted",
      headers: ["azure-asyncoperation"],
      body: "empty",
      locationDoneStatus: 204,
    },
    naming: "guid",
    parentTopLevel: { sku: { name: "Standard", tier: "Standard" } },
    parentProperties: (name) => ({
      serviceBusEndpoint: `https://${name.toLowerCase()}.servicebus.windows.net:443/`,
    }),
  };
}

const EVENT_HUBS = messagingNamespace("Microsoft.EventHub", [
  "2021-06-01-preview",
  "2023-01-01-preview",
  "2024-01-01",
]);
const SERVICE_BUS = messagingNamespace("Microsoft.ServiceBus", [
  "2021-06-01-preview",
  "2021-11-01",
  "2022-10-01-preview",
  "2024-01-01",
]);

const COGNITIVE_SERVICES: ServiceProfile = {
  ...basics("Microsoft.CognitiveServices/accounts"),
  apiVersions: ["2022-03-01", "2023-05-01", "2025-09-01"],
  put: { style: "synchronous" },
  remove: { style: "synchronous", body: "empty" },
  statuses: ["Pending", "Approved", "Rejected"],
  naming: "endpointDotGuid",
  showsEtag: true,
  parentTopLevel: { kind: "CognitiveServices", sku: { name: "S0" } },
  parentProperties: (name) => ({
    endpoint: `https://${name.toLowerCase()}.cognitiveservices.azure.com/`,
  }),
};

const SEARCH: ServiceProfile = {
  ...basics("Microsoft.Search/searchServices"),
  apiVersions: ["2020-08-01", "2022-09-01", "2023-11-01", "2025-05-01"],
  put: { style: "synchronous" },
  remove: { style: "synchronous", body: "disconnected" },
  absentDelete: 404,
  absentGet: {
    status: 404,
    code: "ResourceNotFound",
    message: (m) =>
      `Could not find private endpoint connection '${m.connectionName}' in subscription ` +
      `'${m.subscriptionId}', resourceGroupName '${m.resourceGroupName}', searchService '${m.parentName}'.`,
  },
  rules: "search",
  answersActionsRequired: "None",
  naming: "endpointDotGuid",
  parentTopLevel: { sku: { name: "basic" } },
  parentProperties: () => ({ replicaCount: 1, partitionCount: 1, status: "running" }),
};

const PRIVATE_LINK_SERVICES: ServiceProfile = {
  ...basics("Microsoft.Network/privateLinkServices"),
  apiVersions: ["2021-05-01", "2022-01-01", "2024-01-01", "2025-07-01"],
  put: { style: "accepted", status: 200, headers: ["azure-asyncoperation"], body: "connection" },
  remove: {
    style: "accepted",
    headers: ["location", "azure-asyncoperation"],
    body: "empty",
    locationDoneStatus: 204,
  },
  statuses: null,
  naming: "endpointDotGuid",
  showsEtag: true,
  parentProperties: (name) => ({
    alias: `${name}.00000000-0000-0000-0000-000000000000.eastus.azure.privatelinkservice`,
  }),
};

const SYNAPSE: ServiceProfile = {
  ...basics("Microsoft.Synapse/workspaces"),
  apiVersions: ["2019-06-01-preview", "2021-06-01"],
  put: {
    style: "accepted",
    status: 201,
    headers: ["azure-asyncoperation"],
    body: "connection",
    unchangedAnswersSynchronously: true,
  },
  remove: {
    style: "accepted",
    headers: ["location", "azure-asyncoperation"],
    body: "inProgress",
    locationDoneStatus: 204,
  },
  statuses: null,
  provisioning: { ready: "Succeeded", updating: { "*": "Provisioning" }, deleting: "Deleting" },
  naming: "endpointDashGuid",
  parentProperties: (name) => ({
    connectivityEndpoints: { web: `https://web.azuresynapse.net?workspace=${name}` },
  }),
};

const DATA_FACTORY: ServiceProfile = {
  ...basics("Microsoft.DataFactory/factories"),
  apiVersions: ["2018-06-01"],
  put: { style: "synchronous" },
  remove: { style: "synchronous", body: "empty" },
  absentGet: {
    status: 404,
    code: "NotFound",
    message: () => "The document could not be retrieved because it does not exist.",
  },
  statuses: null,
  naming: "parentDotGuid",
  showsEtag: true,
  parentEmbedsConnections: false,
  parentProperties: () => ({ createTime: "2026-01-01T00:00:00Z", version: "2018-06-01" }),
};

const POSTGRESQL_FLEXIBLE: ServiceProfile = {
  ...basics("Microsoft.DBforPostgreSQL/flexibleServers"),
  apiVersions: ["2023-06-01-preview", "2023-12-01-preview", "2025-08-01"],
  put: {
    style: "accepted",
    status: 202,
    headers: ["location", "azure-asyncoperation"],
    body: "operation",
  },
  remove: {
    style: "accepted",
    headers: ["location", "azure-asyncoperation"],
    body: "operation",
    locationDoneStatus: 204,
  },
  statuses: ["Pending", "Approved", "Rejected"],
  provisioning: { ready: "Succeeded", updating: { "*": "Updating" }, deleting: "Deleting" },
  staleReads: { provisioningState: "Updating" },
  operationNames: {
    put: "UpsertPrivateEndpointConnectionManagementOperation",
    delete: "DropPrivateEndpointConnectionManagementOperation",
  },
  naming: "endpointDotGuid",
  parentTopLevel: { sku: { name: "Standard_D2s_v3", tier: "GeneralPurpose" } },
  parentProperties: (name) => ({
    state: "Ready",
    version: "16",
    fullyQualifiedDomainName: `${name.toLowerCase()}.postgres.database.azure.com`,
  }),
};

const APP_CONFIGURATION: ServiceProfile = {
  ...basics("Microsoft.AppConfiguration/configurationStores"),
  apiVersions: ["2020-06-01", "2023-03-01", "2024-06-01"],
  put: { style: "accepted", status: 201, headers: ["azure-asyncoperation"], body: "connection" },
  remove: {
    style: "accepted",
    headers: ["azure-asyncoperation"],
    body: "deletingStub",
    locationDoneStatus: 204,
  },
  staleReads: { provisioningState: null },
  naming: "endpoint",
  parentTopLevel: { sku: { name: "standard" } },
  parentProperties: (name) => ({ endpoint: `https://${name.toLowerCase()}.azconfig.io` }),
};

export const SERVICE_PROFILES: readonly ServiceProfile[] = Object.freeze([
  ...KEY_VAULT_PROFILES,
  STORAGE,
  SQL,
  COSMOS_DB,
  CONTAINER_REGISTRY,
  WEB_SITES,
  EVENT_HUBS,
  SERVICE_BUS,
  COGNITIVE_SERVICES,
  SEARCH,
  PRIVATE_LINK_SERVICES,
  SYNAPSE,
  DATA_FACTORY,
  POSTGRESQL_FLEXIBLE,
  APP_CONFIGURATION,
]);

/** Every parent type the emulator models, as ARM spells it (`Namespace/type`). */
export const EMULATED_RESOURCE_TYPES: readonly string[] = Object.freeze(
  SERVICE_PROFILES.map((p) => p.resourceType),
);
