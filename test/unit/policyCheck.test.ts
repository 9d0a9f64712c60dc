import { strict as assert } from "node:assert";
import fc from "fast-check";
import { KEY_VAULT, MANAGED_HSM } from "../../provider/arm/parentKinds";
import { checkPolicy } from "../../provider/policy/checkPolicy";
import { globToRegExp } from "../../provider/policy/glob";

const SUB = "aaaaaaaa-0000-4000-8000-000000000001";
const base = { subscriptionId: SUB, resourceGroupName: "rg-hsm", hsmName: "hsm-one" };
const approveTeam = { name: "team", action: "Approved", match: { subscriptionIds: [SUB] } };

function failuresOf(news: Record<string, unknown>, kind = MANAGED_HSM): Record<string, string> {
  const { failures } = checkPolicy(kind, {}, news);
  return Object.fromEntries(failures.map((f) => [f.property, f.reason]));
}

describe("policy check", () => {
  it("accepts a valid policy and applies the defaults", () => {
    const { inputs, failures } = checkPolicy(MANAGED_HSM, {}, { ...base, rules: [approveTeam] });
    assert.deepEqual(failures, []);
    assert.equal(inputs.otherwise, "leave");
    assert.equal(inputs.scope, "pending");
    assert.equal(inputs.onDelete, "retain");
    assert.deepEqual(inputs.exclude, []);
    assert.deepEqual(inputs.rules, [approveTeam]);
  });

  it("takes the subscription from the environment, and vaultName for key vaults", () => {
    const { inputs, failures } = checkPolicy(
      KEY_VAULT,
      { AZURE_SUBSCRIPTION_ID: SUB },
      { resourceGroupName: "rg", vaultName: "kv-one", rules: [] },
    );
    assert.deepEqual(failures, []);
    assert.equal(inputs.subscriptionId, SUB);
    assert.equal(inputs.vaultName, "kv-one");
  });

  it("reports every failure at once, each naming its field", () => {
    const failures = failuresOf({
      resourceGroupName: "rg-hsm",
      hsmName: "x",
      rules: [
        { name: "empty", action: "Approved", match: {} },
        { name: "bad-glob", action: "Approved", match: { privateEndpointNames: ["pe-[ab]"] } },
        { name: "bad-regex", action: "Approved", match: { requestMessage: "(" } },
        { name: "empty", action: "Approve", match: { any: true } },
        {
          name: "bad-ids",
          action: "Rejected",
          match: { subscriptionIds: ["nope"], privateEndpointIds: ["/x"] },
        },
        { name: "typo", action: "Rejected", match: { subscriptionId: [SUB] } },
        { name: "any-false", action: "Rejected", match: { any: false, resourceGroups: ["rg"] } },
        { action: "Approved", match: { any: true }, colour: "red" },
      ],
      otherwise: "reject",
      scope: "All",
      onDelete: "destroy",
      exclude: ["ok", "a/b"],
      timeouts: { create: -1 },
      hsmNmae: "typo",
    });
    const expected: Record<string, RegExp> = {
      subscriptionId: /subscriptionId is required.*AZURE_SUBSCRIPTION_ID/,
      hsmName: /3 to 24 characters/,
      "rules[0].match":
        /empty; a rule that matches every connection must say so with \{ any: true \}/,
      "rules[1].match.privateEndpointNames[0]": /only \* and \?/,
      "rules[1].match": /approves without an anchor/,
      "rules[7].match": /approves without an anchor/,
      "rules[2].match.requestMessage": /not a valid regular expression/,
      "rules[3].action": /must be "Approved" or "Rejected" \(got "Approve"\)/,
      "rules[3].name": /'empty' is already used by rules\[0\]/,
      "rules[4].match.subscriptionIds[0]": /not a subscription id/,
      "rules[4].match.privateEndpointIds[0]": /not a private endpoint's ARM id/,
      "rules[5].match.subscriptionId": /not a match field/,
      "rules[6].match.any": /may only be true/,
      "rules[7].name": /required/,
      "rules[7].colour": /not a field of a rule/,
      otherwise: /"leave", "Rejected" \(got "reject"\)/,
      scope: /"pending", "all" \(got "All"\)/,
      onDelete: /"retain", "reject", "delete"/,
      "exclude[1]": /"a\/b"/,
      "timeouts.create": /greater than 0/,
      hsmNmae: /not an input of this resource/,
    };
    for (const [property, reason] of Object.entries(expected)) {
      assert.match(failures[property] ?? `(no failure for ${property})`, reason, property);
    }
    assert.deepEqual(Object.keys(failures).sort(), Object.keys(expected).sort());
  });

  describe("an approving rule is anchored on what ARM reports, not on what a requester chooses", () => {
    const outsider = { subscriptionId: SUB, resourceGroupName: "rg-hsm", hsmName: "hsm-one" };
    const rulesOf = (match: Record<string, unknown>, action = "Approved") =>
      checkPolicy(MANAGED_HSM, {}, { ...outsider, rules: [{ name: "r", action, match }] });

    for (const match of [
      { privateEndpointNames: ["pe-shared-*"] },
      { resourceGroups: ["rg-shared"] },
      { requestMessage: "^team-a$" },
      { any: true },
      { privateEndpointNames: ["pe-*"], resourceGroups: ["rg"], requestMessage: "x" },
    ]) {
      it(`refuses "Approved" on ${Object.keys(match).join(" + ")} alone, naming the anchors`, () => {
        const { failures, warnings } = rulesOf(match);
        assert.equal(failures.length, 1, JSON.stringify(failures));
        assert.equal(failures[0].property, "rules[0].match");
        assert.match(failures[0].reason, /must match on subscriptionIds or privateEndpointIds/);
        assert.match(failures[0].reason, /allowAnyRequester: true/);
        assert.deepEqual(warnings, []);
      });
    }

    it("accepts an anchor with requester-chosen fields beside it, with no warning", () => {
      for (const match of [
        { subscriptionIds: [SUB], privateEndpointNames: ["pe-shared-*"] },
        {
          privateEndpointIds: [
            `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe`,
          ],
        },
      ]) {
        const { failures, warnings } = rulesOf(match);
        assert.deepEqual(failures, []);
        assert.deepEqual(warnings, []);
      }
    });

    it("accepts allowAnyRequester: true with a warning that names the rule and the risk", () => {
      const { inputs, failures, warnings } = rulesOf({
        requestMessage: "^adf-prod-7f3c$",
        allowAnyRequester: true,
      });
      assert.deepEqual(failures, []);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /rules\[0\] 'r' approves connections from any requester/);
      assert.deepEqual((inputs.rules as { match: unknown }[])[0].match, {
        requestMessage: "^adf-prod-7f3c$",
        allowAnyRequester: true,
      });
    });

    it("lets a rejecting rule match anything, with no warning", () => {
      const { failures, warnings } = rulesOf({ privateEndpointNames: ["pe-legacy-*"] }, "Rejected");
      assert.deepEqual(failures, []);
      assert.deepEqual(warnings, []);
    });

    it("refuses allowAnyRequester alone (it matches nothing) and any value but true", () => {
      assert.match(rulesOf({ allowAnyRequester: true }).failures[0].reason, /is empty/);
      const notTrue = rulesOf({ subscriptionIds: [SUB], allowAnyRequester: "yes" }).failures;
      assert.equal(notTrue[0].property, "rules[0].match.allowAnyRequester");
    });
  });

  it("requires rules to be a list", () => {
    assert.match(failuresOf({ ...base, rules: "approve all" }).rules, /must be a list/);
    assert.match(failuresOf({ ...base }).rules, /must be a list/);
  });

  it("never throws, whatever it is given, and every glob it accepts compiles", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (rules, match) => {
        checkPolicy(
          MANAGED_HSM,
          {},
          { ...base, rules: [rules, { name: "m", action: "Approved", match }] },
        );
      }),
    );
    fc.assert(fc.property(fc.string(), (glob) => void globToRegExp(glob)));
  });
});
