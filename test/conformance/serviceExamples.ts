import * as fs from "node:fs";
import * as path from "node:path";
import { isJsonObject, type Json, type JsonObject } from "./json";
import { REPO_ROOT } from "./specSource";

/**
 * The x-ms-examples the emulator's services are checked against: per service, its GET, PUT
 * and DELETE of one connection at the excerpt's api-version (PostgreSQL: 2023-12-01-preview,
 * the newest with all three). The copies in test/fixtures/services/examples are these files
 * trimmed by trimExample (the members the emulator models); the conformance suite checks they
 * still are whenever ../shared/azure-spec is present.
 */

export interface ServiceExamples {
  resourceType: string;
  /** The folder under azure-rest-api-specs/specification/. */
  specDir: string;
  get: string;
  put: string;
  remove: string;
}

function examples(resourceType: string, specDir: string, get: string, put: string, remove: string) {
  return { resourceType, specDir, get, put, remove };
}

const STORAGE = "storage/resource-manager/Microsoft.Storage/stable/2023-05-01/examples";
const SQL = "sql/resource-manager/Microsoft.Sql/stable/2021-11-01/examples";
const COSMOS = "cosmos-db/resource-manager/Microsoft.DocumentDB/stable/2024-05-15/examples";
const ACR =
  "containerregistry/resource-manager/Microsoft.ContainerRegistry/stable/2023-07-01/examples";
const WEB = "web/resource-manager/Microsoft.Web/stable/2023-12-01/examples";
const EVENT_HUB =
  "eventhub/resource-manager/Microsoft.EventHub/stable/2024-01-01/examples/NameSpaces";
const SERVICE_BUS =
  "servicebus/resource-manager/Microsoft.ServiceBus/stable/2021-11-01/examples/NameSpaces";
const COGNITIVE =
  "cognitiveservices/resource-manager/Microsoft.CognitiveServices/stable/2023-05-01/examples";
const SEARCH = "search/resource-manager/Microsoft.Search/stable/2023-11-01/examples";
const NETWORK = "network/resource-manager/Microsoft.Network/stable/2024-01-01/examples";
const SYNAPSE = "synapse/resource-manager/Microsoft.Synapse/stable/2021-06-01/examples";
const DATA_FACTORY =
  "datafactory/resource-manager/Microsoft.DataFactory/stable/2018-06-01/examples";
const POSTGRES =
  "postgresql/resource-manager/Microsoft.DBforPostgreSQL/preview/2023-12-01-preview/examples";
const APP_CONFIG =
  "appconfiguration/resource-manager/Microsoft.AppConfiguration/stable/2023-03-01/examples";

export const SERVICE_EXAMPLES: readonly ServiceExamples[] = [
  examples(
    "Microsoft.Storage/storageAccounts",
    STORAGE,
    "StorageAccountGetPrivateEndpointConnection.json",
    "StorageAccountPutPrivateEndpointConnection.json",
    "StorageAccountDeletePrivateEndpointConnection.json",
  ),
  examples(
    "Microsoft.Sql/servers",
    SQL,
    "PrivateEndpointConnectionGet.json",
    "PrivateEndpointConnectionUpdate.json",
    "PrivateEndpointConnectionDelete.json",
  ),
  examples(
    "Microsoft.DocumentDB/databaseAccounts",
    COSMOS,
    "CosmosDBPrivateEndpointConnectionGet.json",
    "CosmosDBPrivateEndpointConnectionUpdate.json",
    "CosmosDBPrivateEndpointConnectionDelete.json",
  ),
  examples(
    "Microsoft.ContainerRegistry/registries",
    ACR,
    "PrivateEndpointConnectionGet.json",
    "PrivateEndpointConnectionCreateOrUpdate.json",
    "PrivateEndpointConnectionDelete.json",
  ),
  examples(
    "Microsoft.Web/sites",
    WEB,
    "GetSitePrivateEndpointConnection.json",
    "ApproveRejectSitePrivateEndpointConnection.json",
    "DeleteSitePrivateEndpointConnection.json",
  ),
  examples(
    "Microsoft.EventHub/namespaces",
    EVENT_HUB,
    "PrivateEndPointConnectionGet.json",
    "PrivateEndPointConnectionCreate.json",
    "PrivateEndPointConnectionDelete.json",
  ),
  examples(
    "Microsoft.ServiceBus/namespaces",
    SERVICE_BUS,
    "PrivateEndPointConnectionGet.json",
    "PrivateEndPointConnectionCreate.json",
    "PrivateEndPointConnectionDelete.json",
  ),
  examples(
    "Microsoft.CognitiveServices/accounts",
    COGNITIVE,
    "GetPrivateEndpointConnection.json",
    "PutPrivateEndpointConnection.json",
    "DeletePrivateEndpointConnection.json",
  ),
  examples(
    "Microsoft.Search/searchServices",
    SEARCH,
    "GetPrivateEndpointConnection.json",
    "UpdatePrivateEndpointConnection.json",
    "DeletePrivateEndpointConnection.json",
  ),
  examples(
    "Microsoft.Network/privateLinkServices",
    NETWORK,
    "PrivateLinkServiceGetPrivateEndpointConnection.json",
    "PrivateLinkServiceUpdatePrivateEndpointConnection.json",
    "PrivateLinkServiceDeletePrivateEndpointConnection.json",
  ),
  examples(
    "Microsoft.Synapse/workspaces",
    SYNAPSE,
    "GetPrivateEndpointConnection.json",
    "ApprovePrivateEndpointConnection.json",
    "DeletePrivateEndpointConnection.json",
  ),
  examples(
    "Microsoft.DataFactory/factories",
    DATA_FACTORY,
    "GetPrivateEndpointConnection.json",
    "ApproveRejectPrivateEndpointConnection.json",
    "DeletePrivateEndpointConnection.json",
  ),
  examples(
    "Microsoft.DBforPostgreSQL/flexibleServers",
    POSTGRES,
    "PrivateEndpointConnectionGet.json",
    "PrivateEndpointConnectionUpdate.json",
    "PrivateEndpointConnectionDelete.json",
  ),
  examples(
    "Microsoft.AppConfiguration/configurationStores",
    APP_CONFIG,
    "ConfigurationStoresGetPrivateEndpointConnection.json",
    "ConfigurationStoresUpdatePrivateEndpointConnection.json",
    "ConfigurationStoresDeletePrivateEndpointConnection.json",
  ),
];

