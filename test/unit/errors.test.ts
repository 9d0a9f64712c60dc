import { strict as assert } from "node:assert";
import sinon from "sinon";
import { CREDENTIAL_CHAIN } from "../../provider/arm/credential";
import {
  ArmOperationError,
  armErrorOfBody,
  describeCredentialFailure,
  isTransientStatus,
  parseRetryAfterMs,
  toArmOperationError,
} from "../../provider/arm/errors";
import { restError } from "./support/fakes";

const OP =
  "PUT /subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/managedHSMs/h/privateEndpointConnections/c";

describe("errors", () => {
  describe("ArmOperationError", () => {
    it("says what was attempted and everything ARM said", () => {
      const error = new ArmOperationError(
        OP,
        {
          statusCode: 409,
          code: "Conflict",
          armMessage: "The HSM is busy",
          requestId: "req-1",
          operationUrl: "https://management.azure.com/op/1",
        },
        "Try again later",
      );
      assert.equal(error.name, "ArmOperationError");
      assert.ok(error instanceof Error);
      assert.equal(
        error.message,
        `${OP} failed: HTTP 409: Conflict: The HSM is busy ` +
          `(operation: https://management.azure.com/op/1; x-ms-request-id: req-1). Try again later`,
      );
    });

    it("says when ARM said nothing", () => {
      assert.equal(new ArmOperationError("GET x", {}).message, "GET x failed: no answer from ARM");
    });
  });

  describe("toArmOperationError", () => {
    it("formats a RestError's status, ARM's code and message from the body, and the request id", () => {
      const error = toArmOperationError(
        OP,
        restError(400, {
          message: "Bad Request",
          headers: { "x-ms-request-id": "8d2e-req", "retry-after": "10" },
          body: {
            error: {
              code: "InvalidPrivateLinkServiceConnectionState",
              message: "Status 'Approve' is not valid",
            },
          },
        }),
      );
      assert.ok(error instanceof ArmOperationError);
      assert.equal(error.operation, OP);
      assert.deepEqual(error.details, {
        statusCode: 400,
        code: "InvalidPrivateLinkServiceConnectionState",
        armMessage: "Status 'Approve' is not valid",
        requestId: "8d2e-req",
        retryAfterMs: 10_000,
        transient: false,
      });
      assert.equal(
        error.message,
        `${OP} failed: HTTP 400: InvalidPrivateLinkServiceConnectionState: Status 'Approve' is not valid (x-ms-request-id: 8d2e-req)`,
      );
    });

    it("prefers the RestError's own code, and falls back to its message when the body has none", () => {
      const error = toArmOperationError(
        OP,
        restError(503, {
          code: "ServiceUnavailable",
          message: "upstream down",
          body: "<html>oops</html>",
        }),
      );
      assert.equal(error.details.code, "ServiceUnavailable");
      assert.equal(error.details.armMessage, "upstream down");
      assert.equal(error.details.transient, true);
      assert.equal(error.details.requestId, undefined);
      assert.equal(error.details.retryAfterMs, undefined);
    });

    it("reads a flat {code, message} body", () => {
      const error = toArmOperationError(
        OP,
        restError(404, { body: { code: "NotFound", message: "gone" } }),
      );
      assert.equal(error.details.code, "NotFound");
      assert.equal(error.details.armMessage, "gone");
    });

    it("adds the credential hint to a 401", () => {
      const error = toArmOperationError(
        OP,
        restError(401, {
          body: { error: { code: "InvalidAuthenticationToken", message: "bad audience" } },
        }),
      );
      assert.ok(error.message.includes("HTTP 401: InvalidAuthenticationToken: bad audience"));
      assert.ok(
        error.message.includes(`ARM refused the token that ${CREDENTIAL_CHAIN} produced`),
        error.message,
      );
      assert.match(error.message, /ARM audience/);
      assert.equal(error.details.transient, false);
    });

    it("adds no credential hint to a 403", () => {
      const error = toArmOperationError(OP, restError(403, { code: "AuthorizationFailed" }));
      assert.doesNotMatch(error.message, /DefaultAzureCredential/);
    });

    for (const name of [
      "AggregateAuthenticationError",
      "CredentialUnavailableError",
      "AuthenticationError",
    ]) {
      it(`explains ${name} by naming DefaultAzureCredential's chain`, () => {
        const cause = Object.assign(
          new Error(
            "EnvironmentCredential is unavailable. ManagedIdentityCredential: no endpoint.",
          ),
          {
            name,
          },
        );
        const error = toArmOperationError(OP, cause);
        assert.ok(error instanceof ArmOperationError);
        assert.equal(error.details.transient, false);
        assert.equal(error.details.statusCode, undefined);
        for (const part of [
          "Could not get an Azure token for ARM with DefaultAzureCredential",
          "environment",
          "AZURE_TENANT_ID",
          "AZURE_CLIENT_SECRET",
          "workload identity",
          "managed identity",
          "Azure CLI",
          "Azure Developer CLI",
          "Azure PowerShell",
          "EnvironmentCredential is unavailable",
        ]) {
          assert.ok(error.message.includes(part), `missing '${part}' in: ${error.message}`);
        }
        assert.ok(error.message.startsWith(`${OP} failed: `));
      });
    }

    it("leaves other errors' names alone in describeCredentialFailure", () => {
      assert.equal(describeCredentialFailure(new Error("x")), undefined);
      assert.equal(describeCredentialFailure("AggregateAuthenticationError"), undefined);
    });

    it("returns an ArmOperationError unchanged", () => {
      const original = new ArmOperationError("GET y", { statusCode: 500 });
      assert.equal(toArmOperationError("other op", original), original);
    });

    it("wraps non-Error throws", () => {
      const error = toArmOperationError(OP, "plain string");
      assert.equal(error.details.armMessage, "plain string");
      assert.equal(error.details.transient, false);
    });
  });

  describe("isTransientStatus", () => {
    it("is true for throttling, timeouts, 5xx and busy conflicts only", () => {
      for (const status of [408, 429, 500, 502, 503, 504]) {
        assert.equal(isTransientStatus(status), true, String(status));
      }
      for (const status of [200, 400, 401, 403, 404, 405, 409, 412, 501, 505]) {
        assert.equal(isTransientStatus(status), false, String(status));
      }
      assert.equal(isTransientStatus(409, "AnotherOperationInProgress"), true);
      assert.equal(isTransientStatus(409, "InvalidResourceState"), false);
      assert.equal(isTransientStatus(400, "AnotherOperationInProgress"), false);
    });
  });

  describe("armErrorOfBody", () => {
    it("reads nested, flat and JSON-text bodies, ignoring non-strings", () => {
      assert.deepEqual(armErrorOfBody({ error: { code: "A", message: "m" } }), {
        code: "A",
        message: "m",
      });
      assert.deepEqual(armErrorOfBody({ code: "B", message: "n" }), { code: "B", message: "n" });
      assert.deepEqual(armErrorOfBody('{"error":{"code":"C"}}'), { code: "C", message: undefined });
      assert.deepEqual(armErrorOfBody({ error: { code: 5, message: ["x"] } }), {
        code: undefined,
        message: undefined,
      });
      assert.deepEqual(armErrorOfBody({ error: null, code: "D" }), {
        code: "D",
        message: undefined,
      });
      for (const body of ["not json", "", undefined, null, 42, true]) {
        assert.deepEqual(armErrorOfBody(body), {});
      }
    });
  });

  describe("parseRetryAfterMs", () => {
    it("reads seconds", () => {
      assert.equal(parseRetryAfterMs("5"), 5000);
      assert.equal(parseRetryAfterMs("0"), 0);
      assert.equal(parseRetryAfterMs(" 30 "), 30_000);
      assert.equal(parseRetryAfterMs("1.5"), 1500);
      assert.equal(parseRetryAfterMs("-3"), 0);
    });

    it("reads an HTTP date, relative to now, never negative", () => {
      const timers = sinon.useFakeTimers({ now: Date.UTC(2025, 5, 1, 8, 0, 0), toFake: ["Date"] });
      try {
        assert.equal(parseRetryAfterMs("Sun, 01 Jun 2025 08:00:45 GMT"), 45_000);
        assert.equal(parseRetryAfterMs("Sun, 01 Jun 2025 07:59:00 GMT"), 0);
      } finally {
        timers.restore();
      }
    });

    it("ignores absent, empty and unreadable values", () => {
      for (const value of [undefined, null, "", "   ", "soon", "Infinity"]) {
        assert.equal(parseRetryAfterMs(value), undefined, String(value));
      }
    });
  });
});
