import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { runBounded } from "../../tools/lib/boundedProcess";
import { PulumiStack } from "../../tools/lib/pulumiStack";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import {
  KEY_VAULT_POLICY_TOKEN,
  MHSM_CONNECTION_TOKEN,
  PLUGIN_NAME,
} from "../../provider/plugin/tokens";
import { archiveName } from "../../tools/release/platforms";
import { EngineHarness, useEngineHarness, RG } from "./support/engineHarness";
import { assertOutput, destroyQuietly, log } from "./support/commandOutput";
import { assertOnlyDeclaredInDiff } from "./support/declaredDiff";
import { PACKAGE_VERSION, releaseForTests } from "./support/release";

/**
 * examples/go as a user runs it: copied outside the repository, its go.mod pointed at the
 * release's Go module, the plugin installed from the release's archive, and run BY THE ENGINE
 * through tools/pulumi-language-go against the ARM emulator: up (a connection and a key vault's
 * approval policy), refresh with drift, the refused re-approval, destroy.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/go.test.js
 */
const SDK_MODULE = "example.com/pulumi-azure-mhsm-pec/sdk/go";
const APP = "0a0a0a0a-0000-4000-8000-00000000000a";
const OTHER = "0b0b0b0b-0000-4000-8000-00000000000b";
const HSM = "hsm-go";
const VAULT = "kv-go";

async function run(command: string, args: string[], cwd: string, timeoutMs = 20 * 60_000) {
  const result = await runBounded(command, args, {
    cwd,
    env: { ...process.env, GOWORK: "off", GOFLAGS: "-mod=mod" },
    timeoutMs,
    onStderr: process.env.E2E_VERBOSE ? log : undefined,
  });
  assert.equal(
    result.code,
    0,
    `${command} ${args.join(" ")}:\n${result.stdout}\n${result.stderr.slice(-4000)}`,
  );
  return result.stdout;
}

describe("e2e: examples/go on the released Go module, run by the engine", function () {
  let h: EngineHarness;
  useEngineHarness((started) => (h = started), log);
  let project: string;
  let stack: PulumiStack | undefined;

  before(async function () {
    this.timeout(45 * 60_000);
    const script = path.join(REPO_ROOT, "tools", "install-pulumi-language-go.sh");
    const hostDir = (await run("bash", [script], REPO_ROOT)).trim().split("\n").pop();
    assert.equal(hostDir, h.cli.binDir, "the Go host sits next to the CLI the engine runs");

    const release = await releaseForTests();
    project = path.join(h.workspace.root, "go-project");
    fs.cpSync(path.join(REPO_ROOT, "examples", "go"), project, { recursive: true });
    await run(
      "go",
      ["mod", "edit", "-replace", `${SDK_MODULE}=${path.join(release, "go")}`],
      project,
    );
    await run("go", ["mod", "tidy"], project);
    await h.workspace.pulumi(project, [
      "plugin",
      "install",
      "resource",
      PLUGIN_NAME,
      PACKAGE_VERSION,
      "--file",
      path.join(release, archiveName(PACKAGE_VERSION, { os: "linux", arch: "amd64" })),
    ]);
    assert.ok(!project.startsWith(REPO_ROOT), "the project is outside the repository");
  });

  after(async function () {
    this.timeout(5 * 60_000);
    await destroyQuietly(stack);
  });

  it("up approves the connection and decides the vault's by the policy; drift shows at refresh; destroy", async function () {
    this.timeout(20 * 60_000);
    const [name] = h.seedHsm(HSM, 1);
    h.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: VAULT });
    const endpoint = (sub: string, pe: string) =>
      `/subscriptions/${sub}/resourceGroups/rg-consumers/providers/Microsoft.Network/privateEndpoints/${pe}`;
    const vaultConnection = (sub: string, pe: string) =>
      h.control.createConnection({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: VAULT,
        privateEndpointId: endpoint(sub, pe),
      }).name;
    const app = vaultConnection(APP, "pe-app");
    const other = vaultConnection(OTHER, "pe-other");
    const vaultStatus = (connectionName: string) =>
      h.control.getConnection({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: VAULT,
        connectionName,
      })?.properties.privateLinkServiceConnectionState.status;
    const state = () => h.connection(HSM, name)?.properties.privateLinkServiceConnectionState;

    stack = await PulumiStack.init(h.workspace, project, "dev");
    await stack.setConfig({
      resourceGroupName: RG,
      hsmName: HSM,
      connectionName: name,
      vaultName: VAULT,
      appSubscriptionId: APP,
    });
    await stack.up();
    assert.equal(state()?.status, "Approved");
    assert.equal(vaultStatus(app), "Approved");
    assert.equal(vaultStatus(other), "Rejected", "otherwise Rejected");
    const outputs = await stack.outputs();
    assert.equal(outputs.connectionId, h.connection(HSM, name)?.id);
    assert.equal((outputs.vaultCounts as { approved: number }).approved, 1);
    assert.equal((await stack.resources(KEY_VAULT_POLICY_TOKEN)).length, 1);

    // Drift: only the drifted description shows, no input the program left out.
    const ref = { resourceGroupName: RG, parentName: HSM, connectionName: name };
    h.control.setConnection(ref, { description: "edited in the portal" });
    await stack.refresh();
    await assertOnlyDeclaredInDiff(
      stack,
      MHSM_CONNECTION_TOKEN,
      ["resourceGroupName", "hsmName", "privateEndpointConnectionName", "status"],
      ["description"],
    );
    await stack.up();
    assert.equal(state()?.description, "");

    // Rejected by hand: Azure refuses a re-approval, so up refuses before any write.
    h.control.setConnection(ref, { status: "Rejected", description: "rejected in the portal" });
    await stack.refresh();
    h.control.clearRequestLog();
    const refused = await stack.up([], { allowFailure: true });
    assertOutput(
      refused,
      refused.code !== 0 &&
        /Azure does not let a rejected connection be approved again/.test(
          refused.stdout + refused.stderr,
        ),
      "up refuses with the reason",
    );
    assert.deepEqual(h.armWrites(), [], "no PUT to a rejected connection");
    h.control.requestConnectionAgain(ref);
    await stack.up();
    assert.equal(state()?.status, "Approved", "approved after the re-request");

    await stack.destroy();
    assert.equal(h.connection(HSM, name), undefined, "destroy deleted the connection");
    assert.equal(vaultStatus(app), "Approved", "the policy's onDelete is retain by default");
    stack = undefined;
  });
});
