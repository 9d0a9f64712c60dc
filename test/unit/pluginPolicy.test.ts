import { strict as assert } from "node:assert";
import * as path from "node:path";
import { KEY_VAULT, MANAGED_HSM } from "../../provider/arm/parentKinds";
import type { ConnectionsApi } from "../../provider/arm/connectionsApi";
import type { ConnectionState } from "../../provider/arm/connectionState";
import { MhsmPrivateEndpointConnectionPolicyProvider } from "../../provider/policy/provider";
import { checkPolicy } from "../../provider/policy/checkPolicy";
import { pluginProvider } from "../../provider/plugin/pluginProvider";
import { packageSchema } from "../../provider/plugin/schema";
import { KEY_VAULT_POLICY_TOKEN, MHSM_POLICY_TOKEN } from "../../provider/plugin/tokens";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { argsProperties } from "./support/argsProperties";
import { FakeClock, HSM, RG, SUB } from "./support/fakes";
import { DeclaredInDeployment } from "../../provider/declarations";

/**
 * The approval policy through the plugin: the same provider as the TypeScript classes (same
 * check, decisions, counts and onDelete), with only what the program declared recorded.
 */
const URN =
  "urn:pulumi:dev::p::azure-mhsm-pec:index:MhsmPrivateEndpointConnectionPolicy::approvals";
const CONSUMER = "aaaaaaaa-0000-4000-8000-00000000000a";
const OTHER = "bbbbbbbb-0000-4000-8000-00000000000b";
const READ_INPUTS = "__pulumiReadInputs";

function pe(sub: string, name: string) {
  return `/subscriptions/${sub}/resourceGroups/rg-consumer/providers/Microsoft.Network/privateEndpoints/${name}`;
}

/** ARM in memory: list answers every connection; a PUT sets the status, settled at once. */
class MemoryArm implements Pick<ConnectionsApi, "get" | "list" | "put"> {
  readonly connections = new Map<string, ConnectionState>();
  readonly writes: string[] = [];
  add(name: string, status: string, sub: string) {
    this.connections.set(name, {
      id: `/x/${name}`,
      name,
      status,
      privateEndpointId: pe(sub, name.split(".")[0]),
      provisioningState: "Succeeded",
    });
  }
  async get(ref: { connectionName: string }) {
    return this.connections.get(ref.connectionName);
  }
  async list() {
    return [...this.connections.values()].map((c) => ({ ...c }));
  }
  async put(ref: { connectionName: string }, desired: { status: string; description: string }) {
    this.writes.push(`PUT ${ref.connectionName} ${desired.status}`);
    const state = { ...this.connections.get(ref.connectionName)!, ...desired };
    this.connections.set(ref.connectionName, state);
    return { state };
  }
}

function setup() {
  const arm = new MemoryArm();
  arm.add("pe-a.1", "Pending", CONSUMER);
  arm.add("pe-b.1", "Pending", OTHER);
  const options = {
    connectionsApi: () => arm as unknown as ConnectionsApi,
    clock: new FakeClock(),
    report: () => undefined,
    notice: () => undefined,
    warning: () => undefined,
    env: { AZURE_SUBSCRIPTION_ID: SUB },
    declarations: new DeclaredInDeployment(),
  };
  return {
    arm,
    plugin: pluginProvider("1.0.0", options),
    dynamic: new MhsmPrivateEndpointConnectionPolicyProvider(options),
    /** A destroy is a deployment of its own: nothing declares the parent there. */
    destroy: () =>
      pluginProvider("1.0.0", { ...options, declarations: new DeclaredInDeployment() }),
  };
}

const DECLARED = {
  resourceGroupName: RG,
  hsmName: HSM,
  rules: [{ name: "team-a", action: "Approved", match: { subscriptionIds: [CONSUMER] } }],
};

