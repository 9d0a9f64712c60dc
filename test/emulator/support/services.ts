import { strict as assert } from "node:assert";
import type { ConnectionJson, RunningEmulator } from "../../../emulator";
import { RG, withApi } from "./emulator";
import { arm, header, json, type HttpResult } from "./https";

/**
 * What each modelled service answers, written down from ../shared/azure-spec/README.md's
 * per-service table and the recordings (PEC-INTERACTIONS-DIGEST.txt), independently of the
 * emulator's own profile table: the tests compare the two.
 */

export type Poll = "location" | "azure-asyncoperation";

export interface ServiceExpectation {
  resourceType: string;
  apiVersion: string;
  /** The collection segment a request uses. */
  collection: string;
  connectionType: string;
  put: { status: number; headers: readonly Poll[]; body: "connection" | "enqueued" | "operation" };
  remove: { status: number; headers: readonly Poll[] };
  absentGet: { status: 204 } | { status: 404; code: string };
  absentDelete: 204 | 404;
  /** provisioningState once a PUT is done. */
  ready: string;
  /** provisioningState the PUT's answer or a GET shows while it runs (null: synchronous). */
  running: string | null;
  actionsField: "actionsRequired" | "actionRequired";
  /** The Azure-AsyncOperation poll while running. */
  runningPoll?: { status: number; body: string };
  /** What the Location poll answers once a DELETE is done. */
  deleteDone?: number;
  staleReads?: boolean;
}

const LRO_BOTH = ["location", "azure-asyncoperation"] as const;
const AAO = ["azure-asyncoperation"] as const;
const NOT_FOUND = { status: 404, code: "ResourceNotFound" } as const;

function service(
  resourceType: string,
  apiVersion: string,
  rest: Omit<ServiceExpectation, "resourceType" | "apiVersion" | "collection" | "connectionType"> &
    Partial<Pick<ServiceExpectation, "collection" | "connectionType">>,
): ServiceExpectation {
  return {
    resourceType,
    apiVersion,
    collection: "privateEndpointConnections",
    connectionType: `${resourceType}/privateEndpointConnections`,
    ...rest,
  };
}

const SYNC_PUT = { status: 200, headers: [], body: "connection" } as const;

export const SERVICES: readonly ServiceExpectation[] = [
  service("Microsoft.Storage/storageAccounts", "2023-05-01", {
    put: SYNC_PUT,
    remove: { status: 200, headers: [] },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: null,
    actionsField: "actionRequired",
  }),
  service("Microsoft.Sql/servers", "2021-11-01", {
    put: { status: 202, headers: LRO_BOTH, body: "operation" },
    remove: { status: 202, headers: LRO_BOTH },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Ready",
    running: "Approving",
    actionsField: "actionsRequired",
  }),
  service("Microsoft.DocumentDB/databaseAccounts", "2024-05-15", {
    connectionType: "Microsoft.DocumentDb/databaseAccounts/privateEndpointConnections",
    put: { status: 202, headers: LRO_BOTH, body: "enqueued" },
    remove: { status: 202, headers: LRO_BOTH },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: "Updating",
    actionsField: "actionsRequired",
    staleReads: true,
  }),
  service("Microsoft.ContainerRegistry/registries", "2023-07-01", {
    put: { status: 201, headers: AAO, body: "connection" },
    remove: { status: 202, headers: ["location"] },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: "Updating",
    actionsField: "actionsRequired",
    runningPoll: { status: 201, body: "Updating" },
    deleteDone: 200,
  }),
  service("Microsoft.Web/sites", "2023-12-01", {
    put: { status: 202, headers: LRO_BOTH, body: "connection" },
    remove: { status: 202, headers: LRO_BOTH },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: "Pending",
    actionsField: "actionsRequired",
  }),
  service("Microsoft.EventHub/namespaces", "2024-01-01", {
    connectionType: "Microsoft.EventHub/Namespaces/PrivateEndpointConnections",
    put: { status: 202, headers: AAO, body: "connection" },
    remove: { status: 202, headers: AAO },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: "Updating",
    actionsField: "actionsRequired",
  }),
  service("Microsoft.ServiceBus/namespaces", "2021-11-01", {
    connectionType: "Microsoft.ServiceBus/Namespaces/PrivateEndpointConnections",
    put: { status: 202, headers: AAO, body: "connection" },
    remove: { status: 202, headers: AAO },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: "Updating",
    actionsField: "actionsRequired",
  }),
  service("Microsoft.CognitiveServices/accounts", "2023-05-01", {
    put: SYNC_PUT,
    remove: { status: 200, headers: [] },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: null,
    actionsField: "actionsRequired",
  }),
  service("Microsoft.Search/searchServices", "2023-11-01", {
    put: SYNC_PUT,
    remove: { status: 200, headers: [] },
    absentGet: NOT_FOUND,
    absentDelete: 404,
    ready: "Succeeded",
    running: null,
    actionsField: "actionsRequired",
  }),
  service("Microsoft.Network/privateLinkServices", "2024-01-01", {
    put: { status: 200, headers: AAO, body: "connection" },
    remove: { status: 202, headers: LRO_BOTH },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: "Updating",
    actionsField: "actionsRequired",
  }),
  service("Microsoft.Synapse/workspaces", "2021-06-01", {
    put: { status: 201, headers: AAO, body: "connection" },
    remove: { status: 202, headers: LRO_BOTH },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: "Provisioning",
    actionsField: "actionsRequired",
  }),
  service("Microsoft.DataFactory/factories", "2018-06-01", {
    collection: "privateEndPointConnections",
    put: SYNC_PUT,
    remove: { status: 200, headers: [] },
    absentGet: { status: 404, code: "NotFound" },
    absentDelete: 204,
    ready: "Succeeded",
    running: null,
    actionsField: "actionsRequired",
  }),
  service("Microsoft.DBforPostgreSQL/flexibleServers", "2025-08-01", {
    put: { status: 202, headers: LRO_BOTH, body: "operation" },
    remove: { status: 202, headers: LRO_BOTH },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: "Updating",
    actionsField: "actionsRequired",
    staleReads: true,
  }),
  service("Microsoft.AppConfiguration/configurationStores", "2023-03-01", {
    put: { status: 201, headers: AAO, body: "connection" },
    remove: { status: 202, headers: AAO },
    absentGet: NOT_FOUND,
    absentDelete: 204,
    ready: "Succeeded",
    running: "Updating",
    actionsField: "actionsRequired",
    staleReads: true,
  }),
];

