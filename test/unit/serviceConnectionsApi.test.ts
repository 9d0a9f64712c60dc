/**
 * ServiceConnectionsApi over the real SDK client and pipeline, with only the HTTP client
 * replaced: each service's paths, api-version and spelling on the wire, and its answers read as
 * its profile says (the answers below are shaped as the services' recordings show them).
 */
import { strict as assert } from "node:assert";
import { createKeyVaultManagement } from "@azure/arm-keyvault/api";
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { Deadline } from "../../provider/arm/clock";
import { ArmOperationError } from "../../provider/arm/errors";
import type { ConnectionRef, ParentRef } from "../../provider/arm/ids";
import { parseParentResourceId } from "../../provider/arm/parentResourceId";
import { ServiceConnectionsApi } from "../../provider/arm/serviceConnectionsApi";
import { FakeClock } from "./support/fakes";

const ENDPOINT = "https://management.azure.com";
const SUB = "00000000-0000-0000-0000-000000000001";

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One connection of the parent. */
function at(parent: ParentRef, connectionName: string): ConnectionRef {
  return { ...parent, connectionName };
}

function parentOf(typeAndName: string): ParentRef {
  const parsed = parseParentResourceId(
    "parentResourceId",
    `/subscriptions/${SUB}/resourceGroups/rg/providers/${typeAndName}`,
  );
  assert.ok(parsed.ok);
  return parsed.parent;
}

const STORAGE = parentOf("Microsoft.Storage/storageAccounts/acct");

