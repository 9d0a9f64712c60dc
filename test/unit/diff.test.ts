import { strict as assert } from "node:assert";
import fc from "fast-check";
import { KEY_VAULT, MANAGED_HSM } from "../../provider/arm/parentKinds";
import { diff, identityProperties } from "../../provider/hooks/diff";
import { CONN_ID, harness, inputs, outputs } from "./support/fakes";

const PROVIDER = "exports.handler = require('pulumi-azure-mhsm-pec/shim') // v1";

/** The state as create/read record it: inputs plus what ARM said. */
function olds(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { __provider: PROVIDER, ...outputs({ etag: 'W/"2"' }), ...overrides };
}

/** The inputs as check returns them. */
function news(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { __provider: PROVIDER, ...inputs(), ...overrides };
}

const IDENTITY = [
  "subscriptionId",
  "resourceGroupName",
  "hsmName",
  "privateEndpointConnectionName",
];
const NO_CHANGE = {
  changes: false,
  replaces: [],
  stables: [...IDENTITY, "connectionId"],
  deleteBeforeReplace: false,
};
const UPDATE = { ...NO_CHANGE, changes: true };

describe("diff", () => {
  it("names the identity properties of each kind", () => {
    assert.deepEqual(identityProperties(MANAGED_HSM), IDENTITY);
    assert.deepEqual(identityProperties(KEY_VAULT), [
      "subscriptionId",
      "resourceGroupName",
      "vaultName",
      "privateEndpointConnectionName",
    ]);
  });

  it("finds no change between the state and the same inputs", async () => {
    const { provider } = harness();
    assert.deepEqual(await provider.diff(CONN_ID, olds(), news()), NO_CHANGE);
  });

  describe("identity changes replace, creating the replacement first", () => {
    const changed: Record<string, string> = {
      subscriptionId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
      resourceGroupName: "rg-other",
      hsmName: "other-hsm",
      privateEndpointConnectionName: "pe-other.00000000-0000-0000-0000-000000000001",
    };
    for (const [property, value] of Object.entries(changed)) {
      it(`${property}`, () => {
        assert.deepEqual(diff(MANAGED_HSM, olds(), news({ [property]: value })), {
          changes: true,
          replaces: [property],
          stables: [],
          deleteBeforeReplace: false,
        });
      });
    }

    it("lists every changed identity property, and an update alongside still replaces", () => {
      const result = diff(
        MANAGED_HSM,
        olds(),
        news({ ...changed, status: "Rejected", description: "x" }),
      );
      assert.deepEqual(result, {
        changes: true,
        replaces: IDENTITY,
        stables: [],
        deleteBeforeReplace: false,
      });
    });

    it("a removed identity property replaces", () => {
      const n = news();
      delete n.hsmName;
      assert.deepEqual(diff(MANAGED_HSM, olds(), n).replaces, ["hsmName"]);
    });

    it("uses vaultName for key vault connections", () => {
      const o = { ...olds(), vaultName: "kv-1" };
      assert.deepEqual(diff(KEY_VAULT, o, { ...news(), vaultName: "kv-2" }).replaces, [
        "vaultName",
      ]);
      assert.equal(diff(KEY_VAULT, o, { ...news(), vaultName: "KV-1" }).changes, false);
    });
  });

  describe("case-only changes of names are no change (ARM names are case-insensitive)", () => {
    for (const property of IDENTITY) {
      it(property, () => {
        const value = String(olds()[property]);
        for (const variant of [value.toUpperCase(), value.toLowerCase()]) {
          assert.deepEqual(diff(MANAGED_HSM, olds(), news({ [property]: variant })), NO_CHANGE);
        }
      });
    }
  });

  describe("status and description update in place", () => {
    it("a status change", () => {
      assert.deepEqual(diff(MANAGED_HSM, olds(), news({ status: "Rejected" })), UPDATE);
    });

    it("status drift recorded by refresh (ARM says Pending)", () => {
      assert.deepEqual(diff(MANAGED_HSM, olds({ status: "Pending" }), news()), UPDATE);
    });

    it("a description change", () => {
      assert.deepEqual(
        diff(MANAGED_HSM, olds(), news({ description: "approved by Alice" })),
        UPDATE,
      );
      assert.deepEqual(
        diff(MANAGED_HSM, olds({ description: "approved by Alice" }), news({ description: "" })),
        UPDATE,
      );
      assert.deepEqual(
        diff(MANAGED_HSM, olds({ description: "approved by Alice" }), news()),
        UPDATE,
        "removing the description from the program clears it",
      );
    });

    it("both", () => {
      assert.deepEqual(
        diff(MANAGED_HSM, olds(), news({ status: "Rejected", description: "no" })),
        UPDATE,
      );
    });
  });

  describe("no perpetual diff", () => {
    it("absent, null and empty descriptions are the same", () => {
      for (const [o, n] of [
        [undefined, ""],
        ["", undefined],
        [null, ""],
        ["", null],
        [undefined, null],
      ]) {
        const oldState = olds();
        if (o === undefined) delete oldState.description;
        else oldState.description = o;
        const newInputs = news();
        if (n !== undefined) newInputs.description = n;
        assert.deepEqual(diff(MANAGED_HSM, oldState, newInputs), NO_CHANGE, `${o} vs ${n}`);
      }
    });

    it("a change of timeouts alone", () => {
      assert.deepEqual(
        diff(
          MANAGED_HSM,
          olds({ timeouts: { create: 60 } }),
          news({ timeouts: { create: 3600, delete: 7200 } }),
        ),
        NO_CHANGE,
      );
      assert.deepEqual(diff(MANAGED_HSM, olds(), news({ timeouts: { delete: 10 } })), NO_CHANGE);
    });

    it("a change of the serialized provider's text", () => {
      assert.deepEqual(
        diff(MANAGED_HSM, olds(), news({ __provider: "exports.handler = somethingElse() // v2" })),
        NO_CHANGE,
      );
    });

    it("outputs recorded in the state (etag, provisioningState...) that the inputs lack", () => {
      assert.deepEqual(
        diff(MANAGED_HSM, olds({ etag: 'W/"9"', provisioningState: "Updating" }), news()),
        NO_CHANGE,
      );
    });

    it("key order", () => {
      const reversed = (o: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(o).reverse());
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        [olds(), news()],
        [olds(), news({ status: "Rejected" })],
        [olds(), news({ hsmName: "other-hsm" })],
      ];
      for (const [o, n] of cases) {
        const expected = diff(MANAGED_HSM, o, n);
        assert.deepEqual(diff(MANAGED_HSM, reversed(o), reversed(n)), expected);
        assert.deepEqual(diff(MANAGED_HSM, reversed(o), n), expected);
      }
    });
  });

  it("property: replace iff some identity name differs other than in case; update iff status or description differs", () => {
    const name = fc.constantFrom("rg-a", "RG-A", "rg-b", "Hsm1", "hsm1", "hsm2");
    const description = fc.constantFrom(undefined, "", "a", "A");
    fc.assert(
      fc.property(
        fc.record({ sub: name, rg: name, hsm: name, conn: name }),
        fc.record({ sub: name, rg: name, hsm: name, conn: name }),
        fc.constantFrom("Approved", "Rejected", "Pending"),
        fc.constantFrom("Approved", "Rejected"),
        description,
        description,
        (a, b, oldStatus, newStatus, oldDescription, newDescription) => {
          const o = olds({
            subscriptionId: a.sub,
            resourceGroupName: a.rg,
            hsmName: a.hsm,
            privateEndpointConnectionName: a.conn,
            status: oldStatus,
            description: oldDescription,
          });
          const n = news({
            subscriptionId: b.sub,
            resourceGroupName: b.rg,
            hsmName: b.hsm,
            privateEndpointConnectionName: b.conn,
            status: newStatus,
            description: newDescription,
          });
          const result = diff(MANAGED_HSM, o, n);
          const keys = ["sub", "rg", "hsm", "conn"] as const;
          const replaced = keys
            .map((k, i) => (a[k].toLowerCase() !== b[k].toLowerCase() ? IDENTITY[i] : undefined))
            .filter((p) => p !== undefined);
          const updated =
            oldStatus !== newStatus || (oldDescription ?? "") !== (newDescription ?? "");
          assert.deepEqual(result.replaces, replaced);
          assert.equal(
            result.deleteBeforeReplace,
            false,
            "the engine creates the replacement first",
          );
          assert.equal(result.changes, replaced.length > 0 || updated);
        },
      ),
      { numRuns: 300 },
    );
  });
});
