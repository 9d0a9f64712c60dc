import { strict as assert } from "node:assert";
import type { AccessToken, GetTokenOptions } from "@azure/core-auth";
import {
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import sinon from "sinon";
import { createArmContext } from "../../provider/arm/client";
import {
  CREDENTIAL_CHAIN,
  CredentialError,
  armCredential,
  credentialCacheKey,
  describeCredential,
  identityClasses,
  renewable,
  type CredentialSettings,
  type RenewableCredential,
} from "../../provider/arm/credential";
import { describeCredentialFailure } from "../../provider/arm/errors";
import { readArmSettings } from "../../provider/config";
import { SUB, rejection } from "./support/fakes";

describe("credential and client", () => {
  describe("armCredential", () => {
    const secret = (clientSecret: string) => ({
      kind: "clientSecret" as const,
      tenantId: "t",
      clientId: "c",
      clientSecret,
      source: "client secret from ARM_CLIENT_SECRET",
    });

    it("is one credential per identity and authority, shared across calls", () => {
      const settings = readArmSettings({});
      const a = armCredential(settings, secret("one"));
      assert.equal(armCredential(readArmSettings({}), secret("one")), a);
      const b = armCredential(settings, secret("rotated-secret-value"));
      assert.notEqual(b, a, "a changed identity gets a new credential");
      assert.equal(armCredential(settings, secret("rotated-secret-value")), b);
      const c = armCredential(
        readArmSettings({ AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443" }),
        secret("rotated-secret-value"),
      );
      assert.notEqual(c, b, "another authority gets a new credential");
    });

    it("names the whole chain for messages", () => {
      for (const part of [
        "DefaultAzureCredential",
        "environment",
        "workload identity",
        "managed identity",
        "Azure CLI",
      ]) {
        assert.ok(CREDENTIAL_CHAIN.includes(part), part);
      }
    });

    it("names the credential class and its source, and never the secret", () => {
      const text = describeCredential(secret("s3cr3t-value"));
      assert.equal(text, "ClientSecretCredential (client secret from ARM_CLIENT_SECRET)");
      assert.equal(describeCredential({ kind: "default", source: "x" }), CREDENTIAL_CHAIN);
    });

    it("a failure to get a token says which credential failed", () => {
      const error = new CredentialError(
        "ClientAssertionCredential (OIDC token from ARM_OIDC_TOKEN)",
        new Error("AADSTS700212: audience"),
      );
      assert.equal(
        describeCredentialFailure(error),
        "Could not get an Azure token for ARM with ClientAssertionCredential (OIDC token from ARM_OIDC_TOKEN). AADSTS700212: audience",
      );
    });
  });

  describe("the cloud's authority reaches each credential", () => {
    const sp = { tenantId: "t", clientId: "c", source: "unit test" };
    const kinds: [CredentialSettings, keyof typeof identityClasses][] = [
      [{ kind: "clientSecret", clientSecret: "s", ...sp }, "ClientSecretCredential"],
      [
        { kind: "clientCertificate", certificatePath: "/c.pem", ...sp },
        "ClientCertificateCredential",
      ],
      [{ kind: "oidcToken", token: "jwt", ...sp }, "ClientAssertionCredential"],
      [{ kind: "oidcTokenFile", tokenFilePath: "/t", ...sp }, "WorkloadIdentityCredential"],
      [
        { kind: "oidcRequest", requestUrl: "https://x", requestToken: "r", audience: "a", ...sp },
        "ClientAssertionCredential",
      ],
      [{ kind: "default", source: "chain" }, "DefaultAzureCredential"],
    ];
    const clouds: [string, string][] = [
      ["public", "https://login.microsoftonline.com"],
      ["usgovernment", "https://login.microsoftonline.us"],
      ["china", "https://login.chinacloudapi.cn"],
    ];
    afterEach(() => sinon.restore());

    /** The options object (the one with authorityHost) the class was constructed with. */
    function optionsOf(stub: sinon.SinonStub): Record<string, unknown> | undefined {
      assert.equal(stub.callCount, 1);
      assert.ok(stub.firstCall.calledWithNew());
      const args = stub.firstCall.args as unknown[];
      return args.find(
        (arg): arg is Record<string, unknown> =>
          typeof arg === "object" && arg !== null && "disableInstanceDiscovery" in arg,
      );
    }

    for (const [cloud, authority] of clouds) {
      for (const [settings, className] of kinds) {
        it(`${cloud}: ${settings.kind} -> ${className} logs in at ${authority}`, () => {
          const stub = sinon.stub(identityClasses, className);
          armCredential(readArmSettings({ ARM_ENVIRONMENT: cloud }), {
            ...settings,
            source: `${cloud} ${settings.source}`,
          });
          const options = optionsOf(stub);
          assert.equal(options?.authorityHost, authority);
          assert.equal(options?.disableInstanceDiscovery, false);
        });
      }

      it(`${cloud}: managedIdentity is given no authority (IMDS answers for the cloud)`, () => {
        const stub = sinon.stub(identityClasses, "ManagedIdentityCredential");
        armCredential(readArmSettings({ ARM_ENVIRONMENT: cloud }), {
          kind: "managedIdentity",
          clientId: "mi",
          source: `${cloud} managed identity`,
        });
        assert.equal(stub.callCount, 1);
        assert.deepEqual(stub.firstCall.args, [{ clientId: "mi" }]);
      });
    }
  });

  describe("createArmContext", () => {
    it("asks tokens for the configured scope (the cloud's audience), not the endpoint's", async () => {
      const scopes: (string | string[])[] = [];
      const credential = {
        async getToken(
          scope: string | string[],
          _options?: GetTokenOptions,
        ): Promise<AccessToken | null> {
          scopes.push(scope);
          throw new Error("no token in unit tests");
        },
        renewedToken: () => Promise.reject(new Error("not asked in this test")),
      };
      const settings = readArmSettings({ AZURE_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.1:9" });
      const context = createArmContext(settings, SUB, credential);
      assert.equal(context.subscriptionId, SUB);
      assert.equal(context.apiVersion, settings.apiVersion);
      const error = await rejection(context.pathUnchecked("/subscriptions").get());
      assert.match(error.message, /no token in unit tests/);
      assert.deepEqual(scopes.flat(), ["https://management.azure.com/.default"]);
    });
  });

  describe("the credential cache's key", () => {
    const secret = "a-secret-value-1234";
    const base: CredentialSettings = {
      kind: "clientSecret",
      tenantId: "t",
      clientId: "c",
      clientSecret: secret,
      source: "client secret from ARM_CLIENT_SECRET",
    };
    const arm = readArmSettings({});

    it("changes with everything that decides the token, and holds no secret", () => {
      const key = credentialCacheKey(arm, base);
      assert.match(key, /^[0-9a-f]{64}$/);
      assert.ok(!key.includes(secret));
      const variants: [string, string][] = [
        [
          "authority host",
          credentialCacheKey(
            readArmSettings({ AZURE_AUTHORITY_HOST: "https://127.0.0.1:1" }),
            base,
          ),
        ],
        [
          "audience",
          credentialCacheKey(
            readArmSettings({
              AZURE_RESOURCE_MANAGER_AUDIENCE: "https://management.core.windows.net/",
            }),
            base,
          ),
        ],
        ["tenant", credentialCacheKey(arm, { ...base, tenantId: "t2" })],
        ["client", credentialCacheKey(arm, { ...base, clientId: "c2" })],
        ["secret", credentialCacheKey(arm, { ...base, clientSecret: "rotated" })],
        ["source", credentialCacheKey(arm, { ...base, source: "azure-native:clientSecret" })],
        [
          "kind",
          credentialCacheKey(arm, {
            kind: "oidcToken",
            token: "x",
            tenantId: "t",
            clientId: "c",
            source: "s",
          }),
        ],
      ];
      for (const [what, other] of variants) {
        assert.notEqual(other, key, `a different ${what} is another key`);
      }
    });
  });

  describe("a 401 from ARM", () => {
    const settings = readArmSettings({ AZURE_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.1:9" });
    const challenge = 'Bearer authorization_uri="https://login.example/t", error="invalid_token"';

    /** A credential whose cache hands out "cached-n" and whose renewals hand out "renewed-n". */
    function countingCredential(): RenewableCredential & { asked: string[] } {
      const asked: string[] = [];
      const token = (kind: string) => ({
        token: `${kind}-${asked.length}`,
        expiresOnTimestamp: Date.now() + 3_600_000,
      });
      return {
        asked,
        async getToken(): Promise<AccessToken> {
          asked.push("cached");
          return token("cached");
        },
        async renewedToken(): Promise<AccessToken> {
          asked.push("renewed");
          return token("renewed");
        },
      };
    }

    /** Answers 401 with a challenge to the first `refusals` requests, then 200. */
    function arm(refusals: number): HttpClient & { authorizations: string[] } {
      const authorizations: string[] = [];
      return {
        authorizations,
        async sendRequest(request): Promise<PipelineResponse> {
          authorizations.push(request.headers.get("authorization") ?? "");
          const refused = authorizations.length <= refusals;
          return {
            request,
            status: refused ? 401 : 200,
            headers: createHttpHeaders(refused ? { "www-authenticate": challenge } : {}),
            bodyAsText: refused ? '{"error":{"code":"InvalidAuthenticationToken"}}' : "{}",
          };
        },
      };
    }

    async function send(credential: RenewableCredential, client: HttpClient) {
      const context = createArmContext(settings, SUB, credential);
      const request = createPipelineRequest({ url: "https://127.0.0.1:9/subscriptions/x" });
      return context.pipeline.sendRequest(client, request);
    }

    it("is answered by one new token and one retry", async () => {
      const credential = countingCredential();
      const client = arm(1);
      const response = await send(credential, client);
      assert.equal(response.status, 200);
      assert.deepEqual(credential.asked, ["cached", "renewed"]);
      assert.deepEqual(client.authorizations, ["Bearer cached-1", "Bearer renewed-2"]);
    });

    it("that recurs with the new token is ARM's answer: never a second renewal or retry", async () => {
      const credential = countingCredential();
      const client = arm(5);
      const response = await send(credential, client);
      assert.equal(response.status, 401);
      assert.deepEqual(credential.asked, ["cached", "renewed"]);
      assert.equal(client.authorizations.length, 2);
    });
  });

  describe("concurrent 401s after a key rollover", () => {
    const settings = readArmSettings({ AZURE_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.1:9" });
    const challenge = 'Bearer authorization_uri="https://login.example/t", error="invalid_token"';

    /** Credentials built in turn: the first holds the token ARM now refuses. */
    function built() {
      const credentials: sinon.SinonStub[] = [];
      const fresh = sinon.spy(() => {
        const generation = credentials.length;
        const getToken = sinon.stub().callsFake(async () => ({
          token: generation === 0 ? "old" : `new-${generation}`,
          expiresOnTimestamp: Date.now() + 3_600_000,
        }));
        credentials.push(getToken);
        return { getToken };
      });
      return { fresh, credentials, credential: renewable(fresh) };
    }

    /** Refuses the tokens listed, answers 200 to any other. */
    function arm(refused: string[]): HttpClient & { authorizations: string[] } {
      const authorizations: string[] = [];
      return {
        authorizations,
        async sendRequest(request): Promise<PipelineResponse> {
          const authorization = request.headers.get("authorization") ?? "";
          authorizations.push(authorization);
          const no = refused.some((t) => authorization === `Bearer ${t}`);
          return {
            request,
            status: no ? 401 : 200,
            headers: createHttpHeaders(no ? { "www-authenticate": challenge } : {}),
            bodyAsText: no ? '{"error":{"code":"InvalidAuthenticationToken"}}' : "{}",
          };
        },
      };
    }

    it("twenty calls refused with the old token share one renewal (one token request)", async () => {
      const { fresh, credentials, credential } = built();
      const context = createArmContext(settings, SUB, credential);
      const client = arm(["old"]);
      const send = () =>
        context.pipeline.sendRequest(
          client,
          createPipelineRequest({ url: "https://127.0.0.1:9/subscriptions/x" }),
        );
      const responses = await Promise.all(Array.from({ length: 20 }, send));
      assert.deepEqual(
        responses.map((r) => r.status),
        Array.from({ length: 20 }, () => 200),
      );
      assert.equal(client.authorizations.filter((a) => a === "Bearer old").length, 20);
      assert.equal(fresh.callCount, 2, "the first credential and one renewal");
      assert.equal(credentials[1].callCount, 1, "one token request for twenty refusals");
    });

    it("a refusal of the renewed token renews again; one of an older token does not", async () => {
      const { fresh, credential } = built();
      await credential.getToken("scope");
      const first = await credential.renewedToken("scope", {}, "old");
      assert.equal(first?.token, "new-1");
      assert.equal((await credential.renewedToken("scope", {}, "old"))?.token, "new-1");
      assert.equal(fresh.callCount, 2);
      const second = await credential.renewedToken("scope", {}, "new-1");
      assert.equal(second?.token, "new-2");
      assert.equal(fresh.callCount, 3);
    });

    it("a renewal that failed is not reused: the next refusal tries again", async () => {
      let built = 0;
      const credential = renewable(() => {
        const generation = built++;
        return {
          getToken: async () => {
            if (generation === 1) throw new Error("AADSTS50000: authority unavailable");
            return { token: `t-${generation}`, expiresOnTimestamp: Date.now() + 3_600_000 };
          },
        };
      });
      assert.equal((await credential.getToken("scope"))?.token, "t-0");
      await assert.rejects(credential.renewedToken("scope", {}, "t-0"), /AADSTS50000/);
      assert.equal((await credential.renewedToken("scope", {}, "t-0"))?.token, "t-2");
      assert.equal(built, 3);
    });

    it("a token refreshed since the renewal and then refused is renewed again", async () => {
      // Hours later the renewed credential holds a token it refreshed itself; ARM refuses it.
      const { fresh, credential } = built();
      await credential.renewedToken("scope", {}, "old");
      assert.equal(fresh.callCount, 2);
      const renewed = await credential.renewedToken("scope", {}, "new-1");
      assert.equal(renewed?.token, "new-2");
      assert.equal(fresh.callCount, 3);
    });
  });

  describe("requests off ARM's origin", () => {
    const settings = readArmSettings({ AZURE_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.1:9" });

    it("are refused before they are sent, so no other host receives the token", async () => {
      const credential = renewable(() => ({
        getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }),
      }));
      const context = createArmContext(settings, SUB, credential);
      const sent: string[] = [];
      const client: HttpClient = {
        async sendRequest(request): Promise<PipelineResponse> {
          sent.push(request.url);
          return { request, status: 200, headers: createHttpHeaders(), bodyAsText: "{}" };
        },
      };
      const to = (url: string) =>
        context.pipeline.sendRequest(client, createPipelineRequest({ url }));
      for (const url of [
        "https://attacker.example/subscriptions/x?$skiptoken=2",
        "http://127.0.0.1:9/subscriptions/x",
        "https://127.0.0.1:10/subscriptions/x",
      ]) {
        const error = await rejection(to(url));
        assert.equal(error.name, "ForeignOriginError", url);
        assert.match(
          error.message,
          /refusing to send credentials there \(expected https:\/\/127\.0\.0\.1:9\)/,
        );
      }
      assert.deepEqual(sent, []);
      assert.equal((await to("https://127.0.0.1:9/subscriptions/x?$skiptoken=2")).status, 200);
      assert.equal(sent.length, 1);
    });
  });
});
