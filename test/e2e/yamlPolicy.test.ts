import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PulumiStack } from "../../tools/lib/pulumiStack";
import { findOrInstallPulumiYaml } from "../../tools/lib/pulumiYaml";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { KEY_VAULT_POLICY_TOKEN, MHSM_POLICY_TOKEN } from "../../provider/plugin/tokens";
import { EngineHarness, RG, useEngineHarness } from "./support/engineHarness";
import { assertOutput, describeRequests, destroyQuietly, log } from "./support/commandOutput";
import { installPlugin, newYamlStack } from "./support/yamlProject";

/**
 * The approval policy through the provider plugin, from a Pulumi YAML program
 * (examples/yaml-policy, copied outside the repository) run by the engine against the ARM
 * emulator: a Managed HSM's and a key vault's policy decide their connections at up, a new
 * connection shows as outstanding at refresh and is decided at the next up, nothing undeclared
 * is recorded, and destroy applies onDelete (retain by default: no ARM call).
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/yamlPolicy.test.js
 */
const EXAMPLE = path.join(REPO_ROOT, "examples", "yaml-policy", "Pulumi.yaml");
const APP = "0a0a0a0a-0000-4000-8000-00000000000a";
const OTHER = "0b0b0b0b-0000-4000-8000-00000000000b";
const HSM = "hsm-yaml-policy";
const VAULT = "kv-yaml-policy";

const endpointId = (sub: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/rg-consumers/providers/Microsoft.Network/privateEndpoints/${name}`;

describe("e2e: the approval policy in Pulumi YAML through the provider plugin", function () {
  let h: EngineHarness;
  let stack: PulumiStack | undefined;
  const savedPath = process.env.PATH;
  useEngineHarness((started) => (h = started), log);

  const connect = (kind: "managedHSMs" | "vaults", parentName: string, sub: string, pe: string) =>
    h.control.createConnection({
      kind,
      resourceGroupName: RG,
      parentName,
      privateEndpointId: endpointId(sub, pe),
    }).name;
  const statusOf = (kind: "managedHSMs" | "vaults", parentName: string, name: string) =>
    h.control.getConnection({ kind, resourceGroupName: RG, parentName, connectionName: name })
      ?.properties.privateLinkServiceConnectionState.status;
  const seeded = { hsmApp: "", hsmOther: "", vaultApp: "", vaultOther: "" };

  before(async function () {
    this.timeout(45 * 60_000);
    const dir = await findOrInstallPulumiYaml(h.cli, { log });
    process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ""}`;
    // As a user does: the plugin from its archive; the example names no path to it.
    await installPlugin(h);
    h.control.createParent({ resourceGroupName: RG, parentName: HSM });
    h.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: VAULT });
    seeded.hsmApp = connect("managedHSMs", HSM, APP, "pe-app-hsm");
    seeded.hsmOther = connect("managedHSMs", HSM, OTHER, "pe-other-hsm");
    seeded.vaultApp = connect("vaults", VAULT, APP, "pe-app-kv");
    seeded.vaultOther = connect("vaults", VAULT, OTHER, "pe-other-kv");
    stack = await newYamlStack(
      h,
      "policy",
      { resourceGroupName: RG, hsmName: HSM, vaultName: VAULT, appSubscriptionId: APP },
      fs.readFileSync(EXAMPLE, "utf8"),
    );
    assert.ok(!stack.projectDir.startsWith(REPO_ROOT), "the project is outside the repository");
  });

  after(async function () {
    this.timeout(300_000);
    process.env.PATH = savedPath;
    await destroyQuietly(stack);
  });

  it("up decides every connection of both parents by the rules; outputs count them", async () => {
    const up = await stack!.up();
    assertOutput(up, /\+ 3 created/.test(up.stdout), "the stack and both policies");
    assert.equal(statusOf("managedHSMs", HSM, seeded.hsmApp), "Approved");
    assert.equal(statusOf("managedHSMs", HSM, seeded.hsmOther), "Rejected", "otherwise Rejected");
    assert.equal(statusOf("vaults", VAULT, seeded.vaultApp), "Approved");
    assert.equal(statusOf("vaults", VAULT, seeded.vaultOther), "Pending", "otherwise leave");
    const outputs = await stack!.outputs();
    assert.deepEqual(outputs.hsmCounts, {
      total: 2,
      approved: 1,
      rejected: 1,
      pending: 0,
      disconnected: 0,
      excluded: 0,
      byRule: { "app-subscription": 1 },
    });
    assert.equal((outputs.vaultCounts as { pending: number }).pending, 1);
    const [policy] = await stack!.resources(MHSM_POLICY_TOKEN);
    assert.deepEqual(
      Object.keys(policy.inputs ?? {}).sort(),
      ["hsmName", "otherwise", "resourceGroupName", "rules", "subscriptionId"],
      "the state records what the program declared, no default",
    );
    assert.equal((await stack!.resources(KEY_VAULT_POLICY_TOKEN)).length, 1);
  });

  it("a new connection the rules approve shows at refresh and preview, and up approves it", async () => {
    const late = connect("managedHSMs", HSM, APP, "pe-app-hsm-2");
    h.control.clearRequestLog();
    await stack!.refresh();
    // Refresh records it in the policy's state (the stack outputs are the program's, at up).
    const [policy] = await stack!.resources(MHSM_POLICY_TOKEN);
    assert.deepEqual(policy.outputs?.outstanding, [
      { name: late, from: "Pending", to: "Approved", rule: "app-subscription" },
    ]);
    const preview = await stack!.preview(["--expect-no-changes"], { allowFailure: true });
    assertOutput(preview, preview.code !== 0, "the policy has a write to make");
    assert.deepEqual(h.armWrites(), [], "refresh and preview only read");
    await stack!.up();
    assert.equal(statusOf("managedHSMs", HSM, late), "Approved");
    const again = await stack!.preview(["--expect-no-changes"], { allowFailure: true });
    assertOutput(again, again.code === 0, "nothing left to do");
  });

  it("destroy applies onDelete, retain by default: every decision stays, no ARM write", async () => {
    h.control.clearRequestLog();
    const destroy = await stack!.destroy();
    assertOutput(destroy, /- 3 deleted/.test(destroy.stdout), "the stack and both policies");
    assert.deepEqual(h.armWrites(), [], describeRequests(h.armWrites()));
    assert.equal(statusOf("managedHSMs", HSM, seeded.hsmApp), "Approved");
    assert.equal(statusOf("vaults", VAULT, seeded.vaultApp), "Approved");
    stack = undefined;
  });
});
