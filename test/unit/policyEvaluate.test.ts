import { strict as assert } from "node:assert";
import fc from "fast-check";
import type { ConnectionState } from "../../provider/arm/connectionState";
import { globToRegExp } from "../../provider/policy/glob";
import { compilePolicy, firstMatch, planFor } from "../../provider/policy/evaluate";
import type { PolicyInputs, Rule, RuleMatch } from "../../provider/policy/rules";

const SUB_A = "aaaaaaaa-0000-4000-8000-000000000001";
const SUB_B = "bbbbbbbb-0000-4000-8000-000000000002";

function peId(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/privateEndpoints/${name}`;
}

function conn(name: string, status: string, pe: string, description = ""): ConnectionState {
  return {
    id: `/x/${name}`,
    name,
    status,
    privateEndpointId: pe,
    description,
    provisioningState: "Succeeded",
  };
}

function policy(rules: Rule[], extra: Partial<PolicyInputs> = {}): PolicyInputs {
  return {
    subscriptionId: SUB_A,
    resourceGroupName: "rg",
    hsmName: "hsm",
    rules,
    otherwise: "leave",
    scope: "pending",
    exclude: [],
    onDelete: "retain",
    ...extra,
  };
}

const APPROVE_A: Rule = { name: "team-a", action: "Approved", match: { subscriptionIds: [SUB_A] } };

describe("policy: glob", () => {
  const table: [string, string, boolean][] = [
    ["pe-app-*", "pe-app-1", true],
    ["pe-app-*", "PE-APP-xyz", true],
    ["pe-app-*", "pe-ap", false],
    ["pe-?", "pe-1", true],
    ["pe-?", "pe-12", false],
    ["a.b", "a.b", true],
    ["a.b", "axb", false],
    ["(x)+", "(x)+", true],
    ["*", "", true],
  ];
  for (const [glob, name, expected] of table) {
    it(`'${glob}' ${expected ? "matches" : "does not match"} '${name}'`, () => {
      assert.equal(globToRegExp(glob).test(name), expected);
    });
  }

  it("a glob without wildcards matches exactly its own text, case aside", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/[*?]/.test(s)),
        fc.string(),
        (literal, other) => {
          assert.ok(globToRegExp(literal).test(literal));
          if (other.toLowerCase() !== literal.toLowerCase()) {
            assert.equal(globToRegExp(literal).test(other), false);
          }
        },
      ),
    );
  });
});

describe("policy: which rule matches (table)", () => {
  const pe = (sub: string, rg: string, name: string) =>
    conn("c", "Pending", peId(sub, rg, name), "please approve ticket 42");
  const cases: { title: string; match: Rule["match"]; c: ConnectionState; expected: boolean }[] = [
    {
      title: "subscription, other case",
      match: { subscriptionIds: [SUB_A.toUpperCase()] },
      c: pe(SUB_A, "rg1", "pe"),
      expected: true,
    },
    {
      title: "other subscription",
      match: { subscriptionIds: [SUB_A] },
      c: pe(SUB_B, "rg1", "pe"),
      expected: false,
    },
    {
      title: "resource group, other case",
      match: { resourceGroups: ["RG-APPS"] },
      c: pe(SUB_A, "rg-apps", "pe"),
      expected: true,
    },
    {
      title: "resource group mismatch",
      match: { resourceGroups: ["rg-apps"] },
      c: pe(SUB_A, "rg-other", "pe"),
      expected: false,
    },
    {
      title: "endpoint name glob",
      match: { privateEndpointNames: ["pe-web-*"] },
      c: pe(SUB_A, "rg", "pe-web-7"),
      expected: true,
    },
    {
      title: "endpoint name glob mismatch",
      match: { privateEndpointNames: ["pe-web-*"] },
      c: pe(SUB_A, "rg", "pe-api-7"),
      expected: false,
    },
    {
      title: "endpoint id, other case",
      match: { privateEndpointIds: [peId(SUB_A, "RG", "PE").toLowerCase()] },
      c: pe(SUB_A, "rg", "pe"),
      expected: true,
    },
    {
      title: "request message regex",
      match: { requestMessage: "ticket \\d+" },
      c: pe(SUB_A, "rg", "pe"),
      expected: true,
    },
    {
      title: "request message regex mismatch",
      match: { requestMessage: "^urgent" },
      c: pe(SUB_A, "rg", "pe"),
      expected: false,
    },
    { title: "any", match: { any: true }, c: pe(SUB_B, "x", "y"), expected: true },
    {
      title: "all fields must hold (one fails)",
      match: { subscriptionIds: [SUB_A], resourceGroups: ["rg-apps"] },
      c: pe(SUB_A, "rg-db", "pe"),
      expected: false,
    },
    {
      title: "all fields must hold (all hold)",
      match: { subscriptionIds: [SUB_A], privateEndpointNames: ["pe*"] },
      c: pe(SUB_A, "rg-db", "pe-1"),
      expected: true,
    },
    {
      title: "resource group is matched whole, never as a prefix",
      match: { resourceGroups: ["prod"] },
      c: pe(SUB_A, "prod-2", "pe"),
      expected: false,
    },
    {
      title: "resource group prod-2 does not match a group named prod",
      match: { resourceGroups: ["prod-2"] },
      c: pe(SUB_A, "prod", "pe"),
      expected: false,
    },
    {
      title: "endpoint id is matched whole: .../pe1 does not match .../pe12",
      match: { privateEndpointIds: [peId(SUB_A, "rg", "pe1")] },
      c: pe(SUB_A, "rg", "pe12"),
      expected: false,
    },
    {
      title: "endpoint id is matched whole: .../pe12 does not match .../pe1",
      match: { privateEndpointIds: [peId(SUB_A, "rg", "pe12")] },
      c: pe(SUB_A, "rg", "pe1"),
      expected: false,
    },
    {
      title: "no endpoint id: endpoint fields cannot match",
      match: { subscriptionIds: [SUB_A] },
      c: conn("c", "Pending", ""),
      expected: false,
    },
  ];
  for (const { title, match, c, expected } of cases) {
    it(title, () => {
      const compiled = compilePolicy(policy([{ name: "r", action: "Approved", match }]));
      assert.equal(firstMatch(compiled, c)?.name === "r", expected);
    });
  }

  it("a requestMessage pattern that backtracks without bound is stopped, naming it", () => {
    const rule: Rule = {
      name: "r",
      action: "Rejected",
      match: { requestMessage: "^(a+)+$" },
    };
    const compiled = compilePolicy(policy([rule]));
    const crafted = conn("pe-crafted", "Pending", peId(SUB_A, "rg", "pe"), `${"a".repeat(64)}!`);
    assert.throws(
      () => firstMatch(compiled, crafted),
      /the requestMessage pattern "\^\(a\+\)\+\$" ran for more than 250 ms on the request message of pe-crafted and was stopped.*Nothing was decided or written/,
    );
    // The same pattern on ordinary text answers at once.
    const plain = conn("pe-plain", "Pending", peId(SUB_A, "rg", "pe"), "aaaa");
    assert.equal(firstMatch(compiled, plain)?.name, "r");
  });

  it("first match wins", () => {
    const rules: Rule[] = [
      { name: "deny-web", action: "Rejected", match: { privateEndpointNames: ["pe-web*"] } },
      APPROVE_A,
    ];
    const plan = planFor(policy(rules), [conn("w", "Pending", peId(SUB_A, "rg", "pe-web"))]);
    assert.deepEqual(plan.writes, [
      { name: "w", from: "Pending", to: "Rejected", rule: "deny-web" },
    ]);
  });
});

describe("policy: decisions by state (table)", () => {
  const a = (name: string, status: string) => conn(name, status, peId(SUB_A, "rg", name));
  const b = (name: string, status: string) => conn(name, status, peId(SUB_B, "rg", name));
  const cases: {
    title: string;
    extra: Partial<PolicyInputs>;
    c: ConnectionState;
    to?: string;
    status: string;
    rule?: string;
  }[] = [
    {
      title: "Pending, approving rule: approve",
      extra: {},
      c: a("p", "Pending"),
      to: "Approved",
      status: "Approved",
      rule: "team-a",
    },
    {
      title: "Pending, no rule, leave: untouched",
      extra: {},
      c: b("p", "Pending"),
      status: "Pending",
    },
    {
      title: "Pending, no rule, otherwise Rejected: reject",
      extra: { otherwise: "Rejected" },
      c: b("p", "Pending"),
      to: "Rejected",
      status: "Rejected",
    },
    {
      title: "Approved, no rule, scope pending: stays",
      extra: { otherwise: "Rejected" },
      c: b("p", "Approved"),
      status: "Approved",
    },
    {
      title: "Approved, no rule, scope all: rejected",
      extra: { scope: "all" },
      c: b("p", "Approved"),
      to: "Rejected",
      status: "Rejected",
    },
    {
      title: "Approved, approving rule, scope all: stays, decided by the rule",
      extra: { scope: "all" },
      c: a("p", "Approved"),
      status: "Approved",
      rule: "team-a",
    },
    {
      title: "Rejected, approving rule, scope all: never approved",
      extra: { scope: "all" },
      c: a("p", "Rejected"),
      status: "Rejected",
    },
    {
      title: "Disconnected, approving rule: untouched",
      extra: { scope: "all", otherwise: "Rejected" },
      c: a("p", "Disconnected"),
      status: "Disconnected",
    },
    {
      title: "Excluded, approving rule: untouched",
      extra: { exclude: ["P"] },
      c: a("p", "Pending"),
      status: "Pending",
    },
  ];
  for (const { title, extra, c, to, status, rule } of cases) {
    it(title, () => {
      const plan = planFor(policy([APPROVE_A], extra), [c]);
      assert.deepEqual(
        plan.writes.map((w) => w.to),
        to ? [to] : [],
      );
      assert.equal(plan.decisions[0].status, status);
      assert.equal(plan.decisions[0].rule, rule);
    });
  }

  it("counts what the decisions say", () => {
    const plan = planFor(policy([APPROVE_A], { exclude: ["x"] }), [
      a("1", "Pending"),
      b("2", "Pending"),
      b("3", "Rejected"),
      a("4", "Disconnected"),
      a("x", "Pending"),
    ]);
    assert.deepEqual(plan.counts, {
      total: 5,
      approved: 1,
      rejected: 1,
      pending: 2,
      disconnected: 1,
      excluded: 1,
      byRule: { "team-a": 1 },
    });
  });
});

describe("policy: safety properties", () => {
  const statuses = fc.constantFrom("Pending", "Approved", "Rejected", "Disconnected");
  const subs = [SUB_A, SUB_B, "cccccccc-0000-4000-8000-000000000003"];
  const connection = fc.record({
    name: fc.stringMatching(/^pe-[a-c]{1,3}\.[0-9]$/),
    status: statuses,
    sub: fc.constantFrom(...subs),
    rg: fc.constantFrom("rg-1", "RG-2"),
    message: fc.constantFrom("", "ticket 1", "urgent"),
  });
  const match: fc.Arbitrary<RuleMatch> = fc.oneof<fc.Arbitrary<RuleMatch>[]>(
    fc.record({ subscriptionIds: fc.subarray(subs, { minLength: 1 }) }),
    fc.record({ resourceGroups: fc.subarray(["rg-1", "rg-2"], { minLength: 1 }) }),
    fc.record({ privateEndpointNames: fc.constantFrom("pe-a*", "*b*", "pe-?.?").map((g) => [g]) }),
    fc.record({ requestMessage: fc.constantFrom("ticket", "^u") }),
    fc.constant<RuleMatch>({ any: true }),
  );
  const rules = fc
    .array(
      fc.record({ action: fc.constantFrom("Approved" as const, "Rejected" as const), match }),
      { maxLength: 4 },
    )
    .map((rs) => rs.map((r, i) => ({ ...r, name: `r${i}` })));
  const world = fc.record({
    rules,
    connections: fc.uniqueArray(connection, {
      selector: (c) => c.name.toLowerCase(),
      maxLength: 12,
    }),
    otherwise: fc.constantFrom("leave" as const, "Rejected" as const),
    scope: fc.constantFrom("pending" as const, "all" as const),
    excludeCount: fc.nat(3),
  });
  const states = (w: {
    connections: { name: string; status: string; sub: string; rg: string; message: string }[];
  }) =>
    w.connections.map((c) =>
      conn(c.name, c.status, peId(c.sub, c.rg, c.name.split(".")[0]), c.message),
    );

  it("nothing is approved unless the first matching rule approves it; Rejected is never approved; exclude never touched", () => {
    fc.assert(
      fc.property(world, (w) => {
        const connections = states(w);
        const exclude = connections.slice(0, w.excludeCount).map((c) => c.name.toUpperCase());
        const p = policy(w.rules, { otherwise: w.otherwise, scope: w.scope, exclude });
        const compiled = compilePolicy(p);
        const plan = planFor(p, connections);
        for (const write of plan.writes) {
          const c = connections.find((x) => x.name === write.name)!;
          assert.ok(!exclude.includes(c.name.toUpperCase()), `excluded ${c.name} written`);
          assert.notEqual(c.status, "Disconnected");
          assert.notEqual(c.status, "Rejected", "a Rejected connection is never written");
          if (write.to === "Approved") {
            assert.equal(c.status, "Pending");
            assert.equal(firstMatch(compiled, c)?.action, "Approved");
          }
          if (c.status === "Approved") assert.equal(w.scope, "all");
        }
        plan.decisions.forEach((d, i) => {
          if (d.status === "Approved" && connections[i].status !== "Approved") {
            assert.ok(plan.writes.some((x) => x.name === d.name && x.to === "Approved"));
          }
        });
      }),
    );
  });

  it("a plan applied is a fixed point: planning again writes nothing", () => {
    fc.assert(
      fc.property(world, (w) => {
        const connections = states(w);
        const p = policy(w.rules, { otherwise: w.otherwise, scope: w.scope });
        const plan = planFor(p, connections);
        const after = connections.map((c) => ({
          ...c,
          status: plan.decisions.find((d) => d.name === c.name)!.status,
        }));
        assert.deepEqual(planFor(p, after).writes, []);
      }),
    );
  });
});
