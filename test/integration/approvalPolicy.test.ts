import { strict as assert } from "node:assert";
import {
  KeyVaultPrivateEndpointConnectionPolicyProvider,
  MhsmPrivateEndpointConnectionPolicyProvider,
  type PolicyInputs,
  type PolicyOutputs,
} from "../../provider";
import {
  armRequests,
  countOps,
  FAST_RETRY,
  HSM,
  RG,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";
import { standaloneCalls } from "../support/standaloneCalls";

/**
 * The approval policy against the ARM emulator over HTTPS, through the real SDK: 50
 * connections from 5 consumer subscriptions (the subscription is the one in each consumer's
 * private endpoint id), listed over several pages, written under a write bucket that answers
 * 429, with a reset list page and a 500 on a PUT on the way.
 */

const SUBS = [1, 2, 3, 4, 5].map(
  (n) => `${n}${n}${n}${n}${n}${n}${n}${n}-0000-4000-8000-00000000000${n}`,
);

function endpointId(sub: string, rg: string, name: string) {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/privateEndpoints/${name}`;
}

/** Ten connections per subscription: consumer i of subscription s is pe-{web|app}-s-i in rg-s (rg-legacy for s = 3). */
function seed(h: Harness): Map<string, { sub: number; endpoint: string }> {
  h.emulator.control.createParent({ resourceGroupName: RG, parentName: HSM });
  const seeded = new Map<string, { sub: number; endpoint: string }>();
  SUBS.forEach((sub, s) => {
    for (let i = 0; i < 10; i++) {
      const endpoint = `pe-${i < 3 ? "web" : "app"}-${s}-${i}`;
      const rg = s === 2 ? "rg-legacy" : `rg-${s}`;
      const { name } = h.emulator.control.createConnection({
        resourceGroupName: RG,
        parentName: HSM,
        privateEndpointId: endpointId(sub, rg, endpoint),
      });
      seeded.set(name, { sub: s, endpoint });
    }
  });
  return seeded;
}

function policy(h: Harness, extra: Partial<PolicyInputs> = {}): PolicyInputs {
  return {
    subscriptionId: h.emulator.subscriptionId,
    resourceGroupName: RG,
    hsmName: HSM,
    rules: [
      {
        name: "platform",
        action: "Approved",
        match: { subscriptionIds: [SUBS[0], SUBS[1].toUpperCase()] },
      },
      { name: "legacy", action: "Rejected", match: { resourceGroups: ["RG-LEGACY"] } },
      {
        name: "web",
        action: "Approved",
        match: { subscriptionIds: [SUBS[3], SUBS[4]], privateEndpointNames: ["pe-web-*"] },
      },
    ],
    otherwise: "Rejected",
    scope: "pending",
    exclude: [],
    onDelete: "retain",
    ...extra,
  };
}

describe("integration: approval policy over 50 connections from 5 subscriptions", function () {
  this.timeout(120_000);
  let h: Harness;
  let seeded: Map<string, { sub: number; endpoint: string }>;
  let provider: MhsmPrivateEndpointConnectionPolicyProvider;
  const notices: string[] = [];
  let excluded: string;
  let outs: PolicyOutputs;

  const status = (name: string) =>
    h.emulator.control.getConnection({
      resourceGroupName: RG,
      parentName: HSM,
      connectionName: name,
    })?.properties.privateLinkServiceConnectionState.status;
  const expected = (name: string) => {
    const { sub, endpoint } = seeded.get(name)!;
    if (name === excluded) return "Pending";
    if (sub <= 1) return "Approved";
    if (sub === 2) return "Rejected";
    return endpoint.startsWith("pe-web-") ? "Approved" : "Rejected";
  };

  before(async () => {
    h = await startHarness({
      listPageSize: 8,
      throttle: { writes: { capacity: 4, refillPerSecond: 8 } },
    });
    seeded = seed(h);
    excluded = [...seeded.keys()][0];
    provider = new MhsmPrivateEndpointConnectionPolicyProvider({
      retryPolicy: FAST_RETRY,
      report: () => undefined,
      notice: (m) => notices.push(m),
      declarations: standaloneCalls(),
    });
  });
  after(async () => h.stop());

  it("create: every page listed, each connection decided, one write per changed one, despite 429s and faults", async () => {
    h.emulator.control.clearRequestLog();
    h.emulator.control.injectFault({
      match: { op: "list", pathIncludes: "skipToken" },
      fault: { kind: "reset" },
    });
    h.emulator.control.injectFault({
      match: { op: "put" },
      fault: { kind: "status", status: 500, code: "InternalServerError" },
    });
    const inputs = policy(h, { exclude: [excluded.toUpperCase()] });
    const { inputs: checked, failures } = await provider.check(
      {},
      inputs as unknown as Record<string, unknown>,
    );
    assert.deepEqual(failures, []);
    ({ outs } = await provider.create(checked as unknown as PolicyInputs));

    for (const name of seeded.keys()) {
      assert.equal(status(name), expected(name), name);
    }
    const puts = armRequests(h).filter((r) => r.op === "put");
    const accepted = puts.filter((r) => r.status === 200);
    assert.equal(accepted.length, 49, "one accepted PUT per connection but the excluded one");
    assert.ok(
      !puts.some((r) => r.path.includes(encodeURIComponent(excluded))),
      "the excluded connection is never written",
    );
    assert.ok(
      puts.some((r) => r.status === 429),
      "the write bucket throttled some PUTs",
    );
    assert.ok(
      puts.some((r) => r.status === 500),
      "the injected 500 was retried",
    );
    const pages = armRequests(h).filter((r) => r.op === "list" && r.status === 200);
    assert.ok(pages.length >= 7, `all pages of 50 at 8 a page were read (${pages.length} pages)`);
    assert.deepEqual(outs.counts, {
      total: 50,
      approved: 25,
      rejected: 24,
      pending: 1,
      disconnected: 0,
      excluded: 1,
      // 19 + 6 approved by rule; 10 of the 24 rejected by "legacy", the rest by `otherwise`.
      byRule: { platform: 19, legacy: 10, web: 6 },
    });
    assert.equal(outs.decisions.find((d) => d.name === excluded)?.rule, undefined);
    assert.deepEqual(outs.outstanding, []);
  });

  it("up again: no change, one list walk, no write", async () => {
    h.emulator.control.clearRequestLog();
    const diff = await provider.diff(
      "id",
      outs as unknown as Record<string, unknown>,
      policy(h, { exclude: [excluded.toUpperCase()] }) as unknown as Record<string, unknown>,
    );
    assert.equal(diff.changes, false);
    assert.equal(countOps(h, "put"), 0);
    assert.ok(countOps(h, "list") >= 7);
  });

  it("a new matching Pending connection is drift: diff names it, update approves it", async () => {
    const { name } = h.emulator.control.createConnection({
      resourceGroupName: RG,
      parentName: HSM,
      privateEndpointId: endpointId(SUBS[0], "rg-0", "pe-late"),
    });
    const inputs = policy(h, { exclude: [excluded.toUpperCase()] });
    const read = await provider.read("id", outs);
    assert.deepEqual(read.props!.outstanding, [
      { name, from: "Pending", to: "Approved", rule: "platform" },
    ]);
    notices.length = 0;
    const diff = await provider.diff(
      "id",
      read.props! as unknown as Record<string, unknown>,
      inputs as unknown as Record<string, unknown>,
    );
    assert.equal(diff.changes, true);
    assert.match(
      notices.join("\n"),
      new RegExp(`would approve 1 \\(${name.replace(/\./g, "\\.")}\\)`),
    );
    h.emulator.control.clearRequestLog();
    ({ outs } = await provider.update("id", read.props!, inputs));
    assert.equal(status(name), "Approved");
    assert.equal(armRequests(h).filter((r) => r.op === "put" && r.status === 200).length, 1);
  });

  it("scope all: a connection approved by hand that no rule allows is rejected", async () => {
    // Approved in the portal before the policy saw it (Azure never turns Rejected into Approved).
    const handApproved = h.emulator.control.createConnection({
      resourceGroupName: RG,
      parentName: HSM,
      privateEndpointId: endpointId(SUBS[4], "rg-4", "pe-portal"),
      status: "Approved",
    }).name;
    const inputs = policy(h, { exclude: [excluded], scope: "all" });
    const read = await provider.read("id", { ...outs, scope: "all" });
    assert.deepEqual(
      read.props!.outstanding.map((w) => [w.name, w.to]),
      [[handApproved, "Rejected"]],
    );
    ({ outs } = await provider.update("id", read.props!, inputs));
    assert.equal(status(handApproved), "Rejected");
  });

  it("delete with onDelete 'delete' deletes each connection the policy approved, waiting for each LRO", async () => {
    h.emulator.control.clearRequestLog();
    const approved = outs.decisions.filter((d) => d.status === "Approved").map((d) => d.name);
    await provider.delete("id", { ...outs, onDelete: "delete" });
    for (const name of approved) assert.equal(status(name), undefined, `${name} deleted`);
    assert.equal(status(excluded), "Pending", "the excluded connection stays");
    const remaining = h.emulator.control.listConnections({
      resourceGroupName: RG,
      parentName: HSM,
    });
    assert.ok(
      remaining.every((c) => c.properties.privateLinkServiceConnectionState.status !== "Approved"),
    );
    assert.equal(
      armRequests(h).filter((r) => r.op === "delete" && r.status === 202).length,
      approved.length,
    );
  });
});

describe("integration: approval policy of a key vault", function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => (h = await startHarness()));
  after(async () => h.stop());

  it("approves the vault's matching connection and leaves the other Pending", async () => {
    h.emulator.control.createParent({
      kind: "vaults",
      resourceGroupName: RG,
      parentName: "kv-policy",
    });
    const make = (sub: string) =>
      h.emulator.control.createConnection({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: "kv-policy",
        privateEndpointId: endpointId(sub, "rg", "pe"),
      }).name;
    const [mine, theirs] = [make(SUBS[0]), make(SUBS[1])];
    const provider = new KeyVaultPrivateEndpointConnectionPolicyProvider({
      report: () => undefined,
      notice: () => undefined,
      declarations: standaloneCalls(),
    });
    const { outs } = await provider.create({
      subscriptionId: h.emulator.subscriptionId,
      resourceGroupName: RG,
      vaultName: "kv-policy",
      rules: [{ name: "mine", action: "Approved", match: { subscriptionIds: [SUBS[0]] } }],
      otherwise: "leave",
      scope: "pending",
      exclude: [],
      onDelete: "retain",
    });
    const vaultStatus = (name: string) =>
      h.emulator.control.getConnection({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: "kv-policy",
        connectionName: name,
      })?.properties.privateLinkServiceConnectionState.status;
    assert.equal(vaultStatus(mine), "Approved");
    assert.equal(vaultStatus(theirs), "Pending");
    assert.deepEqual(
      outs.decisions.map((d) => d.rule),
      ["mine", undefined],
    );
  });
});
