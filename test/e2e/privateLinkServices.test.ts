import { strict as assert } from "node:assert";
import * as path from "node:path";
import { PulumiStack } from "../../tools/lib/pulumiStack";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import type { RequestLogEntry } from "../../emulator";
import { connectionNameOf, EngineHarness, RG, useEngineHarness } from "./support/engineHarness";
import { assertOutput, describeRequests, destroyQuietly, log } from "./support/commandOutput";

/**
 * examples/any-service, unchanged, through the real CLI against the emulator's model of nine
 * private-link services: on each service's parent, one connection declared one by one and a
 * policy deciding the rest. up approves and rejects with one PUT per connection, whatever the
 * service's PUT style; a description changed by hand and a new consumer show as drift, and up
 * puts back what the service lets anyone put back (Storage and the SQL family refuse any change
 * of an Approved connection, so up says so and writes nothing there); destroy deletes each
 * declared connection through the service's DELETE and waits until it is gone.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/privateLinkServices.test.js
 */

const SERVICES = [
  "Microsoft.Storage/storageAccounts",
  "Microsoft.Sql/servers",
  "Microsoft.DocumentDB/databaseAccounts",
  "Microsoft.ContainerRegistry/registries",
  "Microsoft.Web/sites",
  "Microsoft.EventHub/namespaces",
  "Microsoft.ServiceBus/namespaces",
  "Microsoft.CognitiveServices/accounts",
  "Microsoft.Network/privateLinkServices",
] as const;
/** Their rules refuse to change an Approved connection at all, even its description. */
const REFUSE_CHANGE_OF_APPROVED = new Set<string>([
  "Microsoft.Storage/storageAccounts",
  "Microsoft.Sql/servers",
]);
/** What the provider says of either (the engine stops at the first it checks). */
const REFUSAL =
  /(storage account refuses to approve an Approved connection again|SQL server changes a connection only while it is Pending)/;
const SUB_OK = "0a0a0a0a-0000-4000-8000-00000000000a";
const SUB_OTHER = "0b0b0b0b-0000-4000-8000-00000000000b";
/** `pulumi preview --expect-no-changes` exits with this when there are changes. */
const EXIT_NO_CHANGES_EXPECTED = 7;

interface Parent {
  resourceType: string;
  parentName: string;
  id: string;
  declared: string;
  approvedByRule: string;
  rejectedByRule: string;
  newConsumer?: string;
}