export function expectationOf(resourceType: string): ServiceExpectation {
  const found = SERVICES.find((s) => s.resourceType === resourceType);
  assert.ok(found, resourceType);
  return found;
}

export function serviceParentPath(
  emulator: RunningEmulator,
  s: ServiceExpectation,
  parentName = "parent1",
): string {
  return `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/${s.resourceType}/${parentName}`;
}

export function serviceConnectionPath(
  emulator: RunningEmulator,
  s: ServiceExpectation,
  name: string,
): string {
  return `${serviceParentPath(emulator, s)}/${s.collection}/${name}`;
}

/** A parent of the service with Pending connections of the given names. */
export function seedService(
  emulator: RunningEmulator,
  s: ServiceExpectation,
  names = ["pec-1", "pec-2"],
): void {
  emulator.control.createParent({
    resourceType: s.resourceType,
    resourceGroupName: RG,
    parentName: "parent1",
  });
  for (const connectionName of names) {
    emulator.control.createConnection({
      resourceType: s.resourceType,
      resourceGroupName: RG,
      parentName: "parent1",
      connectionName,
    });
  }
}

export function stateBody(status: string, description = "by test"): object {
  return { properties: { privateLinkServiceConnectionState: { status, description } } };
}

export async function getService(
  emulator: RunningEmulator,
  s: ServiceExpectation,
  name: string,
): Promise<HttpResult> {
  return arm(emulator, "GET", withApi(serviceConnectionPath(emulator, s, name), s.apiVersion));
}

export async function readService(
  emulator: RunningEmulator,
  s: ServiceExpectation,
  name: string,
): Promise<ConnectionJson> {
  const result = await getService(emulator, s, name);
  assert.equal(result.status, 200, `${s.resourceType}: ${result.text}`);
  return json<ConnectionJson>(result);
}

export function stateOf(c: ConnectionJson): { status: string; provisioningState: string } {
  return {
    status: c.properties.privateLinkServiceConnectionState.status,
    provisioningState: c.properties.provisioningState,
  };
}

/** The poll headers an answer carries, in a fixed order. */
export function pollHeaders(result: HttpResult): Poll[] {
  return (["location", "azure-asyncoperation"] as const).filter(
    (h) => header(result, h) !== undefined,
  );
}

export async function putService(
  emulator: RunningEmulator,
  s: ServiceExpectation,
  name: string,
  status: string,
): Promise<HttpResult> {
  return arm(emulator, "PUT", withApi(serviceConnectionPath(emulator, s, name), s.apiVersion), {
    body: stateBody(status),
  });
}
