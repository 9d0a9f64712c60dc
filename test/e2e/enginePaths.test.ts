import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RequestLogEntry } from "../../emulator";
import type { PulumiStack } from "../../tools/lib/pulumiStack";
import { findOrInstallPulumiYaml } from "../../tools/lib/pulumiYaml";
import type { DeploymentResource } from "../../tools/lib/stackJson";
import { EngineHarness, RG, connectionNameOf, useEngineHarness } from "./support/engineHarness";
import { assertOutput, describeRequests, destroyQuietly, log } from "./support/commandOutput";
import {
  TYPESCRIPT,
  yamlFlavor,
  type DeclaredConnection,
  type DeclaredPolicy,
  type ProgramFlavor,
} from "./support/enginePathPrograms";

/**
 * Every path the engine takes through a change of the program or a command's options, through
 * the real CLI, for connection resources under each onDelete and for an approval policy, in
 * TypeScript (the dynamic provider) and in Pulumi YAML (the provider plugin): after each
 * command, ARM's connections, the state and the program agree, and the ARM writes sent are
 * exactly those the change needs. One stack per language walks the rows in order (each row
 * starts from what the one before left). docs/engine-paths.md says what each row shows.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/enginePaths.test.js
 */

const CONSUMER_SUB = "c0c0c0c0-0000-4000-8000-00000000c0c0";