const endpointId = (sub: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/rg-consumers/providers/Microsoft.Network/privateEndpoints/${name}`;

function seed(h: EngineHarness, resourceType: string, i: number): Parent {
  // Letters and digits: the strictest of the nine services' name rules (Storage's).
  const parentName = `plse2e${i}`;
  h.control.createParent({ resourceType, resourceGroupName: RG, parentName });
  const make = (sub: string, pe: string) =>
    h.control.createConnection({
      resourceType,
      resourceGroupName: RG,
      parentName,
      privateEndpointId: endpointId(sub, `${pe}-${i}`),
    }).name;
  return {
    resourceType,
    parentName,
    id: `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/${RG}/providers/${resourceType}/${parentName}`,
    declared: make(SUB_OTHER, "pe-declared"),
    approvedByRule: make(SUB_OK, "pe-ok"),
    rejectedByRule: make(SUB_OTHER, "pe-other"),
  };
}

function stateOf(h: EngineHarness, p: Parent, connectionName: string) {
  return h.control.getConnection({
    resourceType: p.resourceType,
    resourceGroupName: RG,
    parentName: p.parentName,
    connectionName,
  })?.properties.privateLinkServiceConnectionState;
}

/** The writes to one parent's connections, as "METHOD name". */
function writesTo(writes: RequestLogEntry[], p: Parent): string[] {
  const prefix = `/providers/${p.resourceType}/${p.parentName}/`.toLowerCase();
  return writes
    .filter((r) => decodeURIComponent(r.path).toLowerCase().includes(prefix))
    .map((r) => `${r.method} ${connectionNameOf(r)}`)
    .sort();
}

describe("e2e: examples/any-service on nine private-link services", function () {
  let h: EngineHarness;
  useEngineHarness((started) => (h = started), log);
  // Nested, so that its after hook (a destroy) runs before the harness stops.
  describe("up, refresh with drift, up, destroy", tests);

  let stack: PulumiStack;
  const parents: Parent[] = [];
  /** The writes of step 3's failed up, which step 4 completes. */
  let refusedUpWrites: RequestLogEntry[] = [];

  function tests() {
    before(async function () {
      this.timeout(300_000);
      SERVICES.forEach((type, i) => parents.push(seed(h, type, i + 1)));
      const project = h.workspace.prepareProject(path.join(REPO_ROOT, "examples", "any-service"), {
        name: "any-service-nine",
        packageDir: h.packageDir,
      });
      stack = await PulumiStack.init(h.workspace, project.dir, "nine");
      const config: Record<string, string> = {};
      parents.forEach((p, i) => {
        config[`connections[${i}].parentResourceId`] = p.id;
        config[`connections[${i}].privateEndpointConnectionName`] = p.declared;
      });
      await stack.setConfig(config);
      await stack.setConfigList(
        "policyParents",
        parents.map((p) => p.id),
      );
      await stack.setConfigList("approvedSubscriptionIds", [SUB_OK]);
    });

    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("1. up: each parent's declared connection and the policy's decisions, one PUT each", async function () {
      this.timeout(300_000);
      const up = await stack.up();
      assertOutput(up, /\+ 19 created/.test(up.stdout), "the stack, 9 connections, 9 policies");
      const writes = h.armWrites();
      for (const p of parents) {
        assert.equal(stateOf(h, p, p.declared)?.status, "Approved", `${p.resourceType}: declared`);
        assert.equal(
          stateOf(h, p, p.approvedByRule)?.status,
          "Approved",
          `${p.resourceType}: rule`,
        );
        assert.equal(
          stateOf(h, p, p.rejectedByRule)?.status,
          "Rejected",
          `${p.resourceType}: otherwise`,
        );
        assert.deepEqual(
          writesTo(writes, p),
          [p.declared, p.approvedByRule, p.rejectedByRule].map((n) => `PUT ${n}`).sort(),
          `${p.resourceType}: one PUT per connection\n${describeRequests(writes)}`,
        );
      }
      const statuses = (await stack.outputs()).statuses as Record<string, string>;
      assert.equal(Object.keys(statuses).length, SERVICES.length);
      assert.ok(
        Object.values(statuses).every((s) => s === "Approved"),
        JSON.stringify(statuses),
      );
    });

    it("2. a description changed by hand is drift; the preview says where it cannot be undone", async function () {
      this.timeout(300_000);
      for (const p of parents) {
        h.control.setConnection(
          {
            resourceType: p.resourceType,
            resourceGroupName: RG,
            parentName: p.parentName,
            connectionName: p.declared,
          },
          { description: "changed by hand" },
        );
      }
      const refresh = await stack.refresh(["--diff"]);
      const drifted = refresh.stdout.match(/changed by hand/g) ?? [];
      assertOutput(refresh, drifted.length >= SERVICES.length, "refresh shows each drift");
      const preview = await stack.preview([], { allowFailure: true });
      assert.notEqual(preview.code, 0, "the preview fails before any write");
      assertOutput(preview, REFUSAL.test(preview.stdout + preview.stderr), "it says why");
    });

    it("3. up sends nothing where the service refuses any change of an Approved connection", async function () {
      this.timeout(300_000);
      const up = await stack.up([], { allowFailure: true });
      assert.notEqual(up.code, 0, "Storage or SQL refuses the change: the up says so");
      assertOutput(up, REFUSAL.test(up.stdout + up.stderr), "it says why");
      refusedUpWrites = h.armWrites();
      for (const p of parents.filter((p) => REFUSE_CHANGE_OF_APPROVED.has(p.resourceType))) {
        assert.equal(stateOf(h, p, p.declared)?.description, "changed by hand", p.resourceType);
        assert.ok(
          !writesTo(refusedUpWrites, p).includes(`PUT ${p.declared}`),
          `${p.resourceType}: nothing sent\n${describeRequests(refusedUpWrites)}`,
        );
      }
    });

    it("4. declaring ARM's description there, a new consumer is drift; up puts back the rest", async function () {
      this.timeout(300_000);
      const config: Record<string, string> = {};
      parents.forEach((p, i) => {
        if (REFUSE_CHANGE_OF_APPROVED.has(p.resourceType)) {
          config[`connections[${i}].description`] = "changed by hand";
        }
        p.newConsumer = h.control.createConnection({
          resourceType: p.resourceType,
          resourceGroupName: RG,
          parentName: p.parentName,
          privateEndpointId: endpointId(SUB_OK, `pe-new-${p.parentName}`),
        }).name;
      });
      await stack.setConfig(config);
      const check = await stack.preview(["--refresh", "--expect-no-changes"], {
        allowFailure: true,
      });
      assert.equal(check.code, EXIT_NO_CHANGES_EXPECTED, check.stdout + check.stderr);
      for (const p of parents) {
        assertOutput(check, check.stdout.includes(p.newConsumer ?? "?"), `${p.resourceType}: new`);
      }
      await stack.up();
      const writes = [...refusedUpWrites, ...h.armWrites()];
      for (const p of parents) {
        const refused = REFUSE_CHANGE_OF_APPROVED.has(p.resourceType);
        assert.equal(stateOf(h, p, p.newConsumer ?? "?")?.status, "Approved", p.resourceType);
        assert.equal(
          stateOf(h, p, p.declared)?.description,
          refused ? "changed by hand" : "",
          `${p.resourceType}: the description`,
        );
        assert.deepEqual(
          writesTo(writes, p),
          [p.newConsumer, ...(refused ? [] : [p.declared])].map((n) => `PUT ${n}`).sort(),
          `${p.resourceType}: one PUT per change, over both ups\n${describeRequests(writes)}`,
        );
      }
      const agreed = await stack.preview(["--refresh", "--expect-no-changes"]);
      assert.equal(agreed.code, 0, "ARM, the state and the program agree");
    });

    it("5. destroy deletes every declared connection through its service's DELETE", async function () {
      this.timeout(300_000);
      h.control.clearRequestLog();
      const destroy = await stack.destroy();
      assertOutput(destroy, /- 19 deleted/.test(destroy.stdout), "everything in the stack");
      const writes = h.armWrites();
      for (const p of parents) {
        assert.equal(
          stateOf(h, p, p.declared),
          undefined,
          `${p.resourceType}: deleted, waited for`,
        );
        assert.equal(stateOf(h, p, p.approvedByRule)?.status, "Approved", "the policy retains");
        assert.deepEqual(writesTo(writes, p), [`DELETE ${p.declared}`], describeRequests(writes));
      }
    });
  }
});
