/**
 * SdkConnectionsApi over the real SDK client and pipeline, with only the HTTP client replaced:
 * what goes on the wire and how ARM's answers are read, without a network.
 */
import { strict as assert } from "node:assert";
import { KEY_VAULT } from "../../provider/arm/parentKinds";
import { createKeyVaultManagement } from "@azure/arm-keyvault/api";
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { ConnectionBeingDeletedError } from "../../provider/arm/beingDeleted";
import { Deadline } from "../../provider/arm/clock";
import { ArmOperationError } from "../../provider/arm/errors";
import type { ConnectionRef } from "../../provider/arm/ids";
import { GONE_404_CODES } from "../../provider/arm/notFound";
import { LAST_LOOK_MS, SdkConnectionsApi } from "../../provider/arm/sdkConnectionsApi";
import { API_VERSION } from "../../provider/config";
import { CONN, CONN_ID, FakeClock, HSM_ID, PE_ID, REF, SUB, rejection } from "./support/fakes";

const ENDPOINT = "https://management.azure.com";
const CONN_URL = `${ENDPOINT}${CONN_ID}?api-version=${API_VERSION}`;
const OP_URL = `${ENDPOINT}/subscriptions/${SUB}/providers/Microsoft.KeyVault/locations/westeurope/operationResults/op-1?api-version=${API_VERSION}`;

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** A body that is not JSON (a proxy's HTML page), sent as it is. */
  text?: string;
}

function armConnection(status = "Approved", provisioningState = "Succeeded") {
  return {
    id: CONN_ID,
    name: CONN,
    type: "Microsoft.KeyVault/managedHSMs/privateEndpointConnections",
    etag: 'W/"3"',
    properties: {
      privateEndpoint: { id: PE_ID },
      privateLinkServiceConnectionState: { status, description: "ok", actionsRequired: "None" },
      provisioningState,
    },
  };
}