describe("provider plugin: the approval policy", () => {
  it("check is the TypeScript classes' check: the same failures, naming field and rule", async () => {
    const { plugin, dynamic } = setup();
    const bad = { ...DECLARED, rules: [{ name: "x", action: "approved", match: {} }] };
    const fromPlugin = await plugin.check!(URN, {}, bad);
    assert.deepEqual(fromPlugin.failures, (await dynamic.check({}, bad)).failures);
    assert.ok(fromPlugin.failures?.some((f) => f.property.startsWith("rules[0]")));
  });

  it("check returns the declared inputs (and the resolved subscription), no defaults", async () => {
    const { plugin } = setup();
    const { inputs, failures } = await plugin.check!(URN, {}, DECLARED);
    assert.deepEqual(failures, []);
    assert.deepEqual(Object.keys(inputs).sort(), [
      "hsmName",
      "resourceGroupName",
      "rules",
      "subscriptionId",
    ]);
  });

  it("up approves what the rules allow; the outputs carry decisions and counts, no defaults", async () => {
    const { plugin, arm } = setup();
    const { inputs } = await plugin.check!(URN, {}, DECLARED);
    const { outs } = await plugin.create!(URN, inputs);
    assert.deepEqual(arm.writes, ["PUT pe-a.1 Approved"], "otherwise leave: pe-b stays Pending");
    assert.equal(outs.counts.approved, 1);
    assert.equal(outs.counts.pending, 1);
    assert.deepEqual(
      (outs.decisions as { name: string; rule?: string }[]).map((d) => [d.name, d.rule]),
      [
        ["pe-a.1", "team-a"],
        ["pe-b.1", undefined],
      ],
    );
    for (const undeclared of ["otherwise", "scope", "exclude", "onDelete", "timeouts"]) {
      assert.ok(!(undeclared in outs), `${undeclared} is not recorded`);
    }

    const diff = await plugin.diff!("id", URN, outs, inputs);
    assert.equal(diff.changes, false, "no perpetual diff from the defaults");
    arm.add("pe-c.1", "Pending", CONSUMER);
    const read = await plugin.read!("id", URN, { ...outs, [READ_INPUTS]: inputs });
    assert.deepEqual(read.inputs, inputs, "a refresh keeps the declared inputs");
    assert.deepEqual(read.props?.outstanding, [
      { name: "pe-c.1", from: "Pending", to: "Approved", rule: "team-a" },
    ]);
    assert.equal((await plugin.diff!("id", URN, read.props, inputs)).changes, true);
  });

  it("destroy applies onDelete as declared, by default retain (no ARM call)", async () => {
    const { plugin, arm, destroy } = setup();
    const { inputs } = await plugin.check!(URN, {}, DECLARED);
    const { outs } = await plugin.create!(URN, inputs);
    arm.writes.length = 0;
    await destroy().delete!("id", URN, outs);
    assert.deepEqual(arm.writes, []);

    const rejecting = await plugin.check!(URN, {}, { ...DECLARED, onDelete: "reject" });
    const created = await plugin.create!(URN, rejecting.inputs);
    assert.equal(created.outs.onDelete, "reject");
    await plugin.delete!("id", URN, created.outs);
    assert.deepEqual(arm.writes, [], "declared in this deployment: handed over, not rejected");
    await destroy().delete!("id", URN, created.outs);
    assert.deepEqual(arm.writes, ["PUT pe-a.1 Rejected"]);
  });
});

describe("provider plugin schema: the approval policy", () => {
  const schema = JSON.parse(JSON.stringify(packageSchema("1.0.0"))) as {
    resources: Record<string, { inputProperties: Record<string, { default?: unknown }> }>;
  };
  const file = path.join(REPO_ROOT, "provider", "policy", "resource.ts");
  for (const [token, kind, args] of [
    [MHSM_POLICY_TOKEN, MANAGED_HSM, "MhsmPrivateEndpointConnectionPolicyArgs"],
    [KEY_VAULT_POLICY_TOKEN, KEY_VAULT, "KeyVaultPrivateEndpointConnectionPolicyArgs"],
  ] as const) {
    it(`${token}: its inputs are exactly those check accepts and the TypeScript ${args}, no defaults`, () => {
      const inputs = schema.resources[token].inputProperties;
      const { failures } = checkPolicy(kind, {}, { notAnInput: 1 });
      const accepted = /inputs are (.*)$/.exec(
        failures.find((f) => f.property === "notAnInput")?.reason ?? "",
      )?.[1];
      assert.deepEqual(Object.keys(inputs).sort(), (accepted ?? "").split(", ").sort());
      assert.deepEqual(Object.keys(inputs).sort(), argsProperties(args, file));
      for (const [name, spec] of Object.entries(inputs)) {
        assert.equal(spec.default, undefined, `${name} has a schema default`);
      }
    });
  }
});