export const EXAMPLES_FIXTURE_DIR = path.join(
  REPO_ROOT,
  "test",
  "fixtures",
  "services",
  "examples",
);
export const FULL_SPEC_DIR = path.resolve(
  REPO_ROOT,
  "..",
  "shared",
  "azure-spec",
  "azure-rest-api-specs",
  "specification",
);

/** Where the trimmed copy of an example lives: examples/<specDir's first folder>/<file>. */
export function fixturePath(service: ServiceExamples, file: string): string {
  return path.join(EXAMPLES_FIXTURE_DIR, service.specDir.split("/")[0], file);
}

function pick(source: JsonObject, keys: readonly string[]): JsonObject {
  const kept: JsonObject = {};
  for (const key of keys) {
    if (key in source) kept[key] = source[key];
  }
  return kept;
}

const STATE_KEYS = ["status", "description", "actionsRequired", "actionRequired"];

/**
 * A connection's members the emulator models: id, name, type and the state properties; a
 * body that is not a connection (an operation's status) keeps its scalar members.
 */
function trimConnection(value: Json): Json {
  if (!isJsonObject(value)) return value;
  if (!("properties" in value)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string"));
  }
  const properties = isJsonObject(value.properties) ? value.properties : {};
  const trimmed: JsonObject = { ...pick(properties, ["provisioningState"]) };
  if (isJsonObject(properties.privateEndpoint)) {
    trimmed.privateEndpoint = pick(properties.privateEndpoint, ["id"]);
  }
  if (isJsonObject(properties.privateLinkServiceConnectionState)) {
    trimmed.privateLinkServiceConnectionState = pick(
      properties.privateLinkServiceConnectionState,
      STATE_KEYS,
    );
  }
  return { ...pick(value, ["id", "name", "type"]), properties: trimmed };
}

/** The example trimmed: parameters (a body reduced to its connection state), response codes and bodies. */
export function trimExample(example: JsonObject): JsonObject {
  const parameters: JsonObject = {};
  for (const [key, value] of Object.entries(
    isJsonObject(example.parameters) ? example.parameters : {},
  )) {
    parameters[key] = isJsonObject(value) ? trimConnection(value) : value;
  }
  const responses: JsonObject = {};
  for (const [code, response] of Object.entries(
    isJsonObject(example.responses) ? example.responses : {},
  )) {
    const kept = isJsonObject(response) ? response : {};
    responses[code] = "body" in kept ? { body: trimConnection(kept.body) } : {};
  }
  return { parameters, responses };
}

export function readJson(file: string): JsonObject {
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
  if (!isJsonObject(parsed)) throw new Error(`${file} is not a JSON object`);
  return parsed;
}

export function filesOf(service: ServiceExamples): string[] {
  return [service.get, service.put, service.remove];
}
