import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import type { ConnectionJson } from "../../emulator";
import { RG, seed, start, stopEmulatorsAfterEach } from "./support/emulator";
import { childEnv, runNode } from "./support/processes";

/**
 * The real @azure/identity (MSAL underneath) and @azure/arm-keyvault against the emulator.
 * Node reads NODE_EXTRA_CA_CERTS only at start, so these run in a child process started with
 * the emulator's env(): the way the provider, the CLI and Pulumi will meet it.
 */

const PROBE = path.join(__dirname, "fixtures", "identityProbe.js");

interface ProbeResult {
  ok: boolean;
  token?: string;
  cached?: boolean;
  expiresInMs?: number;
  name?: string;
  message?: string;
  sdk?: Record<string, unknown>;
}

describe("emulator with the real @azure/identity and @azure/arm-keyvault", function () {
  this.timeout(30_000);
  stopEmulatorsAfterEach();

  async function probe(mode: string, extraEnv: Record<string, string | undefined> = {}) {
    const emulator = await start({ behavior: { putDurationMs: 100 } });
    seed(emulator);
    const finished = await runNode([PROBE, mode], childEnv({ ...emulator.env(), ...extraEnv }));
    const line = finished.stdout.trim().split("\n").pop() ?? "";
    assert.ok(line.startsWith("{"), `probe printed: ${finished.stdout}\n${finished.stderr}`);
    return { emulator, result: JSON.parse(line) as ProbeResult };
  }

  for (const mode of ["client-secret", "environment", "default"]) {
    it(`issues a token MSAL caches to ${mode === "client-secret" ? "ClientSecretCredential" : mode === "environment" ? "EnvironmentCredential" : "DefaultAzureCredential"}`, async () => {
      const { emulator, result } = await probe(mode);
      assert.equal(result.ok, true, result.message);
      assert.equal(result.cached, true, "the second getToken came from MSAL's cache");
      assert.ok((result.expiresInMs ?? 0) > 3_500_000);
      assert.deepEqual(emulator.control.issuedTokens(), [result.token]);
      const ops = emulator.control.requestLog().map((e) => e.op);
      assert.deepEqual(ops, ["openid", "token"], "no instance discovery, one token request");
    });
  }

  it("fails ClientSecretCredential with AADSTS7000215 for a wrong secret", async () => {
    const { emulator, result } = await probe("wrong-secret");
    assert.equal(result.ok, false);
    assert.match(result.message ?? "", /AADSTS7000215/);
    assert.deepEqual(emulator.control.issuedTokens(), []);
  });

  it("serves the real KeyVaultManagementClient: get, put, paged list and the HSM", async () => {
    const { emulator, result } = await probe("sdk");
    assert.equal(result.ok, true, result.message);
    const { putEtag, gotEtag, ...rest } = result.sdk ?? {};
    assert.equal(gotEtag, undefined, "as recorded, no etag before ARM wrote the connection");
    assert.deepEqual(rest, {
      gotStatus: "Pending",
      putProvisioningState: "Updating",
      putStatus: "Approved",
      listed: ["(no name) pec-1"],
      parentConnections: 1,
    });
    assert.match(String(putEtag), /^[0-9a-f]{32}$/);
    const pec = emulator.control.getConnection({
      resourceGroupName: RG,
      parentName: "hsm-test",
      connectionName: "pec-1",
    });
    assert.equal(
      (pec as ConnectionJson).properties.privateLinkServiceConnectionState.description,
      "from the SDK",
    );
  });

  it("also works in-process when the CA is given as tlsOptions.ca instead", async () => {
    const emulator = await start();
    const credential = new ClientSecretCredential(
      emulator.tenantId,
      emulator.clientId,
      emulator.clientSecret,
      {
        authorityHost: emulator.url,
        disableInstanceDiscovery: true,
        tlsOptions: { ca: fs.readFileSync(emulator.caPath, "utf8") },
      },
    );
    const token = await credential.getToken("https://management.azure.com/.default");
    assert.deepEqual(emulator.control.issuedTokens(), [token.token]);
  });
});
