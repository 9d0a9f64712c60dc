import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { KEY_VAULT, MANAGED_HSM } from "../../provider/arm/parentKinds";
import type { Environment } from "../../provider/config";
import { check, type CheckFailure } from "../../provider/hooks/check";
import { MALFORMED_INPUTS } from "../support/malformedInputs";
import { CONN, HSM, RG, SUB, harness, totalApiCalls } from "./support/fakes";

const UNKNOWN = pulumi.runtime.unknownValue;

function valid(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subscriptionId: SUB,
    resourceGroupName: RG,
    hsmName: HSM,
    privateEndpointConnectionName: CONN,
    ...overrides,
  };
}

function run(news: Record<string, unknown>, env: Environment = {}) {
  return check(MANAGED_HSM, env, news);
}

function failuresOf(news: Record<string, unknown>, env: Environment = {}): CheckFailure[] {
  return run(news, env).failures;
}

function onlyFailure(news: Record<string, unknown>, env: Environment = {}): CheckFailure {
  const failures = failuresOf(news, env);
  assert.equal(failures.length, 1, `expected one failure, got ${JSON.stringify(failures)}`);
  return failures[0];
}

describe("check", () => {
  describe("valid inputs", () => {
    it("accepts the minimal inputs, defaulting status to Approved, onDelete to delete and adding nothing else", () => {
      const result = run(valid());
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs, {
        subscriptionId: SUB,
        resourceGroupName: RG,
        hsmName: HSM,
        privateEndpointConnectionName: CONN,
        status: "Approved",
        onDelete: "delete",
      });
    });

    it("keeps every declared input as given", () => {
      const result = run(
        valid({
          status: "Rejected",
          description: "Rejected by policy",
          timeouts: { create: 60, update: 120, delete: 86400 },
          onDelete: "retain",
        }),
      );
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs, {
        subscriptionId: SUB,
        resourceGroupName: RG,
        hsmName: HSM,
        privateEndpointConnectionName: CONN,
        status: "Rejected",
        description: "Rejected by policy",
        timeouts: { create: 60, update: 120, delete: 86400 },
        onDelete: "retain",
      });
    });

    it("ignores __provider: neither a failure nor copied into the inputs", () => {
      const result = run(valid({ __provider: "exports.handler = ..." }));
      assert.deepEqual(result.failures, []);
      assert.ok(!("__provider" in result.inputs));
    });

    it("keeps an empty description and drops a null one", () => {
      assert.equal(run(valid({ description: "" })).inputs.description, "");
      const result = run(valid({ description: null }));
      assert.deepEqual(result.failures, []);
      assert.ok(!("description" in result.inputs));
    });

    it("defaults a null status to Approved", () => {
      const result = run(valid({ status: null }));
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs.status, "Approved");
    });

    it("ignores null timeouts", () => {
      const result = run(valid({ timeouts: null }));
      assert.deepEqual(result.failures, []);
      assert.ok(!("timeouts" in result.inputs));
    });

    it("validates vaultName instead of hsmName for the key vault kind", () => {
      const vault = (vaultName: string, extra: Record<string, unknown> = {}) =>
        check(
          KEY_VAULT,
          {},
          {
            subscriptionId: SUB,
            resourceGroupName: RG,
            vaultName,
            privateEndpointConnectionName: CONN,
            ...extra,
          },
        );
      const ok = vault("kv-1");
      assert.deepEqual(ok.failures, []);
      assert.equal(ok.inputs.vaultName, "kv-1");
      const bad = vault("1kv", { hsmName: HSM });
      assert.deepEqual(
        bad.failures.map((f) => f.property),
        ["vaultName", "hsmName"],
      );
      assert.match(bad.failures[0].reason, /vaultName '1kv' must start with a letter/);
      assert.match(bad.failures[1].reason, /hsmName is not an input/);
    });
  });

  describe("all failures at once", () => {
    it("returns one failure per broken input, each naming its property and rule, without throwing", () => {
      const { failures } = run({
        subscriptionId: "not-a-guid",
        resourceGroupName: "rg.",
        hsmName: "1-hsm",
        privateEndpointConnectionName: "pe/1",
        status: "approved",
        description: "x".repeat(1025),
        timeouts: { create: 0, read: 5 },
        colour: "blue",
      });
      const byProperty = new Map(failures.map((f) => [f.property, f.reason]));
      assert.deepEqual([...byProperty.keys()].sort(), [
        "colour",
        "description",
        "hsmName",
        "privateEndpointConnectionName",
        "resourceGroupName",
        "status",
        "subscriptionId",
        "timeouts.create",
        "timeouts.read",
      ]);
      assert.match(
        byProperty.get("subscriptionId") ?? "",
        /subscriptionId 'not-a-guid' must be a GUID/,
      );
      assert.match(
        byProperty.get("resourceGroupName") ?? "",
        /resourceGroupName 'rg\.' must not end with a period/,
      );
      assert.match(byProperty.get("hsmName") ?? "", /hsmName '1-hsm' must start with a letter/);
      assert.match(
        byProperty.get("privateEndpointConnectionName") ?? "",
        /privateEndpointConnectionName 'pe\/1' must not contain '\/'/,
      );
      assert.match(byProperty.get("status") ?? "", /status must be one of "Approved", "Rejected"/);
      assert.match(
        byProperty.get("description") ?? "",
        /description must be at most 1024 characters \(got 1025\)/,
      );
      assert.match(
        byProperty.get("timeouts.create") ?? "",
        /timeouts\.create must be a number of seconds greater than 0/,
      );
      assert.match(
        byProperty.get("timeouts.read") ?? "",
        /timeouts\.read is not a timeout; use create, update or delete/,
      );
      assert.match(byProperty.get("colour") ?? "", /colour is not an input of this resource/);
    });

    it("reports every missing required input", () => {
      const { failures } = run({});
      assert.deepEqual(failures.map((f) => f.property).sort(), [
        "hsmName",
        "privateEndpointConnectionName",
        "resourceGroupName",
        "subscriptionId",
      ]);
      for (const f of failures) {
        assert.match(f.reason, new RegExp(`^${f.property} is required`));
      }
    });
  });

  describe("subscriptionId", () => {
    const OTHER = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    const ARM = "12345678-1234-1234-1234-123456789abc";

    it("takes the input over the environment", () => {
      const result = run(valid(), { AZURE_SUBSCRIPTION_ID: OTHER, ARM_SUBSCRIPTION_ID: ARM });
      assert.equal(result.inputs.subscriptionId, SUB);
    });

    it("falls back to ARM_SUBSCRIPTION_ID, as azure-native does", () => {
      const result = run(valid({ subscriptionId: undefined }), {
        AZURE_SUBSCRIPTION_ID: OTHER,
        ARM_SUBSCRIPTION_ID: ARM,
      });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs.subscriptionId, ARM);
    });

    it("falls back to AZURE_SUBSCRIPTION_ID when ARM_SUBSCRIPTION_ID is unset or blank", () => {
      for (const arm of [undefined, "", "   "]) {
        const result = run(valid({ subscriptionId: undefined }), {
          AZURE_SUBSCRIPTION_ID: OTHER,
          ARM_SUBSCRIPTION_ID: arm,
        });
        assert.deepEqual(result.failures, []);
        assert.equal(result.inputs.subscriptionId, OTHER);
      }
    });

    it("trims the environment's value", () => {
      const result = run(valid({ subscriptionId: undefined }), {
        AZURE_SUBSCRIPTION_ID: ` ${OTHER}\n`,
      });
      assert.equal(result.inputs.subscriptionId, OTHER);
    });

    it("uses the environment when the input is null", () => {
      const result = run(valid({ subscriptionId: null }), { AZURE_SUBSCRIPTION_ID: OTHER });
      assert.equal(result.inputs.subscriptionId, OTHER);
    });

    it("when missing everywhere, fails saying how to set it", () => {
      const failure = onlyFailure(valid({ subscriptionId: undefined }));
      assert.equal(failure.property, "subscriptionId");
      assert.match(failure.reason, /subscriptionId is required/);
      assert.match(failure.reason, /subscriptionId input/);
      assert.match(failure.reason, /AZURE_SUBSCRIPTION_ID/);
      assert.match(failure.reason, /ARM_SUBSCRIPTION_ID/);
    });

    it("applies the GUID rule to a subscription from the environment too", () => {
      const failure = onlyFailure(valid({ subscriptionId: undefined }), {
        AZURE_SUBSCRIPTION_ID: "my-subscription",
      });
      assert.equal(failure.property, "subscriptionId");
      assert.match(failure.reason, /'my-subscription' must be a GUID/);
    });

    it("accepts GUIDs in either case and refuses other shapes", () => {
      assert.deepEqual(failuresOf(valid({ subscriptionId: SUB.toUpperCase() })), []);
      assert.deepEqual(
        failuresOf(valid({ subscriptionId: "ABCDEF01-2345-6789-abcd-ef0123456789" })),
        [],
      );
      for (const bad of [
        "11111111222233334444555555555555",
        `{${SUB}}`,
        "11111111-2222-3333-4444-55555555555g",
        `${SUB}0`,
        ` ${SUB}`,
      ]) {
        const failure = onlyFailure(valid({ subscriptionId: bad }));
        assert.equal(failure.property, "subscriptionId");
        assert.match(failure.reason, /must be a GUID such as 00000000-0000-0000-0000-000000000000/);
      }
    });
  });

  describe("resourceGroupName", () => {
    it("accepts 1 to 90 letters, digits, _ - . ( ) including Unicode letters and digits", () => {
      for (const name of [
        "r",
        "a".repeat(90),
        "My_RG-(prod).v2",
        "répertoire",
        "日本語のリソース",
        "Ελληνικά",
        "rg٣",
        "(rg)",
        "-rg",
        ".rg",
      ]) {
        assert.deepEqual(failuresOf(valid({ resourceGroupName: name })), [], name);
      }
    });

    it("refuses 91 characters, naming the length", () => {
      const failure = onlyFailure(valid({ resourceGroupName: "a".repeat(91) }));
      assert.equal(failure.property, "resourceGroupName");
      assert.match(failure.reason, /must be 1 to 90 characters long \(got 91\)/);
    });

    it("refuses a trailing period", () => {
      const failure = onlyFailure(valid({ resourceGroupName: "rg.prod." }));
      assert.match(failure.reason, /must not end with a period/);
    });

    it("refuses characters outside the rule", () => {
      for (const name of [
        "rg prod",
        "rg/x",
        "rg\\x",
        "rg#",
        "rg?",
        "rg%2F",
        "rg:x",
        "rg+x",
        "rg\u0000",
        "rg\u00a0",
      ]) {
        const failure = onlyFailure(valid({ resourceGroupName: name }));
        assert.equal(failure.property, "resourceGroupName", name);
        assert.match(
          failure.reason,
          /may contain only letters, digits, underscores, hyphens, periods and parentheses/,
        );
      }
    });

    // Microsoft's rule is Char.IsLetterOrDigit plus - _ . ( ): combining marks (Mn) and
    // connector punctuation other than '_' (Pc) are neither letters nor digits.
    it("refuses combining marks and connector punctuation other than '_' (not letters or digits)", () => {
      for (const name of ["rge\u0301", "rg\u203fx", "rg\uff3fx"]) {
        const failures = failuresOf(valid({ resourceGroupName: name }));
        assert.equal(
          failures.length,
          1,
          `resourceGroupName ${JSON.stringify(name)} was accepted, but it is not letters/digits/_-.()`,
        );
      }
    });
  });

  describe("hsmName", () => {
    it("accepts 3 to 24 ASCII letters, digits and single hyphens, starting with a letter, ending alphanumeric", () => {
      for (const name of ["abc", "a1b", "A-1", "h".repeat(24), "Contoso-HSM-01", "a-b-c-d"]) {
        assert.deepEqual(failuresOf(valid({ hsmName: name })), [], name);
      }
    });

    const cases: [string, RegExp][] = [
      ["ab", /must be 3 to 24 characters long \(got 2\)/],
      ["h".repeat(25), /must be 3 to 24 characters long \(got 25\)/],
      ["1hsm", /must start with a letter/],
      ["-hsm", /must start with a letter/],
      ["hsm-", /must end with a letter or a digit/],
      ["hs--m", /must not contain consecutive hyphens/],
      ["hsm_1", /may contain only ASCII letters, digits and hyphens/],
      ["hsm.1", /may contain only ASCII letters, digits and hyphens/],
      ["hsmé", /may contain only ASCII letters, digits and hyphens/],
      ["hsm\u212a", /may contain only ASCII letters, digits and hyphens/],
    ];
    for (const [name, rule] of cases) {
      it(`refuses ${JSON.stringify(name)}`, () => {
        const failure = onlyFailure(valid({ hsmName: name }));
        assert.equal(failure.property, "hsmName");
        assert.match(failure.reason, rule);
      });
    }
  });

  describe("privateEndpointConnectionName", () => {
    it("accepts ARM's generated names and any printable ASCII but / \\ ? # % and space, up to 256", () => {
      for (const name of [
        CONN,
        "x",
        "a".repeat(256),
        "pe.1",
        "...",
        "a..b",
        "!$&'()*+,;=:@[]^`{|}~\"<>",
      ]) {
        assert.deepEqual(failuresOf(valid({ privateEndpointConnectionName: name })), [], name);
      }
    });

    it("refuses 257 characters", () => {
      const failure = onlyFailure(valid({ privateEndpointConnectionName: "a".repeat(257) }));
      assert.match(failure.reason, /must be 1 to 256 characters long \(got 257\)/);
    });

    for (const c of ["/", "\\", "?", "#", "%"]) {
      it(`refuses '${c}', naming it`, () => {
        const failure = onlyFailure(valid({ privateEndpointConnectionName: `pe${c}1` }));
        assert.equal(failure.property, "privateEndpointConnectionName");
        assert.ok(failure.reason.includes(`must not contain '${c}'`), failure.reason);
      });
    }

    it("refuses control characters and shows them escaped", () => {
      for (const name of [
        "pe\u0000",
        "pe\n1",
        "pe\t1",
        "pe\u001b[31m",
        "pe\u007f",
        "pe\u0085",
        "pe\u009f",
      ]) {
        const failure = onlyFailure(valid({ privateEndpointConnectionName: name }));
        assert.match(failure.reason, /must not contain control characters/);
      }
    });

    it("shows control characters escaped in the failure, never raw (C0, DEL and C1)", () => {
      const raw: string[] = [];
      for (const name of [
        "pe\u0000",
        "pe\n1",
        "pe\u001b[31m",
        "pe\u007f",
        "pe\u0085",
        "pe\u009b2J",
      ]) {
        const { reason } = onlyFailure(valid({ privateEndpointConnectionName: name }));
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u001f\u007f-\u009f]/.test(reason)) {
          raw.push(JSON.stringify(reason));
        }
      }
      assert.deepEqual(raw, [], "failures that print control characters raw");
    });

    it("refuses spaces and non-ASCII characters", () => {
      for (const name of ["pe 1", "pé", "pe\u00a0", "pe\u200b", "pe\ud83d\ude00", "ｐｅ"]) {
        const failure = onlyFailure(valid({ privateEndpointConnectionName: name }));
        assert.match(
          failure.reason,
          /may contain only printable ASCII characters without spaces/,
          name,
        );
      }
    });

    it("refuses '.' and '..'", () => {
      for (const name of [".", ".."]) {
        assert.match(
          onlyFailure(valid({ privateEndpointConnectionName: name })).reason,
          /must not be '\.' or '\.\.'/,
        );
      }
    });

    it("truncates a very long value in the failure", () => {
      const failure = onlyFailure(valid({ privateEndpointConnectionName: "p".repeat(300) }));
      assert.ok(failure.reason.includes(`'${"p".repeat(77)}...'`), failure.reason);
      assert.ok(failure.reason.length < 200);
    });
  });

  describe("status", () => {
    it("accepts Approved and Rejected", () => {
      for (const status of ["Approved", "Rejected"]) {
        assert.equal(run(valid({ status })).inputs.status, status);
      }
    });

    it("hints the right case for a status in the wrong case", () => {
      for (const [given, right] of [
        ["approved", "Approved"],
        ["REJECTED", "Rejected"],
        ["aPPROVED", "Approved"],
      ]) {
        const failure = onlyFailure(valid({ status: given }));
        assert.equal(failure.property, "status");
        assert.ok(failure.reason.includes(`(got "${given}")`), failure.reason);
        assert.ok(failure.reason.includes(`did you mean "${right}"?`), failure.reason);
        assert.match(failure.reason, /case-sensitive/);
      }
    });

    it("refuses ARM-only and other statuses without a case hint", () => {
      for (const status of ["Pending", "Disconnected", "", "Approved ", 1, true, ["Approved"]]) {
        const failure = onlyFailure(valid({ status }));
        assert.equal(failure.property, "status");
        assert.match(failure.reason, /status must be one of "Approved", "Rejected" \(got /);
        assert.doesNotMatch(failure.reason, /did you mean/);
      }
    });
  });

  describe("description", () => {
    it("accepts up to 1024 characters", () => {
      assert.deepEqual(failuresOf(valid({ description: "d".repeat(1024) })), []);
    });

    it("refuses 1025 characters and non-strings", () => {
      assert.match(
        onlyFailure(valid({ description: "d".repeat(1025) })).reason,
        /at most 1024 characters/,
      );
      for (const description of [5, true, {}, ["a"]]) {
        const failure = onlyFailure(valid({ description }));
        assert.equal(failure.property, "description");
        assert.match(
          failure.reason,
          /description must be a string \(got (number|boolean|object)\)/,
        );
      }
    });
  });

  describe("timeouts", () => {
    it("accepts positive seconds up to 86400 for create, update and delete", () => {
      for (const timeouts of [
        {},
        { create: 1 },
        { update: 0.5 },
        { delete: 86400 },
        { create: 60, update: 60, delete: 60 },
      ]) {
        const result = run(valid({ timeouts }));
        assert.deepEqual(result.failures, [], JSON.stringify(timeouts));
        assert.deepEqual(result.inputs.timeouts, timeouts);
      }
    });

    it("refuses zero, negative, too large and non-numbers, naming the operation", () => {
      for (const [operation, seconds] of [
        ["create", 0],
        ["update", -5],
        ["delete", 86401],
        ["create", "60"],
        ["update", Number.NaN],
        ["delete", Number.POSITIVE_INFINITY],
        ["create", null],
      ] as const) {
        const failure = onlyFailure(valid({ timeouts: { [operation]: seconds } }));
        assert.equal(failure.property, `timeouts.${operation}`);
        assert.match(
          failure.reason,
          /must be a number of seconds greater than 0 and at most 86400/,
        );
      }
    });

    it("refuses unknown operations and non-objects", () => {
      const failure = onlyFailure(valid({ timeouts: { read: 60 } }));
      assert.equal(failure.property, "timeouts.read");
      for (const timeouts of ["30m", 60, [60], true]) {
        const f = onlyFailure(valid({ timeouts }));
        assert.equal(f.property, "timeouts");
        assert.match(f.reason, /timeouts must be an object such as \{ create: 1800/);
      }
    });
  });

  describe("unknown properties", () => {
    it("refuses each, listing the inputs of the resource", () => {
      const { failures } = run(valid({ vaultName: "kv", location: "westeurope" }));
      assert.deepEqual(failures.map((f) => f.property).sort(), ["location", "vaultName"]);
      for (const f of failures) {
        assert.ok(f.reason.startsWith(`${f.property} is not an input of this resource`), f.reason);
        assert.match(
          f.reason,
          /subscriptionId, resourceGroupName, hsmName, privateEndpointConnectionName, privateEndpointId, waitForConnectionSeconds, status, description, timeouts/,
        );
      }
    });
  });

  describe("values not yet known (preview)", () => {
    it("pass through every field without failure", () => {
      const news = {
        subscriptionId: UNKNOWN,
        resourceGroupName: UNKNOWN,
        hsmName: UNKNOWN,
        privateEndpointConnectionName: UNKNOWN,
        status: UNKNOWN,
        description: UNKNOWN,
        timeouts: UNKNOWN,
        onDelete: UNKNOWN,
      };
      const result = run(news);
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs, news);
    });

    it("pass through inside timeouts", () => {
      const result = run(valid({ timeouts: { create: UNKNOWN, delete: 60 } }));
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs.timeouts, { create: UNKNOWN, delete: 60 });
    });

    it("do not hide failures of the known fields", () => {
      const { failures } = run(valid({ hsmName: UNKNOWN, resourceGroupName: "bad rg" }));
      assert.deepEqual(
        failures.map((f) => f.property),
        ["resourceGroupName"],
      );
    });
  });

  describe("a table of malformed inputs, through the provider", () => {
    const cases = MALFORMED_INPUTS;

    it("has at least 30 cases", () => {
      assert.ok(cases.length >= 30);
    });

    for (const { property, news, reason } of cases) {
      const shown = JSON.stringify(news).slice(0, 70);
      it(`${shown} fails on ${property} alone, naming it, before any ARM call`, async () => {
        const h = harness();
        const result = await h.provider.check({}, valid(news));
        assert.equal(result.failures.length, 1, JSON.stringify(result.failures));
        const [failure] = result.failures;
        assert.equal(failure.property, property);
        assert.ok(
          failure.reason.includes(property),
          `'${failure.reason}' does not name ${property}`,
        );
        assert.match(failure.reason, reason);
        assert.ok(!(property in result.inputs) || property.startsWith("timeouts"));
        assert.equal(h.factory.callCount, 0);
        assert.equal(totalApiCalls(h.api), 0);
      });
    }
  });

  describe("robustness", () => {
    it("values JSON cannot stringify (BigInt, a circular object) are failures, not exceptions", () => {
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      const thrown: string[] = [];
      for (const [label, news] of [
        ["status: 1n", valid({ status: BigInt(1) })],
        ["status: circular", valid({ status: circular })],
        ["timeouts.create: 1n", valid({ timeouts: { create: BigInt(1) } })],
      ] as const) {
        try {
          const { failures } = run(news);
          assert.equal(failures.length, 1, label);
        } catch (error) {
          thrown.push(`${label}: ${String(error)}`);
        }
      }
      assert.deepEqual(thrown, [], "check threw instead of returning failures");
    });
  });

  describe("properties (fast-check)", () => {
    const KNOWN = [
      "subscriptionId",
      "resourceGroupName",
      "hsmName",
      "privateEndpointConnectionName",
      "status",
      "description",
      "timeouts",
      "__provider",
    ];
    const value = fc.oneof(
      fc.anything({
        withBoxedValues: true,
        withMap: true,
        withSet: true,
        withDate: true,
        withTypedArray: true,
        withSparseArray: true,
        withNullPrototype: true,
        withObjectString: true,
      }),
      fc.constant(UNKNOWN),
      fc.constantFrom(SUB, RG, HSM, CONN, "Approved", "approved", "Rejected"),
      fc.record(
        { create: fc.anything(), update: fc.double(), delete: fc.integer() },
        { requiredKeys: [] },
      ),
    );
    const news = fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN), fc.string()), value, {
      maxKeys: 10,
    });
    const env = fc.record(
      {
        AZURE_SUBSCRIPTION_ID: fc.oneof(fc.constant(SUB), fc.string()),
        ARM_SUBSCRIPTION_ID: fc.oneof(fc.constant(SUB), fc.string()),
      },
      { requiredKeys: [] },
    );

    it("never throws on arbitrary input objects, and every failure names a property and a rule", () => {
      fc.assert(
        fc.property(news, env, (n, e) => {
          const result = check(MANAGED_HSM, e, n);
          for (const f of result.failures) {
            assert.equal(typeof f.property, "string");
            assert.ok(f.property.length > 0 || f.reason.includes("is not an input"));
            assert.equal(typeof f.reason, "string");
            assert.ok(f.reason.length > 0);
          }
        }),
        { numRuns: 500 },
      );
    });

    const plausible = fc.record(
      {
        subscriptionId: fc.constantFrom(SUB, SUB.toUpperCase(), UNKNOWN, null),
        resourceGroupName: fc.oneof(
          fc.constantFrom(RG, UNKNOWN),
          fc.stringMatching(/^[a-zé_()-]{1,5}$/),
        ),
        hsmName: fc.oneof(fc.constantFrom(HSM, UNKNOWN), fc.stringMatching(/^[a-z][a-z0-9]{1,5}$/)),
        privateEndpointConnectionName: fc.oneof(
          fc.constantFrom(CONN, UNKNOWN),
          fc.stringMatching(/^[a-z.~]{1,8}$/),
        ),
        status: fc.constantFrom("Approved", "Rejected", UNKNOWN, null),
        description: fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constant(UNKNOWN),
          fc.constant(null),
        ),
        timeouts: fc.oneof(
          fc.constant(null),
          fc.constant(UNKNOWN),
          fc.record(
            {
              create: fc.integer({ min: 1, max: 86400 }),
              update: fc.double({ min: 0.001, max: 86400, noNaN: true }),
              delete: fc.constant(UNKNOWN),
            },
            { requiredKeys: [] },
          ),
        ),
        __provider: fc.string(),
      },
      { requiredKeys: ["resourceGroupName", "hsmName", "privateEndpointConnectionName"] },
    );

    it("is idempotent: what it accepts, it accepts again unchanged", () => {
      fc.assert(
        fc.property(fc.oneof(plausible, news), env, (n, e) => {
          const first = check(MANAGED_HSM, e, n);
          fc.pre(first.failures.length === 0);
          const second = check(MANAGED_HSM, {}, first.inputs);
          assert.deepEqual(second.failures, []);
          assert.deepEqual(second.inputs, first.inputs);
        }),
        { numRuns: 300 },
      );
    });

    /** Whether check accepts `name` for `property` when every other input is valid. */
    const accepts = (property: string, name: string) =>
      failuresOf(valid({ [property]: name })).length === 0;

    // Any code point; mapped (not fc's "binary" unit, whose reverse mapping costs ~0.5s to build).
    const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
    const chars = (alphabet: string) => fc.constantFrom(...[...alphabet]);
    const mixed = (alphabet: string, maxLength: number) =>
      fc.oneof(
        fc.string({ unit: chars(alphabet), maxLength }),
        fc.string({ unit: anyCodePoint, maxLength }),
        fc.string({ unit: "grapheme-ascii", maxLength }),
      );

    it("connection names: accepts exactly what the oracle accepts", () => {
      // From the rule: 1-256 printable ASCII characters (no space, no control characters),
      // none of / \ ? # %, and not a dot segment.
      const oracle = /^(?!\.\.?$)(?:(?![/\\?#%])[\x21-\x7e]){1,256}$/;
      const alphabet = "ab.-_~:!$/\\?#% \t\n\u0000\u007f\u0085é\u00a0Z9";
      const long = fc.string({ unit: chars("a.-_%"), minLength: 250, maxLength: 262 });
      fc.assert(
        fc.property(
          fc.oneof(mixed(alphabet, 12), long, fc.constantFrom(".", "..", "...")),
          (name) => {
            assert.equal(
              accepts("privateEndpointConnectionName", name),
              oracle.test(name),
              JSON.stringify(name),
            );
          },
        ),
        { numRuns: 400 },
      );
    });

    it("HSM names: accepts exactly what the oracle accepts", () => {
      // From the rule: 3-24 ASCII letters, digits and hyphens; a letter first; every hyphen
      // followed by a letter or digit (so none last, and never two in a row).
      const oracle = /^(?=[\s\S]{3,24}$)[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
      const alphabet = "aZ09--_.é\u212a/ ";
      fc.assert(
        fc.property(mixed(alphabet, 28), (name) => {
          assert.equal(accepts("hsmName", name), oracle.test(name), JSON.stringify(name));
        }),
        { numRuns: 400 },
      );
    });

    it("resource group names: accepts exactly what the oracle accepts", () => {
      // From the rule: 1-90 characters, each a Unicode letter, a decimal digit or one of
      // _ - . ( ); not ending with a period. (Basic Multilingual Plane only.)
      const allowed = (c: string) => /^[\p{L}\p{Nd}_\-.()]$/u.test(c);
      const oracle = (name: string) =>
        name.length >= 1 && name.length <= 90 && [...name].every(allowed) && !name.endsWith(".");
      const alphabet = "aZ9_-.()é日ß٣ǅʰ² /#%$\u0301\u203f\uff3f\u0903\u00a0\u0000";
      const bmp = fc.string({
        unit: fc.integer({ min: 0, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
        maxLength: 8,
      });
      const long = fc.string({ unit: chars("aé_.("), minLength: 86, maxLength: 94 });
      fc.assert(
        fc.property(
          fc.oneof(fc.string({ unit: chars(alphabet), maxLength: 12 }), bmp, long),
          (name) => {
            assert.equal(accepts("resourceGroupName", name), oracle(name), JSON.stringify(name));
          },
        ),
        { numRuns: 400 },
      );
    });
  });
});
