import { strict as assert } from "node:assert";
import {
  inputsFor,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";

/** Every failure names the credential chain, and no message carries a token or the secret. */
function assertNoSecretsIn(h: Harness, message: string) {
  assert.ok(!message.includes(h.emulator.clientSecret), "the client secret is in the error");
  for (const token of h.emulator.control.issuedTokens()) {
    assert.ok(!message.includes(token), "an access token is in the error");
  }
}

describe("integration: credentials", function () {
  this.timeout(30_000);
  let h: Harness;
  let name: string;
  let saved: Record<string, string | undefined>;

  beforeEach(async () => {
    h = await startHarness();
    name = seedPendingConnection(h).name;
    saved = { ...process.env };
  });
  afterEach(async () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await h.stop();
  });

  it("obtains a token from the Entra ID-like endpoint with the real DefaultAzureCredential", async () => {
    await h.provider.create(inputsFor(h, name));
    const log = h.emulator.control.requestLog();
    assert.ok(log.some((r) => r.op === "token" && r.status === 200));
    assert.ok(h.emulator.control.issuedTokens().length >= 1);
  });

  it("a wrong client secret gives one clear error naming the credential and its source", async () => {
    const provider = h.providerWith({
      env: { ...process.env, AZURE_CLIENT_SECRET: "definitely-not-the-secret" },
    });
    await assert.rejects(provider.create(inputsFor(h, name)), (e: Error) => {
      assert.match(e.message, /ClientSecretCredential \(client secret from AZURE_CLIENT_SECRET/);
      assert.match(e.message, /AADSTS7000215|invalid_client/);
      assert.ok(!e.message.includes("definitely-not-the-secret"));
      assertNoSecretsIn(h, e.message);
      return true;
    });
    assert.equal(h.emulator.control.requestLog().filter((r) => r.op === "put").length, 0);
  });

  it("no credential at all names every credential tried (and probes only 127.0.0.1)", async () => {
    for (const key of ["AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_TENANT_ID"])
      delete process.env[key];
    // Point managed identity's IMDS probe at a closed local port: tests talk only to 127.0.0.1.
    process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = "http://127.0.0.1:9";
    process.env.PATH = "/nonexistent"; // no az, azd or pwsh to fall back on
    await assert.rejects(h.provider.create(inputsFor(h, name)), (e: Error) => {
      assert.match(e.message, /Could not get an Azure token for ARM with DefaultAzureCredential/);
      assert.match(e.message, /EnvironmentCredential/);
      assertNoSecretsIn(h, e.message);
      return true;
    });
  });

  it("a cached token that ARM refuses (expired, revoked) is replaced once, and the read succeeds", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.expireTokens();
    h.emulator.control.clearRequestLog();
    const read = await h.provider.read(id, outs);
    assert.equal(read.id, id);
    const log = h.emulator.control.requestLog();
    assert.deepEqual(
      // The new credential also reads the authority's OpenID metadata, as MSAL does.
      log.filter((r) => r.op !== "openid").map((r) => `${r.op} ${r.status}`),
      ["get 401", "token 200", "get 200"],
      "one refused GET, one new token, one repeated GET",
    );
  });

  // After a key rollover every call in flight is refused at once.
  it("twenty 401s at once share one new token", async () => {
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    h.emulator.control.expireTokens();
    h.emulator.control.clearRequestLog();
    const reads = await Promise.all(Array.from({ length: 20 }, () => h.provider.read(id, outs)));
    assert.deepEqual(
      reads.map((r) => r.id),
      reads.map(() => id),
    );
    const log = h.emulator.control.requestLog();
    const count = (entry: string) => log.filter((r) => `${r.op} ${r.status}` === entry).length;
    assert.equal(count("token 200"), 1, `one token request for ${count("get 401")} refused reads`);
    assert.equal(count("get 200"), 20);
  });

  it("a token for another audience is refused with a clear error", async () => {
    const provider = h.providerWith({
      env: {
        ...process.env,
        // ARM takes both of its own audiences (management.azure.com, management.core.windows.net).
        AZURE_RESOURCE_MANAGER_AUDIENCE: "https://vault.azure.net",
      },
    });
    await assert.rejects(provider.create(inputsFor(h, name)), (e: Error) => {
      assert.match(e.message, /HTTP 401: InvalidAuthenticationTokenAudience/);
      assertNoSecretsIn(h, e.message);
      return true;
    });
  });
});
