import { strict as assert } from "node:assert";
import { MANAGED_HSM } from "../../provider/arm/parentKinds";
import type { ConnectionsApi } from "../../provider/arm/connectionsApi";
import type { ConnectionState } from "../../provider/arm/connectionState";
import { ArmOperationError } from "../../provider/arm/errors";
import { DeclaredInDeployment } from "../../provider/declarations";
import { MhsmPrivateEndpointConnectionPolicyProvider } from "../../provider/policy/provider";
import type { PolicyInputs, PolicyOutputs } from "../../provider/policy/rules";
import { FakeClock, HSM, RG, SUB, rejection } from "./support/fakes";

const CONSUMER_A = "aaaaaaaa-0000-4000-8000-00000000000a";
const CONSUMER_B = "bbbbbbbb-0000-4000-8000-00000000000b";

function pe(sub: string, name: string) {
  return `/subscriptions/${sub}/resourceGroups/rg-consumer/providers/Microsoft.Network/privateEndpoints/${name}`;
}

/** ARM in memory: list answers every connection; PUT sets the status, settled at once. */
class MemoryArm implements ConnectionsApi {
  readonly connections = new Map<string, ConnectionState>();
  readonly puts: { name: string; status: string }[] = [];
  readonly deletes: string[] = [];
  lists = 0;
  inFlight = 0;
  maxInFlight = 0;
  failPut = new Set<string>();

  add(name: string, status: string, sub = CONSUMER_A) {
    this.connections.set(name, {
      id: `/x/${name}`,
      name,
      status,
      privateEndpointId: pe(sub, name.split(".")[0]),
      provisioningState: "Succeeded",
    });
  }
  status(name: string) {
    return this.connections.get(name)?.status;
  }
  async get(ref: { connectionName: string }) {
    return this.connections.get(ref.connectionName);
  }
  async list() {
    this.lists++;
    return [...this.connections.values()].map((c) => ({ ...c }));
  }
  async put(ref: { connectionName: string }, desired: { status: string; description: string }) {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight--;
    this.puts.push({ name: ref.connectionName, status: desired.status });
    if (this.failPut.has(ref.connectionName)) {
      throw new ArmOperationError(`PUT ${ref.connectionName}`, {
        statusCode: 400,
        code: "BadRequest",
        armMessage: "refused",
      });
    }
    const state = {
      ...this.connections.get(ref.connectionName)!,
      status: desired.status,
      description: desired.description,
    };
    this.connections.set(ref.connectionName, state);
    return { state };
  }
  async beginDelete(ref: { connectionName: string }) {
    this.deletes.push(ref.connectionName);
    this.connections.delete(ref.connectionName);
    return { kind: "gone" as const, statusCode: 204 };
  }
  async poll(): Promise<never> {
    throw new Error("no LRO here");
  }
}

function setup(maxConcurrentWrites = 3) {
  const arm = new MemoryArm();
  const notices: string[] = [];
  const declarations = new DeclaredInDeployment();
  const provider = new MhsmPrivateEndpointConnectionPolicyProvider({
    connectionsApi: () => arm,
    clock: new FakeClock(),
    report: () => undefined,
    notice: (m) => notices.push(m),
    env: {},
    maxConcurrentWrites,
    declarations,
  });
  return { arm, notices, provider, declarations };
}

function policy(extra: Partial<PolicyInputs> = {}): PolicyInputs {
  return {
    subscriptionId: SUB,
    resourceGroupName: RG,
    hsmName: HSM,
    rules: [{ name: "team-a", action: "Approved", match: { subscriptionIds: [CONSUMER_A] } }],
    otherwise: "Rejected",
    scope: "pending",
    exclude: [],
    onDelete: "retain",
    ...extra,
  };
}