describe("e2e: the engine's paths never delete what the program declares", function () {
  let h: EngineHarness;
  const savedPath = process.env.PATH;
  useEngineHarness((started) => (h = started), log);

  before(async function () {
    this.timeout(45 * 60_000);
    const dir = await findOrInstallPulumiYaml(h.cli, { log });
    process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ""}`;
  });

  after(() => {
    process.env.PATH = savedPath;
  });

  describe("TypeScript: the dynamic provider, with an approval policy", () => {
    matrix(
      () => h,
      () => TYPESCRIPT,
      "ts",
    );
  });

  describe("Pulumi YAML: the provider plugin, with an approval policy", () => {
    matrix(
      () => h,
      () => yamlFlavor(h),
      "yaml",
    );
  });
});

function matrix(harness: () => EngineHarness, flavorOf: () => ProgramFlavor, key: string) {
  const HSM = `hsm-paths-${key}`;
  const POLICY_HSM = `hsm-paths-${key}-policy`;
  let h: EngineHarness;
  let flavor: ProgramFlavor;
  let stack: PulumiStack;
  /** Connection names by role, seeded Pending. */
  let names: { del: string; rej: string; ret: string; roc: string; spare: string };
  let policyApproved: string[] = [];
  let connections: DeclaredConnection[];
  let policy: DeclaredPolicy | undefined;

  const declare = () => flavor.declare(stack, { hsmName: HSM, connections, policy });
  const rename = (resource: string) => (policy ? { ...policy, resource } : undefined);

  const arm = (name: string, hsm = HSM) =>
    h.control.getConnection({ resourceGroupName: RG, parentName: hsm, connectionName: name })
      ?.properties.privateLinkServiceConnectionState.status;

  /** The writes since the log was cleared, as "PUT name" / "DELETE name", sorted. */
  const writes = () =>
    h
      .armWrites()
      .map((r: RequestLogEntry) => `${r.method} ${connectionNameOf(r)}`)
      .sort();

  const live = async (type: string | undefined): Promise<DeploymentResource[]> =>
    type ? (await stack.resources(type)).filter((r) => !r.delete) : [];

  /** ARM, the state and the program agree. */
  async function assertAgreement() {
    const inState = await live(flavor.connectionType);
    for (const declared of connections) {
      const want = declared.status ?? "Approved";
      assert.equal(arm(declared.connection), want, `ARM: ${declared.connection}`);
      const held = inState.filter(
        (r) =>
          String(r.outputs?.privateEndpointConnectionName).toLowerCase() ===
          declared.connection.toLowerCase(),
      );
      assert.equal(held.length, 1, `one resource in the state holds ${declared.connection}`);
      assert.equal(held[0].outputs?.status, want, `state: ${declared.connection}`);
      assert.ok(held[0].urn.endsWith(`::${declared.resource}`), held[0].urn);
    }
    for (const r of inState) {
      const name = String(r.outputs?.privateEndpointConnectionName);
      assert.equal(arm(name), r.outputs?.status, `the state says what ARM says of ${name}`);
    }
    const policies = await live(flavor.policyType);
    assert.deepEqual(
      policies.map((p) => p.urn.split("::").pop()),
      policy ? [policy.resource] : [],
    );
    for (const name of policyApproved) assert.equal(arm(name, POLICY_HSM), "Approved", name);
  }

  const urnOf = async (resource: string) => {
    const all = await stack.resources("");
    const found = all.find((r) => r.urn.endsWith(`::${resource}`) && !r.delete);
    assert.ok(found, `${resource} in the state`);
    return found.urn;
  };

  before(async function () {
    this.timeout(300_000);
    h = harness();
    flavor = flavorOf();
    const [del, rej, ret, roc, spare] = h.seedHsm(HSM, 5);
    names = { del, rej, ret, roc, spare };
    connections = [
      { resource: "del", connection: del, onDelete: "delete" },
      { resource: "rej", connection: rej, onDelete: "reject" },
      { resource: "ret", connection: ret, onDelete: "retain" },
      { resource: "roc", connection: roc, onDelete: "delete", replaceOnChanges: ["status"] },
    ];
    if (flavor.policyType) {
      h.control.createParent({ resourceGroupName: RG, parentName: POLICY_HSM });
      policyApproved = [1, 2].map(
        (i) =>
          h.control.createConnection({
            resourceGroupName: RG,
            parentName: POLICY_HSM,
            privateEndpointId:
              `/subscriptions/${CONSUMER_SUB}/resourceGroups/consumer/providers/` +
              `Microsoft.Network/privateEndpoints/pe-consumer-${i}`,
          }).name,
      );
      policy = {
        resource: "policy",
        hsmName: POLICY_HSM,
        approvedSubscriptionIds: [CONSUMER_SUB],
        onDelete: "delete",
      };
    }
    stack = await flavor.newStack(h, "paths");
    await declare();
    h.control.clearRequestLog();
    await stack.up();
    assert.deepEqual(
      writes(),
      [del, rej, ret, roc, ...policyApproved].map((n) => `PUT ${n}`).sort(),
      describeRequests(h.armWrites()),
    );
    await assertAgreement();
  });

  after(async function () {
    this.timeout(300_000);
    if (stack) {
      await stack.run(["state", "unprotect", "--all", "--yes"], { allowFailure: true });
      await destroyQuietly(stack);
    }
  });

  it("1. up --replace of every resource: the replacements take the connections over; no write", async () => {
    const resources = ["del", "rej", "ret", "roc", ...(policy ? ["policy"] : [])];
    const urns = await Promise.all(resources.map(urnOf));
    const up = await stack.up(urns.flatMap((urn) => ["--replace", urn]));
    const replaced = new RegExp(`\\+-\\s*${resources.length} replaced`);
    assertOutput(up, replaced.test(up.stdout), "every resource replaced");
    assert.deepEqual(writes(), [], describeRequests(h.armWrites()));
    await assertAgreement();
  });

  it("2. up --target-replace of one: the same, and nothing else is touched", async () => {
    const up = await stack.up(["--target-replace", await urnOf("rej")]);
    assertOutput(up, /\+-\s*1 replaced/.test(up.stdout), "one replaced");
    assert.deepEqual(writes(), [], describeRequests(h.armWrites()));
    await assertAgreement();
  });

  it("3. renaming every resource without an alias: created anew, the old ones dropped; no write", async () => {
    connections = connections.map((c) => ({ ...c, resource: `${c.resource}-renamed` }));
    policy = rename("policy-renamed");
    await declare();
    const up = await stack.up();
    const n = connections.length + (policy ? 1 : 0);
    const both =
      new RegExp(`\\+ ${n} created`).test(up.stdout) && up.stdout.includes(`- ${n} deleted`);
    assertOutput(up, both, `${n} created, ${n} deleted`);
    assert.deepEqual(writes(), [], describeRequests(h.armWrites()));
    await assertAgreement();
  });

  it("4. renaming with an alias: the same resources, nothing to do", async () => {
    connections = connections.map((c) => ({
      ...c,
      resource: c.resource.replace("-renamed", "-aliased"),
      aliases: [c.resource],
    }));
    policy = policy && { ...policy, resource: "policy-aliased", aliases: [policy.resource] };
    await declare();
    const up = await stack.up();
    assertOutput(up, !/created|deleted|replaced/.test(up.stdout), "renamed in place");
    assert.deepEqual(writes(), [], describeRequests(h.armWrites()));
    await assertAgreement();
  });

  it("5. replaceOnChanges [status] and a new status: the one PUT the change needs", async () => {
    connections = connections.map((c) =>
      c.connection === names.roc ? { ...c, status: "Rejected" } : c,
    );
    await declare();
    await stack.up();
    assert.deepEqual(writes(), [`PUT ${names.roc}`], describeRequests(h.armWrites()));
    await assertAgreement();
  });

  it("6. protect, then up --replace: the engine refuses; nothing is written", async () => {
    connections = connections.map((c) =>
      c.connection === names.del ? { ...c, protect: true } : c,
    );
    await declare();
    await stack.up();
    h.control.clearRequestLog();
    const up = await stack.up(["--replace", await urnOf("del-aliased")], { allowFailure: true });
    assertOutput(up, up.code !== 0 && /protect/i.test(up.stdout + up.stderr), "refused");
    assert.deepEqual(writes(), [], describeRequests(h.armWrites()));
    connections = connections.map((c) => ({ ...c, protect: undefined }));
    await declare();
    await stack.up();
    await assertAgreement();
  });

  it("7. pulumi state delete, then up: the connection is adopted again; no write", async () => {
    await stack.run(["state", "delete", await urnOf("ret-aliased"), "--yes"]);
    const up = await stack.up();
    assertOutput(up, /\+ 1 created/.test(up.stdout), "adopted");
    assert.deepEqual(writes(), [], describeRequests(h.armWrites()));
    await assertAgreement();
  });

  it("8. a new name that names no connection fails the preview and the up; nothing is written", async () => {
    const before = connections;
    connections = connections.map((c) =>
      c.connection === names.del ? { ...c, connection: `${names.del}-typo` } : c,
    );
    await declare();
    const preview = await stack.preview([], { allowFailure: true });
    assertOutput(preview, preview.code !== 0, "the preview fails");
    assertOutput(preview, /-typo does not exist/.test(preview.stdout), "naming the connection");
    const up = await stack.up([], { allowFailure: true });
    assertOutput(up, up.code !== 0 && /-typo does not exist/.test(up.stdout), "the up fails");
    assert.deepEqual(writes(), [], describeRequests(h.armWrites()));
    connections = before;
    await declare();
    await assertAgreement();
  });

  it("9. an interrupted replace's pending delete, run by the next up: handed over; no write", async () => {
    const state = await stack.exportState();
    const resources = state.deployment.resources ?? [];
    const at = resources.findIndex((r) => r.urn.endsWith("::roc-aliased"));
    resources.splice(at, 0, { ...resources[at], delete: true });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "engine-paths-")), "state.json");
    fs.writeFileSync(file, JSON.stringify(state));
    await stack.run(["stack", "import", "--file", file]);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    const up = await stack.up();
    assertOutput(up, /roc-aliased deleted original/.test(up.stdout), "the pending delete ran");
    assert.deepEqual(writes(), [], describeRequests(h.armWrites()));
    assert.ok(!(await stack.resources("")).some((r) => r.delete), "no pending delete left");
    await assertAgreement();
  });

  it("10. a new name that exists: its PUT, then the old connection's DELETE (no longer declared)", async () => {
    connections = connections.map((c) =>
      c.connection === names.del ? { ...c, connection: names.spare } : c,
    );
    await declare();
    await stack.up();
    assert.deepEqual(
      writes(),
      [`DELETE ${names.del}`, `PUT ${names.spare}`],
      describeRequests(h.armWrites()),
    );
    assert.equal(arm(names.del), undefined, "the old connection is gone");
    await assertAgreement();
  });

  it("11. resources removed from the program: onDelete reject and retain do what they say", async () => {
    connections = connections.filter((c) => c.onDelete !== "reject" && c.onDelete !== "retain");
    await declare();
    await stack.up();
    assert.deepEqual(writes(), [`PUT ${names.rej}`], describeRequests(h.armWrites()));
    assert.equal(arm(names.rej), "Rejected");
    assert.equal(arm(names.ret), "Approved");
    await assertAgreement();
  });

  it("12. retainOnDelete, then removed: the engine calls no delete; no write", async () => {
    connections = connections.map((c) =>
      c.connection === names.spare ? { ...c, retainOnDelete: true } : c,
    );
    await declare();
    await stack.up();
    h.control.clearRequestLog();
    connections = connections.filter((c) => c.connection !== names.spare);
    await declare();
    await stack.up();
    assert.deepEqual(writes(), [], describeRequests(h.armWrites()));
    assert.equal(arm(names.spare), "Approved");
    await assertAgreement();
  });
}
