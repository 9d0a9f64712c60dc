import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generate } from "selfsigned";
import type { ProviderOptions } from "../../provider";
import { rememberStackConfig } from "../../provider/stackConfig";
import {
  inputsFor,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";
import { runNode } from "../emulator/support/processes";

/**
 * Every way a pipeline hands the provider an identity, through the real @azure/identity
 * classes against the emulator's Entra, OIDC issuer and managed-identity endpoint. Each
 * provider is given its environment explicitly: what a pipeline would set, plus where the
 * emulator is (ARM endpoint and authority host). Nothing of the ambient AZURE_* is used.
 */

const AUDIENCE = "api://AzureADTokenExchange";
const SUBJECT = "repo:contoso/platform-infra:ref:refs/heads/main";

describe("integration: pipeline credentials (ARM_*, stack config, OIDC, managed identity)", function () {
  this.timeout(60_000);
  let h: Harness;
  let name: string;
  let saved: Record<string, string | undefined>;

  async function setUp(tokenLifetimeSeconds?: number) {
    h = await startHarness({}, tokenLifetimeSeconds ? { tokenLifetimeSeconds } : {});
    name = seedPendingConnection(h).name;
    h.emulator.control.addFederatedCredential({
      name: "main",
      issuer: h.emulator.identities.oidcIssuer,
      subject: SUBJECT,
    });
  }

  beforeEach(() => {
    saved = { ...process.env };
  });
  afterEach(async () => {
    // configure() keeps the stack config for the whole process, as the provider host needs.
    rememberStackConfig({});
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await h?.stop();
  });

  /** Where the emulator is; a real pipeline talks to the real cloud and needs none of this. */
  function plumbing(): Record<string, string> {
    return {
      AZURE_RESOURCE_MANAGER_ENDPOINT: h.emulator.url,
      AZURE_AUTHORITY_HOST: h.emulator.url,
    };
  }

  function servicePrincipal(): Record<string, string> {
    return {
      ARM_TENANT_ID: h.emulator.tenantId,
      ARM_CLIENT_ID: h.emulator.clientId,
      ARM_SUBSCRIPTION_ID: h.emulator.subscriptionId,
    };
  }

  function providerWithEnv(env: Record<string, string>, extra: ProviderOptions = {}) {
    return h.providerWith({ env: { ...plumbing(), ...env }, ...extra });
  }

  /** Every secret a failure must not carry. */
  function secrets(): string[] {
    return [
      h.emulator.clientSecret,
      h.emulator.identities.oidcRequestToken,
      h.emulator.identities.identityHeader,
      ...h.emulator.control.issuedTokens(),
      ...h.emulator.control.issuedOidcTokens(),
    ];
  }

  async function approves(env: Record<string, string>) {
    const { outs } = await providerWithEnv(env).create(inputsFor(h, name));
    assert.equal(outs.status, "Approved");
  }

  async function fails(env: Record<string, string>, ...patterns: RegExp[]): Promise<string> {
    let message = "";
    await assert.rejects(providerWithEnv(env).create(inputsFor(h, name)), (e: Error) => {
      message = e.message;
      return true;
    });
    for (const pattern of patterns) assert.match(message, pattern);
    for (const secret of secrets())
      assert.ok(!message.includes(secret), "a secret is in the error");
    assert.equal(
      h.emulator.control.requestLog().filter((r) => r.op === "put").length,
      0,
      "no ARM write without a token",
    );
    return message;
  }

  it("ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID alone (ClientSecretCredential)", async () => {
    await setUp();
    await approves({ ...servicePrincipal(), ARM_CLIENT_SECRET: h.emulator.clientSecret });
  });

  it("azure-native:clientSecret and friends from stack configuration, over wrong variables", async () => {
    await setUp();
    const provider = providerWithEnv({ ARM_CLIENT_SECRET: "stale-secret-in-the-environment" });
    const config: Record<string, string> = {
      "azure-native:clientId": h.emulator.clientId,
      "azure-native:tenantId": h.emulator.tenantId,
      "azure-native:clientSecret": h.emulator.clientSecret,
      "azure-native:subscriptionId": h.emulator.subscriptionId,
      "aws:region": "not ours, not kept",
    };
    await provider.configure({
      config: { get: (k) => config[k], require: (k) => config[k] ?? assert.fail(k) },
    });
    const { inputs, failures } = await provider.check(
      {},
      { ...inputsFor(h, name), subscriptionId: undefined },
    );
    assert.deepEqual(failures, []);
    assert.equal(inputs.subscriptionId, h.emulator.subscriptionId);
    const { outs } = await provider.create(inputsFor(h, name));
    assert.equal(outs.status, "Approved");
  });

  it("ARM_CLIENT_CERTIFICATE_PATH (ClientCertificateCredential)", async () => {
    await setUp();
    const pems = await generate([{ name: "commonName", value: "sp" }], { keySize: 2048 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-pec-cert-"));
    const certificatePath = path.join(dir, "sp.pem");
    fs.writeFileSync(certificatePath, `${pems.private}\n${pems.cert}`);
    try {
      await approves({ ...servicePrincipal(), ARM_CLIENT_CERTIFICATE_PATH: certificatePath });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Pulumi ESC's variables only: ARM_USE_OIDC + ARM_OIDC_TOKEN (ClientAssertionCredential)", async () => {
    await setUp();
    const token = h.emulator.control.issueOidcToken({ audience: AUDIENCE });
    await approves({ ...servicePrincipal(), ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: token });
  });

  it("ARM_OIDC_TOKEN_FILE_PATH (WorkloadIdentityCredential)", async () => {
    await setUp();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-pec-oidc-"));
    const file = path.join(dir, "token");
    fs.writeFileSync(file, h.emulator.control.issueOidcToken({ audience: AUDIENCE }));
    try {
      await approves({
        ...servicePrincipal(),
        ARM_USE_OIDC: "true",
        ARM_OIDC_TOKEN_FILE_PATH: file,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_*, asking for Entra's audience; a renewed access token reuses a valid assertion", async () => {
    // MSAL renews a token five minutes before it expires: a 301-second token is due at once.
    await setUp(301);
    const provider = providerWithEnv({
      ...servicePrincipal(),
      ARM_USE_OIDC: "true",
      ACTIONS_ID_TOKEN_REQUEST_URL: h.emulator.identities.oidcRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: h.emulator.identities.oidcRequestToken,
    });
    const { id, outs } = await provider.create(inputsFor(h, name));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await provider.read(id, outs);
    const log = h.emulator.control.requestLog();
    const assertions = log.filter((r) => r.op === "oidcToken" && r.status === 200).length;
    const accessTokens = log.filter((r) => r.op === "token" && r.status === 200).length;
    assert.ok(accessTokens >= 2, `only ${accessTokens} access token(s): none was renewed`);
    // The emulator's ID tokens live 300 s: far from expiry, so one serves every renewal
    // (renewal near the assertion's own expiry: test/unit/oidcAssertion.test.ts).
    assert.equal(assertions, 1, "one request to the OIDC token service");
    assert.ok(
      log.some(
        (r) => r.op === "oidcToken" && r.path.includes("audience=api%3A%2F%2FAzureADTokenExchange"),
      ),
    );
    assert.equal(new Set(h.emulator.control.issuedOidcTokens()).size, assertions);
  });

  it("ARM_OIDC_REQUEST_URL + ARM_OIDC_REQUEST_TOKEN", async () => {
    await setUp();
    await approves({
      ...servicePrincipal(),
      ARM_USE_OIDC: "true",
      ARM_OIDC_REQUEST_URL: h.emulator.identities.oidcRequestUrl,
      ARM_OIDC_REQUEST_TOKEN: h.emulator.identities.oidcRequestToken,
    });
  });

  it("ARM_USE_MSI with ARM_CLIENT_ID as the user-assigned identity (ManagedIdentityCredential)", async () => {
    await setUp();
    const probe = path.join(__dirname, "fixtures", "managedIdentityProbe.js");
    const finished = await runNode(
      [probe, JSON.stringify(inputsFor(h, name))],
      {
        PATH: process.env.PATH ?? "",
        NODE_EXTRA_CA_CERTS: h.emulator.caPath,
        ...plumbing(),
        // What the platform sets for the process; MSAL reads them from process.env itself.
        IDENTITY_ENDPOINT: h.emulator.identities.identityEndpoint,
        IDENTITY_HEADER: h.emulator.identities.identityHeader,
        ARM_USE_MSI: "true",
        ARM_CLIENT_ID: h.emulator.identities.userAssignedClientId,
        ARM_SUBSCRIPTION_ID: h.emulator.subscriptionId,
      },
      30_000,
    );
    const line = finished.stdout.trim().split("\n").pop() ?? "";
    assert.deepEqual(JSON.parse(line), { ok: true, status: "Approved" }, finished.stderr);
    const msi = h.emulator.control.requestLog().filter((r) => r.op === "msiToken");
    assert.equal(msi.length, 1);
    assert.match(
      msi[0].path,
      new RegExp(`client_id=${h.emulator.identities.userAssignedClientId}`),
    );
  });

  describe("failures: one clear error each, naming the source, with no secret in it", () => {
    it("a token for the wrong audience", async () => {
      await setUp();
      const token = h.emulator.control.issueOidcToken({ audience: "api://wrong" });
      await fails(
        { ...servicePrincipal(), ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: token },
        /ClientAssertionCredential \(OIDC token from ARM_OIDC_TOKEN/,
        /AADSTS700212/,
        /audience 'api:\/\/wrong'/,
      );
    });

    it("an expired assertion", async () => {
      await setUp();
      const token = h.emulator.control.issueOidcToken({ audience: AUDIENCE, lifetimeSeconds: -60 });
      await fails(
        { ...servicePrincipal(), ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: token },
        /OIDC token from ARM_OIDC_TOKEN/,
        /AADSTS700024/,
        /not within its valid time range/,
      );
    });

    it("a wrong subject", async () => {
      await setUp();
      const token = h.emulator.control.issueOidcToken({
        audience: AUDIENCE,
        subject: "repo:contoso/platform-infra:pull_request",
      });
      await fails(
        { ...servicePrincipal(), ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: token },
        /OIDC token from ARM_OIDC_TOKEN/,
        /AADSTS700213/,
        /subject 'repo:contoso\/platform-infra:pull_request'/,
      );
    });

    it("a missing token file", async () => {
      await setUp();
      const file = path.join(os.tmpdir(), "mhsm-pec-no-such-dir", "token");
      await fails(
        { ...servicePrincipal(), ARM_USE_OIDC: "true", ARM_OIDC_TOKEN_FILE_PATH: file },
        /WorkloadIdentityCredential \(OIDC token file from ARM_OIDC_TOKEN_FILE_PATH/,
        /mhsm-pec-no-such-dir/,
      );
    });

    it("a wrong request token for the OIDC token service", async () => {
      await setUp();
      await fails(
        {
          ...servicePrincipal(),
          ARM_USE_OIDC: "true",
          ACTIONS_ID_TOKEN_REQUEST_URL: h.emulator.identities.oidcRequestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: "not-the-request-token",
        },
        /OIDC token requested from ACTIONS_ID_TOKEN_REQUEST_URL/,
        /answered HTTP 401/,
      );
    });

    it("two ways to authenticate, before any request", async () => {
      await setUp();
      const message = await fails(
        {
          ...servicePrincipal(),
          ARM_CLIENT_SECRET: h.emulator.clientSecret,
          ARM_USE_OIDC: "true",
          ARM_OIDC_TOKEN: h.emulator.control.issueOidcToken({ audience: AUDIENCE }),
        },
        /a client secret \(ARM_CLIENT_SECRET\) and OIDC \(ARM_USE_OIDC\)/,
      );
      assert.ok(message.length > 0);
      assert.equal(h.emulator.control.requestLog().length, 0, "nothing was asked of Entra or ARM");
    });
  });
});