describe("approval policy hooks (ARM in memory)", () => {
  it("create approves what a rule approves, rejects the rest, writes only what differs", async () => {
    const { arm, provider } = setup();
    arm.add("a1.1", "Pending");
    arm.add("a2.2", "Approved");
    arm.add("b1.3", "Pending", CONSUMER_B);
    arm.add("b2.4", "Disconnected", CONSUMER_B);
    const { id, outs } = await provider.create(policy());
    assert.match(id, /managedHSMs\/contoso-hsm\/privateEndpointConnectionPolicy$/);
    assert.deepEqual(arm.puts.map((p) => `${p.name}:${p.status}`).sort(), [
      "a1.1:Approved",
      "b1.3:Rejected",
    ]);
    assert.deepEqual(
      outs.decisions.map((d) => [d.name, d.status, d.rule]),
      [
        ["a1.1", "Approved", "team-a"],
        ["a2.2", "Approved", "team-a"],
        ["b1.3", "Rejected", undefined],
        ["b2.4", "Disconnected", undefined],
      ],
    );
    assert.deepEqual(outs.counts, {
      total: 4,
      approved: 2,
      rejected: 1,
      pending: 0,
      disconnected: 1,
      excluded: 0,
      byRule: { "team-a": 2 },
    });
    assert.deepEqual(outs.outstanding, []);
    assert.equal(
      arm.connections.get("a1.1")?.description,
      "Approved by approval policy rule 'team-a'",
    );
  });

  it("keeps at most maxConcurrentWrites writes in flight", async () => {
    const { arm, provider } = setup(3);
    for (let i = 0; i < 20; i++) arm.add(`a${i}.x`, "Pending");
    await provider.create(policy());
    assert.equal(arm.puts.length, 20);
    assert.equal(arm.maxInFlight, 3);
  });

  it("one failed write fails the update naming it; every other write is made", async () => {
    const { arm, provider } = setup();
    for (let i = 0; i < 5; i++) arm.add(`a${i}.x`, "Pending");
    arm.failPut.add("a2.x");
    const error = await rejection(provider.create(policy()));
    assert.match(
      error.message,
      /1 of 5 writes of the approval policy failed:\n {2}approve a2\.x: PUT a2\.x failed: HTTP 400: BadRequest: refused/,
    );
    assert.match(error.message, /Re-running is safe/);
    assert.deepEqual(
      ["a0.x", "a1.x", "a3.x", "a4.x"].map((n) => arm.status(n)),
      ["Approved", "Approved", "Approved", "Approved"],
    );
  });

  it("diff reads but never writes, and names what an update would approve or reject", async () => {
    const { arm, notices, provider } = setup();
    arm.add("a1.1", "Pending");
    const { outs } = await provider.create(policy());
    const quiet = await provider.diff(
      "id",
      outs as unknown as Record<string, unknown>,
      policy() as unknown as Record<string, unknown>,
    );
    assert.equal(quiet.changes, false);
    assert.deepEqual(notices, []);
    arm.add("a9.9", "Pending");
    arm.add("b9.9", "Pending", CONSUMER_B);
    const puts = arm.puts.length;
    const drift = await provider.diff(
      "id",
      outs as unknown as Record<string, unknown>,
      policy() as unknown as Record<string, unknown>,
    );
    assert.equal(drift.changes, true);
    assert.equal(arm.puts.length, puts, "no write in diff");
    assert.equal(notices.length, 1);
    assert.match(notices[0], /would approve 1 \(a9\.9\) and would reject 1 \(b9\.9\)/);
  });

  it("diff: another parent replaces the policy, the new parent's first", async () => {
    const { provider } = setup();
    const result = await provider.diff("id", policy() as unknown as Record<string, unknown>, {
      ...policy(),
      hsmName: "other-hsm",
    });
    assert.deepEqual(result.replaces, ["hsmName"]);
    assert.equal(result.deleteBeforeReplace, false);
  });

  it("read records a connection approved by hand that no rule allows as outstanding (scope all)", async () => {
    const { arm, provider } = setup();
    arm.add("a1.1", "Pending");
    const { id, outs } = await provider.create(policy({ scope: "all" }));
    arm.add("b1.1", "Approved", CONSUMER_B);
    const read = await provider.read(id, outs);
    assert.deepEqual(read.props!.outstanding, [{ name: "b1.1", from: "Approved", to: "Rejected" }]);
    assert.deepEqual(read.inputs, policy({ scope: "all" }));
    assert.equal(arm.puts.length, 1, "read writes nothing");
  });

  it("never writes an excluded connection, nor approves a Rejected one", async () => {
    const { arm, provider } = setup();
    arm.add("a1.1", "Pending");
    arm.add("a2.2", "Rejected");
    await provider.create(policy({ exclude: ["A1.1"], scope: "all" }));
    assert.deepEqual(arm.puts, []);
  });

  describe("delete applies onDelete to the connections the policy approved", () => {
    async function approvedThenDestroyed(onDelete: PolicyInputs["onDelete"]) {
      const h = setup();
      h.arm.add("a1.1", "Pending");
      h.arm.add("a2.2", "Pending");
      h.arm.add("b1.1", "Approved", CONSUMER_B); // approved before, by someone else
      const { outs } = await h.provider.create(policy({ onDelete, otherwise: "leave" }));
      h.arm.puts.length = 0;
      h.arm.lists = 0;
      await h.provider.delete("id", outs as PolicyOutputs);
      return h.arm;
    }

    it("retain: no ARM call at all", async () => {
      const arm = await approvedThenDestroyed("retain");
      assert.equal(arm.lists + arm.puts.length + arm.deletes.length, 0);
    });

    it("reject: rejects each, and only those", async () => {
      const arm = await approvedThenDestroyed("reject");
      assert.deepEqual(arm.puts.map((p) => `${p.name}:${p.status}`).sort(), [
        "a1.1:Rejected",
        "a2.2:Rejected",
      ]);
      assert.equal(arm.status("b1.1"), "Approved");
    });

    it("delete: deletes each, and only those", async () => {
      const arm = await approvedThenDestroyed("delete");
      assert.deepEqual(arm.deletes.sort(), ["a1.1", "a2.2"]);
      assert.ok(arm.connections.has("b1.1"));
    });

    it("a policy of the same parent checked in this deployment (a replacement, a rename) takes them all: no ARM call", async () => {
      const h = setup();
      h.arm.add("a1.1", "Pending");
      const { outs } = await h.provider.create(policy({ onDelete: "delete", otherwise: "leave" }));
      const checked = await h.provider.check({}, { ...policy({ onDelete: "delete" }) });
      assert.deepEqual(checked.failures, []);
      h.arm.lists = 0;
      await h.provider.delete("id", outs as PolicyOutputs);
      assert.equal(h.arm.lists + h.arm.deletes.length, 0);
      assert.equal(h.arm.status("a1.1"), "Approved");
    });

    it("a connection a connection resource of this deployment declares is left to it", async () => {
      const h = setup();
      h.arm.add("a1.1", "Pending");
      h.arm.add("a2.2", "Pending");
      const { outs } = await h.provider.create(policy({ onDelete: "delete", otherwise: "leave" }));
      const parent = { subscriptionId: SUB, resourceGroupName: RG, parentName: HSM };
      h.declarations.declareConnection(
        { ...parent, profile: MANAGED_HSM.profile },
        { name: "A1.1" },
      );
      await h.provider.delete("id", outs as PolicyOutputs);
      assert.deepEqual(h.arm.deletes, ["a2.2"]);
    });
  });

  it("a gone HSM: read drops the policy, delete has nothing to do; create says so", async () => {
    const { arm, provider } = setup();
    arm.add("a1.1", "Pending");
    const { id, outs } = await provider.create(policy({ onDelete: "delete" }));
    arm.list = async () => {
      throw new ArmOperationError("GET list", {
        statusCode: 404,
        code: "ResourceNotFound",
        armMessage: "gone",
      });
    };
    assert.deepEqual(await provider.read(id, outs), { id: "" });
    await provider.delete(id, outs);
    assert.deepEqual(arm.deletes, []);
    const error = await rejection(provider.create(policy()));
    assert.match(
      error.message,
      /^Managed HSM 'contoso-hsm' \(resource group 'rg-pec', subscription '[^']+'\) was not found: ResourceNotFound: gone$/,
    );
  });

  it("a 404 that names the subscription is not taken for a gone HSM", async () => {
    const { arm, provider } = setup();
    arm.add("a1.1", "Pending");
    const { id, outs } = await provider.create(policy());
    arm.list = async () => {
      throw new ArmOperationError("GET list", { statusCode: 404, code: "SubscriptionNotFound" });
    };
    const error = await rejection(provider.read(id, outs));
    assert.match(error.message, /SubscriptionNotFound/);
  });

  it("check refuses a policy before any ARM call", async () => {
    const { arm, provider } = setup();
    const { failures } = await provider.check(
      {},
      {
        resourceGroupName: RG,
        hsmName: HSM,
        subscriptionId: SUB,
        rules: [{ name: "x", action: "Approved", match: {} }],
      },
    );
    assert.deepEqual(
      failures.map((f) => f.property),
      ["rules[0].match"],
    );
    assert.equal(arm.lists, 0);
  });
});
