import { strict as assert } from "node:assert";
import * as path from "node:path";
import { PulumiStack } from "../../tools/lib/pulumiStack";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { EngineHarness, RG, useEngineHarness } from "./support/engineHarness";
import { assertOutput, describeRequests, destroyQuietly, log } from "./support/commandOutput";
import { descriptionDriftPutBack } from "./support/sharedSteps";

/**
 * PrivateEndpointConnection and PrivateEndpointConnectionPolicy through the real CLI, their
 * parents (a Managed HSM, a key vault) given by ARM id, from a program copied outside the
 * checkout (test/e2e/programs/any-service): up approves the HSM's connection and decides the
 * vault's by rule; refresh records a description changed by hand and up puts it back; destroy
 * deletes the HSM's connection (ARM's LRO) and leaves the vault's (the policy retains).
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/anyServiceKeyVault.test.js
 */

const PROGRAM = path.join(REPO_ROOT, "test", "e2e", "programs", "any-service");
const DYNAMIC = "pulumi-nodejs:dynamic/keyvault:";
const HSM = "hsm-any-service";
const VAULT = "kv-any-service";
const SUB_OK = "0a0a0a0a-0000-4000-8000-00000000000a";
const SUB_OTHER = "0b0b0b0b-0000-4000-8000-00000000000b";

const endpointId = (sub: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/rg-consumers/providers/Microsoft.Network/privateEndpoints/${name}`;

describe("e2e: the resources of any service, on an HSM and a key vault by parentResourceId", function () {
  let h: EngineHarness;
  useEngineHarness((started) => (h = started), log);
  // Nested, so that its after hook (a destroy) runs before the harness stops.
  describe("up, refresh with drift, destroy", tests);

  let stack: PulumiStack;
  let hsmConnection: string;
  let vaultOk: string;
  let vaultOther: string;
  const parentId = (type: string, name: string) =>
    `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.KeyVault/${type}/${name}`;
  const hsmState = () => h.connection(HSM, hsmConnection)?.properties;
  const vaultState = (name: string) =>
    h.control.getConnection({
      kind: "vaults",
      resourceGroupName: RG,
      parentName: VAULT,
      connectionName: name,
    })?.properties.privateLinkServiceConnectionState.status;

  function tests() {
    before(async function () {
      this.timeout(300_000);
      [hsmConnection] = h.seedHsm(HSM, 1);
      h.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: VAULT });
      const vaultConnection = (sub: string, pe: string) =>
        h.control.createConnection({
          kind: "vaults",
          resourceGroupName: RG,
          parentName: VAULT,
          privateEndpointId: endpointId(sub, pe),
        }).name;
      vaultOk = vaultConnection(SUB_OK, "pe-ok");
      vaultOther = vaultConnection(SUB_OTHER, "pe-other");
      const project = h.workspace.prepareProject(PROGRAM, {
        name: "any-service",
        packageDir: h.packageDir,
      });
      stack = await PulumiStack.init(h.workspace, project.dir, "any-service");
      await stack.setConfig({
        hsmId: parentId("managedHSMs", HSM),
        hsmConnection,
        vaultId: parentId("vaults", VAULT),
      });
      await stack.setConfigList("approvedSubscriptionIds", [SUB_OK]);
    });

    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("1. up approves the HSM's connection and decides the vault's by rule", async function () {
      this.timeout(300_000);
      const up = await stack.up();
      assertOutput(up, /\+ 3 created/.test(up.stdout), "the stack, the connection and the policy");
      assert.equal(hsmState()?.privateLinkServiceConnectionState.status, "Approved");
      assert.equal(vaultState(vaultOk), "Approved");
      assert.equal(vaultState(vaultOther), "Rejected");
      const outputs = await stack.outputs();
      assert.equal(outputs.connectionStatus, "Approved");
      assert.equal(outputs.connectionParent, parentId("managedHSMs", HSM));
      const types = (await stack.resources(DYNAMIC)).map((r) => r.type).sort();
      assert.deepEqual(types, [
        `${DYNAMIC}PrivateEndpointConnection`,
        `${DYNAMIC}PrivateEndpointConnectionPolicy`,
      ]);
    });

    it("2. refresh records a description changed by hand; up puts it back", async function () {
      this.timeout(300_000);
      const ref = { resourceGroupName: RG, parentName: HSM, connectionName: hsmConnection };
      const up = await descriptionDriftPutBack(h, stack, ref);
      assertOutput(up, /~ 1 updated/.test(up.stdout), "one update");
    });

    it("3. destroy deletes the HSM's connection and leaves the vault's to the retaining policy", async function () {
      this.timeout(300_000);
      h.control.clearRequestLog();
      const destroy = await stack.destroy();
      assertOutput(destroy, /- 3 deleted/.test(destroy.stdout), "everything in the stack");
      assert.equal(h.connection(HSM, hsmConnection), undefined, "deleted, waited for");
      assert.equal(vaultState(vaultOk), "Approved");
      assert.deepEqual(
        h.armWrites().map((r) => r.method),
        ["DELETE"],
        describeRequests(h.armWrites()),
      );
    });
  }
});
