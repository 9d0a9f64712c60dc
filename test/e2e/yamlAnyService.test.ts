import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PulumiStack } from "../../tools/lib/pulumiStack";
import { findOrInstallPulumiYaml } from "../../tools/lib/pulumiYaml";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { CONNECTION_TOKEN, POLICY_TOKEN } from "../../provider/plugin/tokens";
import { EngineHarness, RG, useEngineHarness } from "./support/engineHarness";
import { assertOutput, describeRequests, destroyQuietly, log } from "./support/commandOutput";
import { descriptionDriftPutBack, importAdopted } from "./support/sharedSteps";
import { emptyYamlProject, installPlugin, newYamlStack } from "./support/yamlProject";

/**
 * PrivateEndpointConnection and PrivateEndpointConnectionPolicy through the provider plugin,
 * from a Pulumi YAML program outside the repository: a Managed HSM's connection and a key
 * vault's policy, both parents by ARM id; up, refresh with drift, destroy; and `pulumi import`
 * of a key vault's connection by its id, which writes YAML naming the parent by
 * parentResourceId.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/yamlAnyService.test.js
 */
const HSM = "hsm-yaml-any";
const VAULT = "kv-yaml-any";
const APP = "0a0a0a0a-0000-4000-8000-00000000000a";
const OTHER = "0b0b0b0b-0000-4000-8000-00000000000b";

const PROGRAM = `name: mhsm-pec-yaml-any-service
runtime: yaml
config:
  hsmId: { type: string }
  hsmConnection: { type: string }
  vaultId: { type: string }
  appSubscriptionId: { type: string }
resources:
  hsmApproval:
    type: ${CONNECTION_TOKEN}
    properties:
      parentResourceId: \${hsmId}
      privateEndpointConnectionName: \${hsmConnection}
      status: Approved
  vaultPolicy:
    type: ${POLICY_TOKEN}
    properties:
      parentResourceId: \${vaultId}
      rules:
        - name: app-subscription
          action: Approved
          match:
            subscriptionIds:
              - \${appSubscriptionId}
      otherwise: Rejected
outputs:
  connectionStatus: \${hsmApproval.status}
  vaultCounts: \${vaultPolicy.counts}
`;

const endpointId = (sub: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/rg-consumers/providers/Microsoft.Network/privateEndpoints/${name}`;

describe("e2e: the resources of any service in Pulumi YAML through the provider plugin", function () {
  let h: EngineHarness;
  const savedPath = process.env.PATH;
  useEngineHarness((started) => (h = started), log);
  // Nested, so that their after hooks (destroys) run before the harness stops.
  describe("up, refresh with drift, destroy", lifecycle);
  describe("pulumi import", importing);

  const parentId = (type: string, name: string) =>
    `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.KeyVault/${type}/${name}`;
  const vaultStatus = (name: string) =>
    h.control.getConnection({
      kind: "vaults",
      resourceGroupName: RG,
      parentName: VAULT,
      connectionName: name,
    })?.properties.privateLinkServiceConnectionState.status;
  const connectVault = (sub: string, pe: string) =>
    h.control.createConnection({
      kind: "vaults",
      resourceGroupName: RG,
      parentName: VAULT,
      privateEndpointId: endpointId(sub, pe),
    }).name;

  before(async function () {
    this.timeout(45 * 60_000);
    const dir = await findOrInstallPulumiYaml(h.cli, { log });
    process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ""}`;
    await installPlugin(h);
    h.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: VAULT });
  });
  after(() => {
    process.env.PATH = savedPath;
  });

  function lifecycle() {
    let stack: PulumiStack | undefined;
    let hsmConnection: string;
    const seeded = { app: "", other: "" };

    before(async function () {
      this.timeout(300_000);
      [hsmConnection] = h.seedHsm(HSM, 1);
      seeded.app = connectVault(APP, "pe-app-kv");
      seeded.other = connectVault(OTHER, "pe-other-kv");
      stack = await newYamlStack(
        h,
        "any-service",
        {
          hsmId: parentId("managedHSMs", HSM),
          hsmConnection,
          vaultId: parentId("vaults", VAULT),
          appSubscriptionId: APP,
        },
        PROGRAM,
      );
      assert.ok(!stack.projectDir.startsWith(REPO_ROOT), "the project is outside the repository");
    });
    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("1. up approves the HSM's connection and decides the vault's by rule", async function () {
      this.timeout(300_000);
      const up = await stack!.up();
      assertOutput(up, /\+ 3 created/.test(up.stdout), "the stack, the connection, the policy");
      const hsm = h.connection(HSM, hsmConnection)?.properties;
      assert.equal(hsm?.privateLinkServiceConnectionState.status, "Approved");
      assert.equal(vaultStatus(seeded.app), "Approved");
      assert.equal(vaultStatus(seeded.other), "Rejected");
      // resources() matches a type prefix, which the policy's token extends.
      const [connection] = (await stack!.resources(CONNECTION_TOKEN)).filter(
        (r) => r.type === CONNECTION_TOKEN,
      );
      assert.deepEqual(
        Object.keys(connection.inputs ?? {}).sort(),
        ["parentResourceId", "privateEndpointConnectionName", "status"],
        "the state records what the program declared",
      );
      assert.equal((await stack!.outputs()).connectionStatus, "Approved");
    });

    it("2. refresh records a description changed by hand; up puts it back", async function () {
      this.timeout(300_000);
      const ref = { resourceGroupName: RG, parentName: HSM, connectionName: hsmConnection };
      await descriptionDriftPutBack(h, stack!, ref);
    });

    it("3. destroy deletes the HSM's connection and retains the policy's decisions", async function () {
      this.timeout(300_000);
      h.control.clearRequestLog();
      const destroy = await stack!.destroy();
      assertOutput(destroy, /- 3 deleted/.test(destroy.stdout), "everything in the stack");
      assert.equal(h.connection(HSM, hsmConnection), undefined);
      assert.equal(vaultStatus(seeded.app), "Approved");
      assert.deepEqual(
        h.armWrites().map((r) => r.method),
        ["DELETE"],
        describeRequests(h.armWrites()),
      );
      stack = undefined;
    });
  }

  function importing() {
    let stack: PulumiStack | undefined;
    let name: string;

    before(async function () {
      this.timeout(300_000);
      name = connectVault(APP, "pe-import-kv");
      h.control.setConnection(
        { kind: "vaults", resourceGroupName: RG, parentName: VAULT, connectionName: name },
        { status: "Approved", description: "approved in the portal" },
      );
      stack = await newYamlStack(h, "any-import", {}, emptyYamlProject("mhsm-pec-any-import"));
    });
    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("4. adopts a key vault's connection by its id; the YAML names the parent by parentResourceId", async function () {
      this.timeout(300_000);
      const id = `${parentId("vaults", VAULT)}/privateEndpointConnections/${name}`;
      const { imported, code } = await importAdopted(h, stack!, CONNECTION_TOKEN, id);
      assert.match(
        code,
        /type: azure-mhsm-pec:(index:)?PrivateEndpointConnection\n/,
        imported.stdout,
      );
      assert.match(code, /parentResourceId: \/subscriptions\/.*\/vaults\/kv-yaml-any\n/i, code);
      assert.match(code, /status: Approved\n/, code);
      const project = path.join(stack!.projectDir, "Pulumi.yaml");
      fs.appendFileSync(project, code);
      const preview = await stack!.preview(["--expect-no-changes"], { allowFailure: true });
      assertOutput(preview, preview.code === 0, `no changes after the import:\n${code}`);
    });
  }
});
