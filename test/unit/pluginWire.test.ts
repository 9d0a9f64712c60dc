import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import {
  plainRecord,
  plainValues,
  secretProperties,
  withSecrets,
} from "../../provider/plugin/wire";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG]: SECRET_SIG, value });

describe("provider plugin: values on the wire", () => {
  it("unwraps secrets at any depth and leaves everything else as it is", () => {
    assert.deepEqual(
      plainValues({
        description: secret("ticket 42"),
        timeouts: { delete: secret(60), create: 5 },
        list: [secret("a"), "b"],
        nested: secret({ inner: secret("x") }),
      }),
      {
        description: "ticket 42",
        timeouts: { delete: 60, create: 5 },
        list: ["a", "b"],
        nested: { inner: "x" },
      },
    );
  });

  it("keeps the engine's unknown value, which check lets through in a preview", () => {
    assert.deepEqual(plainValues({ hsmName: pulumi.runtime.unknownValue }), {
      hsmName: pulumi.runtime.unknownValue,
    });
  });

  it("makes a record of anything the engine may send (absent properties on an import)", () => {
    assert.deepEqual(plainRecord(undefined), {});
    assert.deepEqual(plainRecord(null), {});
    assert.deepEqual(plainRecord(["x"]), {});
    assert.deepEqual(plainRecord(secret({ status: "Approved" })), { status: "Approved" });
  });

  it("does not mistake an object with another signature for a secret", () => {
    const asset = { [SIG]: "c44067f5952c0a294b673a41bacd8c17", text: "x" };
    assert.deepEqual(plainValues(asset), asset);
  });

  it("finds the properties that came in secret, nested or whole, and wraps just those again", () => {
    const sent = { description: secret("x"), timeouts: { delete: secret(60) }, hsmName: "hsm" };
    const names = secretProperties(sent, secret({ etag: "e" }));
    assert.deepEqual([...names].sort(), ["description", "etag", "timeouts"]);
    const out = withSecrets({ description: "x", timeouts: { delete: 60 }, hsmName: "hsm" }, names);
    assert.deepEqual(out, {
      description: secret("x"),
      timeouts: secret({ delete: 60 }),
      hsmName: "hsm",
    });
    assert.deepEqual(withSecrets({ status: "Approved" }, new Set(["description"])), {
      status: "Approved",
    });
  });
});
