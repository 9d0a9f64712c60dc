import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator";
import { start, stopEmulatorsAfterEach } from "./support/emulator";
import { arm, control, json, send, type HttpResult } from "./support/https";

const AUDIENCE = "api://AzureADTokenExchange";
const SUBJECT = "repo:contoso/platform-infra:ref:refs/heads/main";

interface AadError {
  error: string;
  error_description: string;
  error_codes: number[];
  trace_id: string;
  correlation_id: string;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

/** requestToken sends a client_secret by default; a federated request sends none. */
function federatedTokenRequest(emulator: RunningEmulator, assertion: string) {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: emulator.clientId,
    scope: "https://management.azure.com/.default",
    client_assertion: assertion,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
  }).toString();
  return send(emulator, "POST", `/${emulator.tenantId}/oauth2/v2.0/token`, body, {
    "content-type": "application/x-www-form-urlencoded",
  });
}

function assertRefused(result: HttpResult, aadsts: number, words: RegExp, assertion: string) {
  assert.equal(result.status, 400, result.text);
  const body = json<AadError>(result);
  assert.equal(body.error, "invalid_client");
  assert.deepEqual(body.error_codes, [aadsts]);
  assert.match(body.error_description, new RegExp(`^AADSTS${aadsts}: `));
  assert.match(body.error_description, words);
  assert.ok(body.trace_id && body.correlation_id);
  assert.ok(!result.text.includes(assertion), "the assertion is echoed");
}

describe("emulator: GitHub-like OIDC tokens as federated credentials", () => {
  stopEmulatorsAfterEach();

  async function registered() {
    const emulator = await start();
    emulator.control.addFederatedCredential({
      name: "main",
      issuer: emulator.identities.oidcIssuer,
      subject: SUBJECT,
    });
    return emulator;
  }

  it("the token service answers a bearer-authenticated GET with a JWT for the audience asked", async () => {
    const emulator = await start();
    const { oidcRequestUrl, oidcRequestToken, oidcIssuer } = emulator.identities;
    const url = `${oidcRequestUrl}&audience=${encodeURIComponent(AUDIENCE)}`;
    const ok = await send(emulator, "GET", url, undefined, {
      authorization: `Bearer ${oidcRequestToken}`,
    });
    assert.equal(ok.status, 200, ok.text);
    const claims = claimsOf(json<{ value: string }>(ok).value);
    assert.equal(claims.aud, AUDIENCE);
    assert.equal(claims.iss, oidcIssuer);
    assert.equal(claims.sub, SUBJECT);
    assert.ok((claims.exp as number) - Date.now() / 1000 <= 300);
    const refused = await send(emulator, "GET", url, undefined, { authorization: "Bearer nope" });
    assert.equal(refused.status, 401);
    assert.deepEqual(
      emulator.control.requestLog().map((e) => [e.op, e.status]),
      [
        ["oidcToken", 200],
        ["oidcToken", 401],
      ],
    );
  });

  it("accepts a registered issuer + subject + audience and issues an ARM token ARM accepts", async () => {
    const emulator = await registered();
    const assertion = emulator.control.issueOidcToken({ audience: AUDIENCE });
    const result = await federatedTokenRequest(emulator, assertion);
    assert.equal(result.status, 200, result.text);
    const token = json<{ access_token: string }>(result).access_token;
    const list = await arm(
      emulator,
      "GET",
      `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg/providers/Microsoft.KeyVault/managedHSMs/h?api-version=2025-05-01`,
      { token },
    );
    assert.notEqual(list.status, 401, list.text);
  });

  it("refuses a wrong audience (AADSTS700212), subject (700213), issuer (700211) and an expired token (700024)", async () => {
    const emulator = await registered();
    const cases: [string, number, RegExp][] = [
      [
        emulator.control.issueOidcToken({ audience: "api://other" }),
        700212,
        /audience 'api:\/\/other'/,
      ],
      [
        emulator.control.issueOidcToken({
          audience: AUDIENCE,
          subject: "repo:contoso/x:pull_request",
        }),
        700213,
        /subject 'repo:contoso\/x:pull_request'/,
      ],
      [
        emulator.control.issueOidcToken({ audience: AUDIENCE, lifetimeSeconds: -60 }),
        700024,
        /not within its valid time range/,
      ],
    ];
    for (const [assertion, code, words] of cases) {
      assertRefused(await federatedTokenRequest(emulator, assertion), code, words, assertion);
    }
    emulator.control.reset();
    const fresh = emulator.control.issueOidcToken({ audience: AUDIENCE });
    assertRefused(await federatedTokenRequest(emulator, fresh), 700211, /issuer '/, fresh);
    assert.deepEqual(emulator.control.issuedTokens(), [], "no ARM token for a refused assertion");
  });

  it("refuses a token the issuer did not sign (AADSTS700027)", async () => {
    const emulator = await registered();
    const [header, payload] = emulator.control.issueOidcToken({ audience: AUDIENCE }).split(".");
    const forged = `${header}.${payload}.${Buffer.from("not a signature").toString("base64url")}`;
    assertRefused(await federatedTokenRequest(emulator, forged), 700027, /signature/, forged);
  });

  it("registers federated credentials and mints OIDC tokens through the HTTP control API", async () => {
    const emulator = await start();
    const bad = await control(emulator, "POST", "federated-credentials", { issuer: "x" });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /subject must be a non-empty string/);
    const created = await control(emulator, "POST", "federated-credentials", {
      issuer: emulator.identities.oidcIssuer,
      subject: SUBJECT,
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(json<{ audiences: string[] }>(created).audiences, [AUDIENCE]);
    const listed = await control(emulator, "GET", "federated-credentials");
    assert.equal(json<unknown[]>(listed).length, 1);
    const minted = await control(emulator, "POST", "oidc-tokens", { audience: AUDIENCE });
    const assertion = json<{ value: string }>(minted).value;
    assert.equal((await federatedTokenRequest(emulator, assertion)).status, 200);
    assert.deepEqual(json<string[]>(await control(emulator, "GET", "oidc-tokens")), [assertion]);
  });
});

describe("emulator: the managed-identity endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER)", () => {
  stopEmulatorsAfterEach();

  it("answers App Service's 2019-08-01 protocol for the system- and the user-assigned identity only", async () => {
    const emulator = await start();
    const { identityEndpoint, identityHeader, userAssignedClientId } = emulator.identities;
    const get = (query: string, header = identityHeader) =>
      send(emulator, "GET", `${identityEndpoint}?${query}`, undefined, {
        "x-identity-header": header,
      });
    const resource = "resource=https%3A%2F%2Fmanagement.azure.com";
    const system = await get(`api-version=2019-08-01&${resource}`);
    assert.equal(system.status, 200, system.text);
    const body = json<{ access_token: string; expires_on: string; token_type: string }>(system);
    assert.equal(body.token_type, "Bearer");
    assert.match(body.expires_on, /^\d+$/);
    assert.equal(claimsOf(body.access_token).aud, "https://management.azure.com");
    const user = await get(`api-version=2019-08-01&${resource}&client_id=${userAssignedClientId}`);
    assert.equal(user.status, 200, user.text);
    assert.equal(
      (await get(`api-version=2019-08-01&${resource}&client_id=someone-else`)).status,
      400,
    );
    assert.equal((await get(`api-version=2019-08-01&${resource}`, "wrong")).status, 401);
    assert.equal((await get(`api-version=2017-09-01&${resource}`)).status, 400);
  });
});