function connection(parent: ParentRef, name: string, state: Record<string, string>) {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/${parent.profile.resourceType}/${parent.parentName}/privateEndpointConnections/${name}`,
    name,
    properties: {
      privateEndpoint: {
        id: "/subscriptions/s2/resourceGroups/c/providers/Microsoft.Network/privateEndpoints/pe",
      },
      privateLinkServiceConnectionState: state,
      provisioningState: "Succeeded",
    },
  };
}

function setup(answers: Answer[]) {
  const requests: PipelineRequest[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request): Promise<PipelineResponse> {
      requests.push(request);
      const answer = answers.shift();
      assert.ok(answer, `unexpected request ${request.method} ${request.url}`);
      const json: Record<string, string> =
        answer.body === undefined ? {} : { "content-type": "application/json" };
      return {
        request,
        status: answer.status,
        headers: createHttpHeaders({ ...json, ...answer.headers }),
        bodyAsText: answer.body === undefined ? undefined : JSON.stringify(answer.body),
      };
    },
  };
  const credential = {
    getToken: async () => ({ token: "fake-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
  const client = createKeyVaultManagement(credential, SUB, {
    endpoint: ENDPOINT,
    credentials: { scopes: [`${ENDPOINT}/.default`] },
    retryOptions: { maxRetries: 0 },
    httpClient,
  });
  const clock = new FakeClock();
  const api = new ServiceConnectionsApi(client, ENDPOINT, 60_000, {
    deadline: new Deadline(600_000, clock),
    clock,
    policy: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 },
  });
  return { api, requests };
}

describe("ServiceConnectionsApi", () => {
  it("GETs a storage account's connection on its api-version, reading actionRequired", async () => {
    const body = connection(STORAGE, "c1", {
      status: "Pending",
      description: "",
      actionRequired: "None",
    });
    const { api, requests } = setup([{ status: 200, body }]);
    const state = await api.get(at(STORAGE, "c1"));
    assert.equal(
      requests[0].url,
      `${ENDPOINT}/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct` +
        `/privateEndpointConnections/c1?api-version=2023-05-01`,
    );
    assert.equal(state?.status, "Pending");
    assert.equal(state?.actionsRequired, "None");
  });

  it("PUTs Storage's spelling and takes its synchronous 200 as the answer", async () => {
    const body = connection(STORAGE, "c1", {
      status: "Approved",
      description: "ok",
      actionRequired: "None",
    });
    const { api, requests } = setup([{ status: 200, body }]);
    const answer = await api.put(at(STORAGE, "c1"), { status: "Approved", description: "ok" });
    const sent = JSON.parse(String(requests[0].body));
    assert.deepEqual(sent.properties.privateLinkServiceConnectionState, {
      status: "Approved",
      description: "ok",
      actionRequired: "None",
    });
    assert.equal(answer.state?.status, "Approved");
    assert.equal(answer.operation, undefined);
  });

  it("follows a long-running PUT: ACR's 201 and Cosmos DB's 202 with an operation status body", async () => {
    const acr = parentOf("Microsoft.ContainerRegistry/registries/reg");
    const op = `${ENDPOINT}/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/eastus/operationResults/1`;
    const body = connection(acr, "c", {
      status: "Pending",
      description: "",
      actionsRequired: "None",
    });
    const first = setup([{ status: 201, headers: { "azure-asyncoperation": op }, body }]);
    const answer = await first.api.put(at(acr, "c"), { status: "Approved", description: "" });
    assert.deepEqual(answer.operation, { pollUrl: op, style: "azure-asyncoperation" });
    assert.equal(answer.state?.status, "Pending", "the old status, while the operation runs");

    const cosmos = parentOf("Microsoft.DocumentDB/databaseAccounts/db");
    const headers = { location: `${op}?l=1`, "azure-asyncoperation": op };
    const second = setup([{ status: 202, headers, body: { status: "Enqueued" } }]);
    const enqueued = await second.api.put(at(cosmos, "c"), { status: "Approved", description: "" });
    assert.equal(enqueued.state, undefined);
    assert.equal(enqueued.operation?.style, "azure-asyncoperation");
    assert.match(
      second.requests[0].url,
      /databaseAccounts\/db\/privateEndpointConnections\/c\?api-version=2024-05-15$/,
    );
  });

  it("reads absent as each service answers it, and refuses a 404 that does not mean gone", async () => {
    const notFound = (code: string) => ({ status: 404, body: { error: { code, message: "m" } } });
    const search = parentOf("Microsoft.Search/searchServices/s");
    assert.equal(await setup([notFound("ResourceNotFound")]).api.get(at(search, "c")), undefined);
    const factory = parentOf("Microsoft.DataFactory/factories/f");
    assert.equal(await setup([notFound("NotFound")]).api.get(at(factory, "c")), undefined);
    const vault = parentOf("Microsoft.KeyVault/vaults/v");
    assert.equal(await setup([{ status: 204 }]).api.get(at(vault, "c")), undefined);
    await assert.rejects(
      setup([notFound("NotFound")]).api.get(at(STORAGE, "c")),
      /HTTP 404: NotFound/,
    );
    await assert.rejects(setup([{ status: 204 }]).api.get(at(STORAGE, "c")), ArmOperationError);
  });

  it("lists a data factory's connections under privateEndPointConnections, every page", async () => {
    const factory = parentOf("Microsoft.DataFactory/factories/f");
    const item = (n: string) =>
      connection(factory, n, { status: "Pending", description: "", actionsRequired: "" });
    const next = `${ENDPOINT}/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DataFactory/factories/f/privateEndPointConnections?page=2`;
    const { api, requests } = setup([
      { status: 200, body: { value: [item("a")], nextLink: next } },
      { status: 200, body: { value: [item("b")] } },
    ]);
    const all = await api.list(factory);
    assert.deepEqual(
      all.map((c) => c.name),
      ["a", "b"],
    );
    assert.match(
      requests[0].url,
      /\/factories\/f\/privateEndPointConnections\?api-version=2018-06-01$/,
    );
    assert.equal(requests[1].url, next);
  });

  it("refuses a nextLink on another host, sending it nothing", async () => {
    const { api, requests } = setup([
      { status: 200, body: { value: [], nextLink: "https://elsewhere.example/next" } },
    ]);
    await assert.rejects(api.list(STORAGE), /another host \(https:\/\/elsewhere\.example\)/);
    assert.equal(requests.length, 1);
  });

  it("says the SQL family's Pending-only refusal as ARM said it, without retrying", async () => {
    const sql = parentOf("Microsoft.Sql/servers/db1");
    const error = {
      code: "PrivateEndpointConnectionStatusNotPending",
      message: "Private Endpoint Connection Status is not Pending",
    };
    const { api, requests } = setup([{ status: 400, body: { error } }]);
    await assert.rejects(
      api.put(at(sql, "c"), { status: "Rejected", description: "" }),
      /PUT .*Microsoft\.Sql\/servers\/db1\/privateEndpointConnections\/c failed: HTTP 400: PrivateEndpointConnectionStatusNotPending/,
    );
    assert.equal(requests.length, 1);
  });

  it("retries a throttled request under the shared policy", async () => {
    const body = connection(STORAGE, "c1", {
      status: "Approved",
      description: "",
      actionRequired: "None",
    });
    const { api, requests } = setup([
      { status: 429, headers: { "retry-after": "1" } },
      { status: 200, body },
    ]);
    assert.equal((await api.get(at(STORAGE, "c1")))?.status, "Approved");
    assert.equal(requests.length, 2);
  });

  it("starts a DELETE as the service answers: 202 with Location to poll, 200 done", async () => {
    const pls = parentOf("Microsoft.Network/privateLinkServices/pls");
    const location = `${ENDPOINT}/subscriptions/${SUB}/providers/Microsoft.Network/locations/eastus/operationResults/9`;
    const accepted = await setup([{ status: 202, headers: { location } }]).api.beginDelete(
      at(pls, "c"),
    );
    assert.deepEqual(accepted, {
      kind: "accepted",
      pollUrl: location,
      style: "location",
      retryAfterMs: undefined,
    });
    const done = await setup([{ status: 200 }]).api.beginDelete(at(STORAGE, "c"));
    assert.equal(done.kind, "completed");
    const search = parentOf("Microsoft.Search/searchServices/s");
    const gone = { status: 404, body: { error: { code: "ResourceNotFound", message: "m" } } };
    assert.equal((await setup([gone]).api.beginDelete(at(search, "c"))).kind, "gone");
  });

  it("polls an operation URL and reads the next Location", async () => {
    const op = `${ENDPOINT}/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/operationResults/1`;
    const { api } = setup([
      { status: 201, headers: { location: `${op}?n=2` }, body: { status: "InProgress" } },
    ]);
    const answer = await api.poll(op);
    assert.equal(answer.statusCode, 201);
    assert.equal(answer.nextPollUrl, `${op}?n=2`);
  });
});
