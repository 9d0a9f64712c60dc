import { strict as assert } from "node:assert";
import { createKeyVaultManagement } from "@azure/arm-keyvault/api";
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
} from "@azure/core-rest-pipeline";
import { Deadline } from "../../provider/arm/clock";
import { formatParentId } from "../../provider/arm/ids";
import {
  newestApiVersion,
  profileFromRegistration,
  resolveParentResource,
  type RegistrationLookup,
} from "../../provider/arm/providerRegistration";
import { SteppingClock } from "../support/testClocks";

/*
 * A type not in the profile table, from ARM's provider registration (the shape of
 * GET /subscriptions/{id}/providers/{namespace}), over the real pipeline with only the HTTP
 * client replaced.
 */
const ENDPOINT = "https://management.azure.com";

function clientAnswering(status: number, body: unknown) {
  const requests: PipelineRequest[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request) {
      requests.push(request);
      const headers = createHttpHeaders({ "content-type": "application/json" });
      return { request, status, headers, bodyAsText: JSON.stringify(body) };
    },
  };
  const credential = {
    getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
  const client = createKeyVaultManagement(credential, "s", {
    endpoint: ENDPOINT,
    credentials: { scopes: [`${ENDPOINT}/.default`] },
    retryOptions: { maxRetries: 0 },
    httpClient,
  });
  return { client, requests };
}

const retry = () => ({
  deadline: new Deadline(60_000, new SteppingClock()),
  clock: new SteppingClock(),
});

const KUSTO = {
  namespace: "Microsoft.Kusto",
  resourceTypes: [
    { resourceType: "clusters", apiVersions: ["2023-08-15", "2022-12-29"] },
    {
      resourceType: "clusters/privateEndpointConnections",
      apiVersions: ["2024-04-13", "2023-08-15", "2024-10-01-preview"],
    },
  ],
};

describe("a type not in the profile table, from its provider registration", () => {
  it("is served on its newest stable api-version, with ARM's common behaviour", async () => {
    const { client, requests } = clientAnswering(200, KUSTO);
    const found = await profileFromRegistration(
      client,
      "sub-1",
      "microsoft.kusto/Clusters",
      "parentResourceId",
      retry(),
    );
    assert.ok(found.ok);
    assert.equal(found.profile.apiVersion, "2024-04-13");
    assert.equal(found.profile.resourceType, "Microsoft.Kusto/clusters");
    assert.equal(found.profile.collection, "privateEndpointConnections");
    assert.equal(
      requests[0].url,
      `${ENDPOINT}/subscriptions/sub-1/providers/microsoft.kusto?api-version=2021-04-01`,
    );
  });

  it("is refused, naming the field, when it registers no private endpoint connections", async () => {
    const { client } = clientAnswering(200, { ...KUSTO, resourceTypes: [KUSTO.resourceTypes[0]] });
    const found = await profileFromRegistration(
      client,
      "s",
      "Microsoft.Kusto/clusters",
      "parents[0]",
      retry(),
    );
    assert.equal(found.ok, false);
    assert.match(
      found.ok ? "" : found.problem,
      /^parents\[0\]: Microsoft\.Kusto\/clusters has no private endpoint connections .*lists no clusters\/privateEndpointConnections/,
    );
  });

  it("refuses a namespace ARM has no resource provider for, naming the field and ARM's code", async () => {
    const error = {
      error: {
        code: "InvalidResourceNamespace",
        message: "The resource namespace 'Microsoft.Nope' is invalid.",
      },
    };
    const { client } = clientAnswering(404, error);
    const registered = await profileFromRegistration(
      client,
      "s",
      "Microsoft.Nope/things",
      "parentResourceId",
      retry(),
    );
    assert.ok(!registered.ok);
    assert.match(
      registered.problem,
      /^parentResourceId: Microsoft\.Nope\/things is no type ARM knows: .*InvalidResourceNamespace/,
    );
  });

  it("fails with ARM's answer on any other 404 (the subscription, say)", async () => {
    const error = { error: { code: "SubscriptionNotFound", message: "not found" } };
    const { client } = clientAnswering(404, error);
    await assert.rejects(
      profileFromRegistration(client, "s", "Microsoft.Nope/things", "parentResourceId", retry()),
      /HTTP 404: SubscriptionNotFound/,
    );
  });

  it("prefers a stable version to a newer preview, and a preview to none", () => {
    assert.equal(
      newestApiVersion(["2021-01-01", "2025-01-01-preview", "2023-05-01"]),
      "2023-05-01",
    );
    assert.equal(newestApiVersion(["2024-01-01-preview"]), "2024-01-01-preview");
    assert.equal(newestApiVersion([]), undefined);
  });
});

describe("a parent of any type, by the table or by its registration", () => {
  const looked: string[] = [];
  const lookup: RegistrationLookup = async (subscriptionId, resourceType, field) => {
    looked.push(`${subscriptionId} ${resourceType}`);
    const { client } = clientAnswering(200, KUSTO);
    return profileFromRegistration(client, subscriptionId, resourceType, field, retry());
  };
  const id = (typeAndName: string) =>
    `/subscriptions/s1/resourceGroups/rg/providers/${typeAndName}`;

  it("asks ARM nothing for a type in the table", async () => {
    looked.length = 0;
    const found = await resolveParentResource(
      "parentResourceId",
      id("Microsoft.Sql/servers/db"),
      lookup,
    );
    assert.ok(found.ok);
    assert.equal(found.parent.profile.apiVersion, "2021-11-01");
    assert.deepEqual(looked, []);
  });

  it("serves another type on its registration, in ARM's spelling", async () => {
    looked.length = 0;
    const found = await resolveParentResource(
      "parentResourceId",
      id("microsoft.kusto/clusters/k1"),
      lookup,
    );
    assert.ok(found.ok);
    assert.equal(
      formatParentId(found.parent),
      "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Kusto/clusters/k1",
    );
    assert.equal(found.parent.profile.apiVersion, "2024-04-13");
    assert.deepEqual(looked, ["s1 microsoft.kusto/clusters"]);
  });

  it("refuses a type whose registration has no connections, and a malformed id without asking", async () => {
    looked.length = 0;
    const noConnections = await resolveParentResource(
      "parentResourceId",
      id("Microsoft.Kusto/pools/p"),
      lookup,
    );
    assert.match(
      noConnections.ok ? "" : noConnections.problem,
      /Microsoft\.Kusto\/pools has no private endpoint connections/,
    );
    const malformed = await resolveParentResource("parentResourceId", "not-an-id", lookup);
    assert.match(malformed.ok ? "" : malformed.problem, /is not the ARM id of a resource/);
    assert.equal(looked.length, 1);
  });
});
