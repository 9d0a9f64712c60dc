import { strict as assert } from "node:assert";
import { createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { DEFAULT_CLIENT_SECRET } from "../../emulator";
import { connectionPath, seed, start, stopEmulatorsAfterEach, withApi } from "./support/emulator";
import { arm, header, json, requestToken, send, type HttpResult } from "./support/https";

interface TokenAnswer {
  token_type: string;
  access_token: string;
  expires_in: number;
  ext_expires_in: number;
}

interface AadErrorAnswer {
  error: string;
  error_description: string;
  error_codes: number[];
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

function assertUnauthorized(result: HttpResult, code: string, authorizationUri: string): void {
  assert.equal(result.status, 401, result.text);
  assert.equal(json<{ error: { code: string } }>(result).error.code, code);
  const challenge = header(result, "www-authenticate") ?? "";
  assert.match(
    challenge,
    new RegExp(
      `^Bearer authorization_uri="${authorizationUri}", error="invalid_token", error_description="[^"]+"$`,
    ),
  );
}

describe("emulator authentication on ARM routes", () => {
  stopEmulatorsAfterEach();

  it("AuthenticationFailed without a bearer token, with the Bearer challenge", async () => {
    const emulator = await start();
    seed(emulator);
    const authority = `${emulator.url}/${emulator.tenantId}`;
    const path = withApi(connectionPath(emulator));
    assertUnauthorized(
      await arm(emulator, "GET", path, { token: false }),
      "AuthenticationFailed",
      authority,
    );
    assertUnauthorized(
      await arm(emulator, "GET", path, { token: false, headers: { authorization: "Basic abc" } }),
      "AuthenticationFailed",
      authority,
    );
  });

  it("InvalidAuthenticationToken for a token it did not issue, however well formed", async () => {
    const emulator = await start();
    seed(emulator);
    const issued = json<TokenAnswer>(await requestToken(emulator)).access_token;
    const [head, , signature] = issued.split(".");
    const forgedClaims = Buffer.from(
      JSON.stringify({ ...claimsOf(issued), exp: 4102444800 }),
    ).toString("base64url");
    for (const token of ["abc", `${head}.${forgedClaims}.${signature}`]) {
      assertUnauthorized(
        await arm(emulator, "GET", withApi(connectionPath(emulator)), { token }),
        "InvalidAuthenticationToken",
        `${emulator.url}/${emulator.tenantId}`,
      );
    }
  });

  it("ExpiredAuthenticationToken for tokens issued before expireTokens(); new ones work", async () => {
    const emulator = await start();
    seed(emulator);
    const path = withApi(connectionPath(emulator));
    const old = json<TokenAnswer>(await requestToken(emulator)).access_token;
    assert.equal((await arm(emulator, "GET", path, { token: old })).status, 200);
    emulator.control.expireTokens();
    assertUnauthorized(
      await arm(emulator, "GET", path, { token: old }),
      "ExpiredAuthenticationToken",
      `${emulator.url}/${emulator.tenantId}`,
    );
    const fresh = json<TokenAnswer>(await requestToken(emulator)).access_token;
    assert.equal((await arm(emulator, "GET", path, { token: fresh })).status, 200);
  });

  it("InvalidAuthenticationTokenAudience for a token asked for another resource", async () => {
    const emulator = await start();
    seed(emulator);
    const path = withApi(connectionPath(emulator));
    // What the SDK asks for when no scope is given: "<endpoint>/.default".
    const wrong = json<TokenAnswer>(
      await requestToken(emulator, { scope: `${emulator.url}/.default` }),
    );
    assertUnauthorized(
      await arm(emulator, "GET", path, { token: wrong.access_token }),
      "InvalidAuthenticationTokenAudience",
      `${emulator.url}/${emulator.tenantId}`,
    );
    // ARM takes its audience with or without the trailing slash.
    for (const scope of [
      "https://management.azure.com//.default",
      "https://MANAGEMENT.azure.com/.default",
    ]) {
      const token = json<TokenAnswer>(await requestToken(emulator, { scope })).access_token;
      assert.equal((await arm(emulator, "GET", path, { token })).status, 200, scope);
    }
  });

  it("checks the audience configured with armAudience", async () => {
    const emulator = await start({ armAudience: "https://management.usgovcloudapi.net/" });
    seed(emulator);
    const path = withApi(connectionPath(emulator));
    const publicCloud = json<TokenAnswer>(await requestToken(emulator)).access_token;
    assert.equal((await arm(emulator, "GET", path, { token: publicCloud })).status, 401);
    const gov = json<TokenAnswer>(
      await requestToken(emulator, { scope: "https://management.usgovcloudapi.net/.default" }),
    ).access_token;
    assert.equal((await arm(emulator, "GET", path, { token: gov })).status, 200);
    assert.equal(
      emulator.env().AZURE_RESOURCE_MANAGER_AUDIENCE,
      "https://management.usgovcloudapi.net/",
    );
  });
});

describe("emulator token endpoint", () => {
  stopEmulatorsAfterEach();

  it("issues a JWT for the client-credentials grant, audience = scope without /.default", async () => {
    const emulator = await start();
    const result = await requestToken(emulator, {
      claims: '{"access_token":{"xms_cc":{"values":["cp1"]}}}',
    });
    assert.equal(result.status, 200, result.text);
    const body = json<TokenAnswer>(result);
    assert.equal(body.token_type, "Bearer");
    assert.equal(body.expires_in, 3600);
    assert.equal(body.ext_expires_in, 3600);
    const claims = claimsOf(body.access_token);
    assert.equal(claims.aud, "https://management.azure.com/");
    assert.equal(claims.iss, `${emulator.url}/${emulator.tenantId}/v2.0`);
    assert.equal(claims.tid, emulator.tenantId);
    assert.equal(claims.appid, emulator.clientId);
    const now = Math.floor(Date.now() / 1000);
    assert.ok(Math.abs((claims.iat as number) - now) < 5);
    assert.equal((claims.exp as number) - (claims.iat as number), 3600);
    assert.deepEqual(emulator.control.issuedTokens(), [body.access_token]);
  });

  it("signs tokens with the key its jwks route publishes", async () => {
    const emulator = await start();
    const token = json<TokenAnswer>(await requestToken(emulator)).access_token;
    const openid = json<{ jwks_uri: string }>(
      await send(emulator, "GET", `/${emulator.tenantId}/v2.0/.well-known/openid-configuration`),
    );
    const jwks = json<{ keys: Array<JsonWebKey & { kid: string }> }>(
      await send(emulator, "GET", openid.jwks_uri),
    );
    const [head, payload, signature] = token.split(".");
    const kid = (JSON.parse(Buffer.from(head, "base64url").toString()) as { kid: string }).kid;
    const key = jwks.keys.find((k) => k.kid === kid);
    assert.ok(key, "the token's kid is published");
    const valid = verify(
      "sha256",
      Buffer.from(`${head}.${payload}`),
      createPublicKey({ key, format: "jwk" }),
      Buffer.from(signature, "base64url"),
    );
    assert.equal(valid, true);
  });

  it("honours tokenLifetimeSeconds and refuses lifetimes MSAL would not cache", async () => {
    const emulator = await start({ tokenLifetimeSeconds: 900 });
    assert.equal(json<TokenAnswer>(await requestToken(emulator)).expires_in, 900);
    await assert.rejects(start({ tokenLifetimeSeconds: 300 }), /above 300/);
  });

  it("answers AAD's errors: wrong secret, unknown client, unknown tenant, wrong grant, bad scope", async () => {
    const emulator = await start({ clientSecret: "s3cret" });
    const cases: Array<[HttpResult, number, string, number]> = [
      [
        await requestToken(emulator, { client_secret: DEFAULT_CLIENT_SECRET }),
        401,
        "invalid_client",
        7000215,
      ],
      [
        await requestToken(emulator, { client_id: "someone-else", client_secret: "s3cret" }),
        400,
        "unauthorized_client",
        700016,
      ],
      [
        await requestToken(emulator, { client_secret: "s3cret" }, "other-tenant"),
        400,
        "invalid_request",
        90002,
      ],
      [
        await requestToken(emulator, { client_secret: "s3cret", grant_type: "password" }),
        400,
        "unsupported_grant_type",
        70003,
      ],
      [
        await requestToken(emulator, {
          client_secret: "s3cret",
          scope: "https://management.azure.com/user_impersonation",
        }),
        400,
        "invalid_scope",
        1002012,
      ],
    ];
    for (const [result, status, error, aadsts] of cases) {
      assert.equal(result.status, status, result.text);
      const body = json<AadErrorAnswer>(result);
      assert.equal(body.error, error);
      assert.deepEqual(body.error_codes, [aadsts]);
      assert.match(body.error_description, new RegExp(`^AADSTS${aadsts}: `));
    }
    assert.equal((await requestToken(emulator, { client_secret: "s3cret" })).status, 200);
    assert.equal(emulator.control.issuedTokens().length, 1, "no token for a failed request");
  });

  it("accepts a JWT client assertion from the right client and rejects one from another", async () => {
    const emulator = await start();
    const assertion = (issuer: string) =>
      [
        Buffer.from('{"alg":"RS256","typ":"JWT"}').toString("base64url"),
        Buffer.from(JSON.stringify({ iss: issuer, sub: issuer, aud: "x" })).toString("base64url"),
        "c2ln",
      ].join(".");
    const tokenWithAssertion = (issuer: string) =>
      send(
        emulator,
        "POST",
        `/${emulator.tenantId}/oauth2/v2.0/token`,
        new URLSearchParams({
          grant_type: "client_credentials",
          client_id: emulator.clientId,
          scope: "https://management.azure.com/.default",
          client_assertion: assertion(issuer),
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        }).toString(),
        { "content-type": "application/x-www-form-urlencoded" },
      );
    const ok = await tokenWithAssertion(emulator.clientId);
    assert.equal(ok.status, 200, ok.text);
    const rejected = await tokenWithAssertion("intruder");
    assert.equal(rejected.status, 401);
    assert.deepEqual(json<AadErrorAnswer>(rejected).error_codes, [700021]);
  });

  it("serves an OpenID configuration whose endpoints share its scheme, host and port", async () => {
    const emulator = await start();
    for (const path of [
      `/${emulator.tenantId}/v2.0/.well-known/openid-configuration`,
      `/${emulator.tenantId}/.well-known/openid-configuration`,
    ]) {
      const result = await send(emulator, "GET", path);
      assert.equal(result.status, 200);
      const config = json<Record<string, string>>(result);
      for (const field of ["authorization_endpoint", "token_endpoint", "jwks_uri", "issuer"]) {
        assert.ok(config[field].startsWith(`${emulator.url}/${emulator.tenantId}/`), field);
      }
      assert.equal(config.token_endpoint, `${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`);
    }
    const unknown = await send(
      emulator,
      "GET",
      "/other-tenant/v2.0/.well-known/openid-configuration",
    );
    assert.equal(unknown.status, 400);
    const log = emulator.control.requestLog();
    assert.deepEqual([...new Set(log.map((e) => e.op))], ["openid"]);
  });

  it("answers instance discovery for its own host, and GET on the token endpoint as AAD does", async () => {
    const emulator = await start();
    const authorize = encodeURIComponent(
      `${emulator.url}/${emulator.tenantId}/oauth2/v2.0/authorize`,
    );
    const result = await send(
      emulator,
      "GET",
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`,
    );
    assert.equal(result.status, 200);
    const discovery = json<{
      tenant_discovery_endpoint: string;
      metadata: Array<{ aliases: string[] }>;
    }>(result);
    assert.equal(
      discovery.tenant_discovery_endpoint,
      `${emulator.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`,
    );
    assert.deepEqual(discovery.metadata[0].aliases, [new URL(emulator.url).host]);
    const wrongMethod = await send(emulator, "GET", `/${emulator.tenantId}/oauth2/v2.0/token`);
    assert.equal(wrongMethod.status, 400);
    assert.deepEqual(json<AadErrorAnswer>(wrongMethod).error_codes, [900561]);
  });
});