function setup(answers: Answer[], budgetMs = 600_000) {
  const requests: PipelineRequest[] = [];
  const bodies: (string | undefined)[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request): Promise<PipelineResponse> {
      requests.push(request);
      bodies.push(typeof request.body === "string" ? request.body : undefined);
      const answer = answers.shift();
      assert.ok(answer, `unexpected request ${request.method} ${request.url}`);
      return {
        request,
        status: answer.status,
        headers: createHttpHeaders({
          ...(answer.body === undefined ? {} : { "content-type": "application/json" }),
          ...(answer.text === undefined ? {} : { "content-type": "text/html" }),
          ...answer.headers,
        }),
        bodyAsText:
          answer.text ?? (answer.body === undefined ? undefined : JSON.stringify(answer.body)),
      };
    },
  };
  const credential = {
    getToken: async () => ({ token: "fake-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
  const context = createKeyVaultManagement(credential, SUB, {
    endpoint: ENDPOINT,
    apiVersion: API_VERSION,
    credentials: { scopes: [`${ENDPOINT}/.default`] },
    retryOptions: { maxRetries: 0 },
    httpClient,
  });
  const clock = new FakeClock();
  const api = new SdkConnectionsApi(context, ENDPOINT, API_VERSION, 60_000, {
    deadline: new Deadline(budgetMs, clock),
    clock,
    policy: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 },
  });
  return { api, requests, bodies, clock, remaining: answers };
}

/** 404s that say we asked the wrong place, with what the error must then say. */
const NOT_GONE_404S: [string, Answer, RegExp][] = [
  [
    "SubscriptionNotFound",
    {
      status: 404,
      body: {
        error: {
          code: "SubscriptionNotFound",
          message: `The subscription '${SUB}' could not be found.`,
        },
      },
    },
    /SubscriptionNotFound: The subscription '.*' could not be found\..*check subscriptionId/,
  ],
  [
    "ResourceGroupNotFound",
    {
      status: 404,
      body: {
        error: {
          code: "ResourceGroupNotFound",
          message: "Resource group 'rg' could not be found.",
        },
      },
    },
    /ResourceGroupNotFound: Resource group 'rg' could not be found\..*check resourceGroupName/,
  ],
  [
    "an HTML page (no ARM error body)",
    { status: 404, text: "<html><body><h1>404 Not Found</h1></body></html>" },
    /answered 404 without an ARM error body.*AZURE_RESOURCE_MANAGER_ENDPOINT/,
  ],
  ["an empty body", { status: 404 }, /answered 404 without an ARM error body/],
  [
    "another code (InvalidResourceType)",
    {
      status: 404,
      body: {
        error: { code: "InvalidResourceType", message: "The resource type could not be found." },
      },
    },
    /InvalidResourceType.*does not say that the connection is gone/,
  ],
];

describe("SdkConnectionsApi (real SDK pipeline, fake HTTP)", () => {
  describe("get", () => {
    it("GETs the connection's URL with a bearer token and maps ARM's body", async () => {
      const { api, requests } = setup([{ status: 200, body: armConnection() }]);
      const state = await api.get(REF);
      assert.deepEqual(state, {
        id: CONN_ID,
        name: CONN,
        status: "Approved",
        description: "ok",
        actionsRequired: "None",
        provisioningState: "Succeeded",
        privateEndpointId: PE_ID,
        etag: 'W/"3"',
      });
      assert.equal(requests[0].method, "GET");
      assert.equal(requests[0].url, CONN_URL);
      assert.equal(requests[0].headers.get("authorization"), "Bearer fake-token");
    });

    for (const code of GONE_404_CODES) {
      it(`answers undefined for ARM's 404 ${code} (the connection or its parent is gone)`, async () => {
        const { api } = setup([{ status: 404, body: { error: { code, message: "not here" } } }]);
        assert.equal(await api.get(REF), undefined);
      });
    }

    for (const [kind, answer, says] of NOT_GONE_404S) {
      it(`throws for a 404 that does not mean gone: ${kind}`, async () => {
        const { api, requests } = setup([answer]);
        const error = await rejection(api.get(REF));
        assert.ok(error instanceof ArmOperationError);
        assert.equal(requests.length, 1, "not retried");
        assert.ok(error.message.startsWith(`GET ${CONN_ID} failed: HTTP 404`), error.message);
        assert.match(error.message, says);
        assert.match(error.message, /the resource is kept in the state and nothing was deleted/);
        assert.ok(error.message.includes(ENDPOINT), "says where");
      });
    }

    const notArmSuccesses: [string, ConnectionRef, Answer][] = [
      [
        "an HTML page answered 200",
        REF,
        { status: 200, text: "<html><body>Sign in</body></html>" },
      ],
      ["JSON without an id answered 200", REF, { status: 200, body: { value: "portal" } }],
      ["a 204 from an HSM (its spec has none)", REF, { status: 204 }],
    ];
    for (const [kind, ref, answer] of notArmSuccesses) {
      it(`${kind} is not ARM's answer: an error naming the endpoint, never absent`, async () => {
        const { api } = setup([answer]);
        const error = await rejection(api.get(ref));
        assert.ok(error instanceof ArmOperationError, String(error));
        assert.ok(error.message.startsWith(`GET ${CONN_ID} failed: HTTP ${answer.status}`));
        assert.match(error.message, /not ARM's answer/);
        assert.match(error.message, /the resource is kept in the state and nothing was deleted/);
        assert.ok(error.message.includes(ENDPOINT), "says where");
      });
    }

    it("answers undefined for the vault's 204 without a body", async () => {
      const { api } = setup([{ status: 204 }]);
      const vaultRef: ConnectionRef = { ...REF, profile: KEY_VAULT.profile, parentName: "kv-1" };
      assert.equal(await api.get(vaultRef), undefined);
    });

    it("retries a 429, honouring Retry-After, then answers", async () => {
      const { api, clock, requests } = setup([
        {
          status: 429,
          headers: { "retry-after": "3" },
          body: { error: { code: "TooManyRequests" } },
        },
        { status: 200, body: armConnection() },
      ]);
      assert.equal((await api.get(REF))?.status, "Approved");
      assert.deepEqual(clock.sleeps, [3000]);
      assert.equal(requests.length, 2);
    });

    it("throws a 403 as an ArmOperationError naming the operation, code and request id", async () => {
      const { api } = setup([
        {
          status: 403,
          headers: { "x-ms-request-id": "rid-403" },
          body: { error: { code: "AuthorizationFailed", message: "no access" } },
        },
      ]);
      const error = await rejection(api.get(REF));
      assert.ok(error instanceof ArmOperationError);
      assert.ok(error.message.startsWith(`GET ${CONN_ID} failed: HTTP 403: AuthorizationFailed`));
      assert.match(error.message, /no access/);
      assert.match(error.message, /x-ms-request-id: rid-403/);
    });
  });

  describe("list", () => {
    it("reads every page", async () => {
      const second = { ...armConnection("Pending"), name: "pe-2" };
      const { api, requests } = setup([
        {
          status: 200,
          body: {
            value: [armConnection()],
            nextLink: `${ENDPOINT}${HSM_ID}/privateEndpointConnections?api-version=${API_VERSION}&$skiptoken=2`,
          },
        },
        { status: 200, body: { value: [second] } },
      ]);
      const all = await api.list(REF);
      assert.deepEqual(
        all.map((c) => [c.name, c.status]),
        [
          [CONN, "Approved"],
          ["pe-2", "Pending"],
        ],
      );
      assert.equal(requests.length, 2);
      assert.match(requests[1].url, /skiptoken=2/);
    });

    for (const [kind, answer] of [
      ["an HTML page", { status: 200, text: "<html><body>Sign in</body></html>" }],
      ["JSON without value", { status: 200, body: { status: "ok" } }],
    ] as [string, Answer][]) {
      it(`a 200 with ${kind} is not ARM's list: an error naming the endpoint, never empty`, async () => {
        const { api } = setup([answer]);
        const error = await rejection(api.list(REF));
        assert.ok(error instanceof ArmOperationError, String(error));
        assert.match(error.message, /HTTP 200.*not ARM's answer/);
        assert.ok(error.message.includes(ENDPOINT), "says where");
      });
    }

    it("names items from their ids when ARM sends only id and properties, as recorded", async () => {
      const { id, properties } = armConnection("Pending");
      const { api } = setup([{ status: 200, body: { value: [{ id, properties }] } }]);
      const [only] = await api.list(REF);
      assert.equal(only.name, CONN);
      assert.equal(only.status, "Pending");
      assert.equal(only.etag, undefined);
    });
  });

  describe("put", () => {
    it("sends only the declared state, and returns ARM's answer with its Retry-After", async () => {
      const { api, requests, bodies } = setup([
        {
          status: 200,
          headers: { "retry-after": "12" },
          body: armConnection("Approved", "Updating"),
        },
      ]);
      const result = await api.put(REF, { status: "Approved", description: "ok" });
      assert.equal(requests[0].method, "PUT");
      assert.equal(requests[0].url, CONN_URL);
      assert.deepEqual(JSON.parse(bodies[0] ?? "null"), {
        properties: {
          privateLinkServiceConnectionState: {
            status: "Approved",
            description: "ok",
            actionsRequired: "None",
          },
        },
      });
      assert.equal(result.state.provisioningState, "Updating");
      assert.equal(result.retryAfterMs, 12_000);
    });

    it("a 409 Conflict while a GET shows the connection Deleting is not retried", async () => {
      const conflict = { error: { code: "Conflict", message: "being deleted" } };
      const { api, requests } = setup([
        { status: 409, body: conflict },
        { status: 200, body: armConnection("Approved", "Deleting") },
      ]);
      const error = await rejection(api.put(REF, { status: "Rejected", description: "" }));
      assert.ok(error instanceof ConnectionBeingDeletedError, String(error));
      assert.equal(error.details.transient, false);
      assert.match(error.message, /HTTP 409: Conflict: being deleted/);
      assert.match(error.message, /another client is deleting the connection/);
      assert.deepEqual(
        requests.map((r) => r.method),
        ["PUT", "GET"],
      );
    });

    it("a 409 Conflict while the connection is already gone is not retried either", async () => {
      const { api, requests } = setup([
        { status: 409, body: { error: { code: "Conflict", message: "being deleted" } } },
        { status: 404, body: { error: { code: "ResourceNotFound", message: "gone" } } },
      ]);
      const error = await rejection(api.put(REF, { status: "Rejected", description: "" }));
      assert.ok(error instanceof ConnectionBeingDeletedError, String(error));
      assert.equal(requests.length, 2);
    });

    it("a 409 ConflictError of a busy parent (the connection not Deleting) is retried", async () => {
      const { api, requests } = setup([
        { status: 409, body: { error: { code: "ConflictError", message: "serialize" } } },
        { status: 200, body: armConnection() },
        { status: 200, body: armConnection() },
      ]);
      await api.put(REF, { status: "Approved", description: "" });
      assert.deepEqual(
        requests.map((r) => r.method),
        ["PUT", "GET", "PUT"],
      );
    });

    it("retries 409 AnotherOperationInProgress", async () => {
      const { api, requests } = setup([
        { status: 409, body: { error: { code: "AnotherOperationInProgress", message: "busy" } } },
        { status: 200, body: armConnection() },
        { status: 200, body: armConnection() },
      ]);
      await api.put(REF, { status: "Approved", description: "" });
      assert.equal(requests.filter((r) => r.method === "PUT").length, 2);
    });
  });

  describe("per-request timeout", () => {
    it("is the configured one while the deadline leaves more", async () => {
      const { api, requests } = setup([{ status: 200, body: armConnection() }]);
      await api.get(REF);
      assert.equal(requests[0].timeout, 60_000);
    });

    it("never outlasts the operation's deadline, for every kind of request", async () => {
      const { api, requests, clock } = setup(
        [
          { status: 200, body: armConnection() },
          { status: 200, body: armConnection() },
          { status: 200, body: { value: [] } },
          { status: 202, headers: { location: OP_URL } },
          { status: 202 },
        ],
        90_000,
      );
      clock.advance(70_000);
      await api.get(REF);
      await api.put(REF, { status: "Approved", description: "" });
      await api.list(REF);
      await api.beginDelete(REF);
      await api.poll(OP_URL);
      assert.deepEqual(
        requests.map((r) => r.timeout),
        [20_000, 20_000, 20_000, 20_000, 20_000],
      );
    });

    it("a look sent as the deadline ends gets LAST_LOOK_MS to be answered, no more", async () => {
      const { api, requests, clock } = setup([{ status: 200, body: armConnection() }], 90_000);
      clock.advance(90_000);
      await api.get(REF);
      assert.equal(requests[0].timeout, LAST_LOOK_MS);
      assert.ok(LAST_LOOK_MS < 60_000);
    });
  });

  describe("key vault connections", () => {
    const vaultRef: ConnectionRef = { ...REF, profile: KEY_VAULT.profile, parentName: "kv-1" };
    const vaultPath = CONN_ID.replace("/managedHSMs/contoso-hsm/", "/vaults/kv-1/");

    it("use the vaults URLs for get, put, list and delete", async () => {
      const { api, requests } = setup([
        { status: 200, body: { ...armConnection(), id: vaultPath } },
        { status: 200, body: { ...armConnection(), id: vaultPath } },
        { status: 200, body: { value: [] } },
        { status: 204 },
      ]);
      await api.get(vaultRef);
      await api.put(vaultRef, { status: "Rejected", description: "" });
      await api.list(vaultRef);
      await api.beginDelete(vaultRef);
      const url = `${ENDPOINT}${vaultPath}?api-version=${API_VERSION}`;
      assert.deepEqual(
        requests.map((r) => `${r.method} ${r.url}`),
        [
          `GET ${url}`,
          `PUT ${url}`,
          `GET ${ENDPOINT}${vaultPath.replace(`/${CONN}`, "")}?api-version=${API_VERSION}`,
          `DELETE ${url}`,
        ],
      );
    });

    it("a 200 without an id is not ARM's answer: an error, never absent", async () => {
      const { api, requests } = setup([{ status: 200, body: {} }]);
      const error = await rejection(api.get(vaultRef));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(requests.length, 1, "not retried");
      assert.match(error.message, /HTTP 200.*not a private endpoint connection/);
      assert.match(error.message, /not ARM's answer.*nothing was deleted/);
    });
  });

  describe("beginDelete", () => {
    const goneAnswers: [string, Answer][] = [
      ...GONE_404_CODES.map((code): [string, Answer] => [
        `404 ${code}`,
        { status: 404, body: { error: { code, message: "not here" } } },
      ]),
    ];
    for (const [kind, answer] of goneAnswers) {
      it(`${kind} is gone`, async () => {
        const { api, requests } = setup([answer]);
        assert.deepEqual(await api.beginDelete(REF), {
          kind: "gone",
          statusCode: answer.status,
        });
        assert.equal(requests[0].method, "DELETE");
        assert.equal(requests[0].url, CONN_URL);
      });
    }

    for (const [kind, answer, says] of NOT_GONE_404S) {
      it(`a 404 that does not mean gone is an error, not a finished destroy: ${kind}`, async () => {
        const { api } = setup([answer]);
        const error = await rejection(api.beginDelete(REF));
        assert.ok(error instanceof ArmOperationError);
        assert.ok(error.message.startsWith(`DELETE ${CONN_ID} failed: HTTP 404`), error.message);
        assert.match(error.message, says);
        assert.match(error.message, /nothing was deleted/);
      });
    }

    it("204 is completed, not gone: a GET confirms it (any proxy can answer 204)", async () => {
      const { api } = setup([{ status: 204 }]);
      assert.deepEqual(await api.beginDelete(REF), {
        kind: "completed",
        statusCode: 204,
        body: undefined,
      });
    });

    it("200 is completed, with the body", async () => {
      const { api } = setup([{ status: 200, body: { status: "Succeeded" } }]);
      assert.deepEqual(await api.beginDelete(REF), {
        kind: "completed",
        statusCode: 200,
        body: { status: "Succeeded" },
      });
    });

    it("202 with Azure-AsyncOperation and Location polls the former, with Retry-After", async () => {
      const { api } = setup([
        {
          status: 202,
          headers: {
            "azure-asyncoperation": OP_URL,
            location: OP_URL.replace("operationResults", "operationStatuses"),
            "retry-after": "17",
          },
        },
      ]);
      assert.deepEqual(await api.beginDelete(REF), {
        kind: "accepted",
        pollUrl: OP_URL,
        style: "azure-asyncoperation",
        retryAfterMs: 17_000,
      });
    });

    it("202 with a relative Location resolves it against the endpoint", async () => {
      const { api } = setup([
        { status: 202, headers: { location: `/subscriptions/${SUB}/operationResults/op-9` } },
      ]);
      const start = await api.beginDelete(REF);
      assert.equal(start.kind, "accepted");
      assert.ok(start.kind === "accepted");
      assert.equal(start.pollUrl, `${ENDPOINT}/subscriptions/${SUB}/operationResults/op-9`);
      assert.equal(start.style, "location");
      assert.equal(start.retryAfterMs, undefined);
    });

    it("202 with nowhere to poll is completed without a body (confirmed by GET)", async () => {
      const { api } = setup([{ status: 202 }]);
      assert.deepEqual(await api.beginDelete(REF), {
        kind: "completed",
        statusCode: 202,
        body: undefined,
      });
    });

    it("refuses an operation URL on another host (it would receive the token)", async () => {
      const { api } = setup([
        { status: 202, headers: { location: "https://attacker.example/op?api-version=1" } },
      ]);
      const error = await rejection(api.beginDelete(REF));
      assert.match(error.message, /another host \(https:\/\/attacker\.example\)/);
      assert.match(error.message, /refusing to send credentials there/);
    });

    it("throws a 400 as an ArmOperationError with ARM's words", async () => {
      const { api } = setup([
        { status: 400, body: { error: { code: "BadRequest", message: "cannot delete now" } } },
      ]);
      const error = await rejection(api.beginDelete(REF));
      assert.ok(error instanceof ArmOperationError);
      assert.ok(error.message.startsWith(`DELETE ${CONN_ID} failed: HTTP 400`), error.message);
      assert.match(error.message, /cannot delete now/);
    });

    it("retries a 503", async () => {
      const { api, requests } = setup([{ status: 503 }, { status: 204 }]);
      assert.equal((await api.beginDelete(REF)).kind, "completed");
      assert.equal(requests.length, 2);
    });
  });

  describe("poll", () => {
    it("reads status, body, Retry-After and a moved Location", async () => {
      const next = OP_URL.replace("op-1", "op-2");
      const { api, requests } = setup([
        { status: 202, headers: { "retry-after": "4", location: next } },
      ]);
      assert.deepEqual(await api.poll(OP_URL), {
        statusCode: 202,
        body: undefined,
        retryAfterMs: 4000,
        nextPollUrl: next,
      });
      assert.equal(requests[0].url, OP_URL);
      assert.equal(requests[0].method, "GET");
    });

    it("answers a 200 with its body, and a 404 without throwing", async () => {
      const { api } = setup([
        { status: 200, body: { status: "Failed", error: { code: "X", message: "y" } } },
        { status: 404 },
      ]);
      assert.deepEqual((await api.poll(OP_URL)).body, {
        status: "Failed",
        error: { code: "X", message: "y" },
      });
      assert.equal((await api.poll(OP_URL)).statusCode, 404);
    });

    it("refuses a Location on another host", async () => {
      const { api } = setup([{ status: 202, headers: { location: "https://evil.example/op" } }]);
      await rejection(api.poll(OP_URL));
    });

    it("throws a 500 after the retry policy's attempts", async () => {
      const { api, requests } = setup([
        { status: 500 },
        { status: 500 },
        { status: 500 },
        { status: 500 },
      ]);
      const error = await rejection(api.poll(OP_URL));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(error.details.statusCode, 500);
      assert.equal(requests.length, 4);
    });
  });
});
