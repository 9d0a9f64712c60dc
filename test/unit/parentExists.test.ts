import { strict as assert } from "node:assert";
import { CredentialError } from "../../provider/arm/credential";
import { ArmOperationError, toArmOperationError } from "../../provider/arm/errors";
import { connection, harness, inputs, outputs, rejection } from "./support/fakes";

/** The preview's one read for a new resource: does its HSM or vault exist (parentExists.ts)? */
describe("check: a parent that does not exist fails the preview", () => {
  const declared = (overrides = {}) => inputs(overrides) as unknown as Record<string, unknown>;
  const notFound = (code: string | undefined) =>
    new ArmOperationError("GET list", { statusCode: 404, code, armMessage: "not there" });

  it("a named connection that ARM has: one GET, no failure", async () => {
    const h = harness();
    h.api.get.resolves(connection());
    const { failures } = await h.provider.check({}, declared());
    assert.deepEqual(failures, []);
    assert.equal(h.api.get.callCount, 1);
    assert.equal(h.api.list.callCount, 0);
  });

  it("200 new connections of one HSM checked at once: one read of the parent; a missing one is asked again", async () => {
    const h = harness();
    h.api.get.resolves(connection());
    const names = Array.from({ length: 200 }, (_, i) => `pe-${i}`);
    const checks = await Promise.all(
      names.map((name) => h.provider.check({}, declared({ privateEndpointConnectionName: name }))),
    );
    assert.ok(checks.every((c) => c.failures.length === 0));
    assert.equal(h.api.get.callCount + h.api.list.callCount, 1);
    await h.provider.check({}, declared({ privateEndpointConnectionName: "pe-late" }));
    assert.equal(h.api.get.callCount, 1, "a parent found is not read again");
    h.api.get.resolves(undefined);
    h.api.list.rejects(notFound("ResourceNotFound"));
    for (const hsmName of ["hsm-gone", "hsm-gone"]) {
      assert.equal((await h.provider.check({}, declared({ hsmName }))).failures.length, 1);
    }
    assert.equal(h.api.list.callCount, 2, "a parent not found is asked again");
  });

  it("no such HSM: the list's 404 fails hsmName in one sentence naming the HSM, without SDK words", async () => {
    const h = harness();
    h.api.get.resolves(undefined);
    h.api.list.rejects(notFound("ResourceNotFound"));
    const { failures } = await h.provider.check({}, declared({ hsmName: "hsm-typo" }));
    assert.equal(failures.length, 1, JSON.stringify(failures));
    assert.equal(failures[0].property, "hsmName");
    assert.match(
      failures[0].reason,
      /^Managed HSM 'hsm-typo' \(resource group 'rg-pec', subscription '[^']+'\) does not exist \(ARM answered 404 ResourceNotFound\): check the name, the resource group and the subscription\.$/,
    );
    assert.doesNotMatch(failures[0].reason, /Pagination|statusCode|RestError/);
  });

  it("names resourceGroupName or subscriptionId when ARM says those are missing", async () => {
    for (const [code, property] of [
      ["ResourceGroupNotFound", "resourceGroupName"],
      ["SubscriptionNotFound", "subscriptionId"],
    ]) {
      const h = harness();
      h.api.get.rejects(notFound(code));
      const { failures } = await h.provider.check({}, declared());
      assert.deepEqual(
        failures.map((f) => f.property),
        [property],
        code,
      );
    }
  });

  it("a connection not there yet (the consumer creates it later) with its parent there passes", async () => {
    const h = harness();
    h.api.get.resolves(undefined);
    h.api.list.resolves([]);
    assert.deepEqual((await h.provider.check({}, declared())).failures, []);
  });

  it("what is not ARM's 404 (no credentials, 403, a 404 without ARM's code) is left to the operation", async () => {
    for (const failure of [
      new Error("ClientSecretCredential: no client secret"),
      new ArmOperationError("GET", { statusCode: 403, code: "AuthorizationFailed" }),
      // No ARM error body: not ARM's answer about the HSM (a mistyped endpoint, a proxy's page).
      new ArmOperationError("GET", { statusCode: 404 }),
    ]) {
      const h = harness();
      h.api.get.rejects(failure);
      assert.deepEqual((await h.provider.check({}, declared())).failures, []);
    }
  });

  it("an untrusted certificate fails the preview with the fix, as the up would fail", async () => {
    const untrusted = toArmOperationError(
      "GET connection",
      Object.assign(new Error("self-signed certificate in certificate chain"), {
        code: "SELF_SIGNED_CERT_IN_CHAIN",
      }),
    );
    const metadata = toArmOperationError(
      "GET connection",
      new CredentialError(
        "ClientSecretCredential (environment)",
        new Error("endpoints_resolution_error: Endpoints cannot be resolved"),
      ),
    );
    for (const failure of [untrusted, metadata]) {
      const h = harness();
      h.api.get.rejects(failure);
      const error = await rejection(h.provider.check({}, declared()));
      assert.match(error.message, /NODE_EXTRA_CA_CERTS.*in the environment that runs pulumi/);
    }
  });

  it("asks nothing when the state already holds this parent, or a name is not known yet", async () => {
    const h = harness();
    await h.provider.check(outputs() as unknown as Record<string, unknown>, declared());
    await h.provider.check({}, { ...declared(), hsmName: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    assert.equal(h.api.get.callCount + h.api.list.callCount, 0);
  });
});
