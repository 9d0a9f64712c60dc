import { strict as assert } from "node:assert";
import { KEY_VAULT, MANAGED_HSM } from "../../provider/arm/parentKinds";
import {
  DECLARABLE_STATUSES,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  normalizedDescription,
  timeoutMs,
} from "../../provider/inputs";
import { parentNameOf } from "../../provider/parentInputs";

describe("inputs", () => {
  it("declarable statuses and timeout limits", () => {
    assert.deepEqual([...DECLARABLE_STATUSES], ["Approved", "Rejected"]);
    assert.equal(DEFAULT_TIMEOUT_SECONDS, 1800);
    assert.equal(MAX_TIMEOUT_SECONDS, 86_400);
  });

  it("timeoutMs: the operation's seconds, else 30 minutes", () => {
    assert.equal(timeoutMs(undefined, "create"), 1_800_000);
    assert.equal(timeoutMs({}, "delete"), 1_800_000);
    assert.equal(timeoutMs({ create: 10 }, "update"), 1_800_000);
    assert.equal(timeoutMs({ update: 2.5 }, "update"), 2500);
  });

  it("normalizedDescription: absent is empty", () => {
    assert.equal(normalizedDescription(undefined), "");
    assert.equal(normalizedDescription(null), "");
    assert.equal(normalizedDescription("x"), "x");
  });

  it("parentNameOf reads the kind's name property", () => {
    assert.equal(parentNameOf(MANAGED_HSM, { hsmName: "h", vaultName: "v" }), "h");
    assert.equal(parentNameOf(KEY_VAULT, { hsmName: "h", vaultName: "v" }), "v");
    assert.equal(parentNameOf(KEY_VAULT, { hsmName: "h" }), "");
  });
});
