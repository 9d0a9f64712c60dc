import { strict as assert } from "node:assert";
import { CredentialError } from "../../provider/arm/credential";
import { toArmOperationError } from "../../provider/arm/errors";
import { tlsFailureOf, tlsHintOf } from "../../provider/arm/tlsFailure";

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("TLS failures are named as such, with the fix", () => {
  it("finds an OpenSSL code anywhere in the cause chain", () => {
    const socket = withCode(
      "self-signed certificate in certificate chain",
      "SELF_SIGNED_CERT_IN_CHAIN",
    );
    const wrapped = new Error("request failed", {
      cause: new Error("fetch failed", { cause: socket }),
    });
    assert.equal(tlsFailureOf(wrapped), "certificate");
    assert.equal(tlsFailureOf(withCode("x", "UNABLE_TO_VERIFY_LEAF_SIGNATURE")), "certificate");
  });

  it("reads MSAL's endpoints_resolution_error as unreadable metadata", () => {
    const msal = Object.assign(
      new Error(
        "endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error",
      ),
      {
        errorCode: "endpoints_resolution_error",
      },
    );
    assert.equal(tlsFailureOf(msal), "metadata");
    const hint = tlsHintOf(msal) ?? "";
    for (const fix of [
      "certificate",
      "NODE_EXTRA_CA_CERTS",
      "in the environment that runs pulumi",
      "whatever the program's language",
      "unset AZURE_RESOURCE_MANAGER_ENDPOINT",
    ]) {
      assert.ok(hint.includes(fix), `the hint names ${fix}: ${hint}`);
    }
    // A user of the npm package, or of YAML with no Node.js, has no repository tool.
    assert.ok(!hint.includes("with-emulator-ca"), hint);
  });

  it("leaves other failures alone", () => {
    assert.equal(
      tlsFailureOf(withCode("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED")),
      undefined,
    );
    assert.equal(tlsHintOf(new Error("boom")), undefined);
    assert.equal(tlsFailureOf(undefined), undefined);
  });

  it("an ARM call over an untrusted certificate fails for good, saying why", () => {
    const error = toArmOperationError(
      "GET connection",
      withCode("unable to verify the first certificate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
    );
    assert.equal(error.details.transient, false, "retrying cannot fix a certificate");
    assert.match(error.message, /does not trust the TLS certificate.*NODE_EXTRA_CA_CERTS/);
  });

  it("a credential that failed on the authority's metadata says what to do", () => {
    const error = toArmOperationError(
      "GET connection",
      new CredentialError(
        "ClientSecretCredential (environment)",
        new Error("endpoints_resolution_error: Endpoints cannot be resolved"),
      ),
    );
    assert.match(error.message, /Could not get an Azure token.*ClientSecretCredential/);
    assert.match(error.message, /OpenID metadata.*NODE_EXTRA_CA_CERTS/);
  });
});
