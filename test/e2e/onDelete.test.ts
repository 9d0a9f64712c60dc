import { strict as assert } from "node:assert";
import type { PulumiStack } from "../../tools/lib/pulumiStack";
import { REJECTED_ON_DELETE_PREFIX } from "../../provider/hooks/rejectOnDelete";
import { EngineHarness, RG, connectionsInState, useEngineHarness } from "./support/engineHarness";
import { assertOutput, describeRequests, destroyQuietly, log } from "./support/commandOutput";

/**
 * `onDelete` of a connection resource (examples/basic's `onDelete` config) through the real CLI:
 * changing it is an update that writes nothing; `pulumi destroy` then rejects the connection
 * and waits for ARM, or leaves it as it is; either way the stack is empty afterwards and the
 * connection is still in ARM.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/onDelete.test.js
 */
describe("e2e: onDelete of a connection resource", function () {
  let h: EngineHarness;
  useEngineHarness((started) => (h = started), log);

  for (const onDelete of ["reject", "retain"] as const) {
    describe(`onDelete ${onDelete}`, () => {
      const HSM = `hsm-ondelete-${onDelete}`;
      let name: string;
      let stack: PulumiStack;
      const stateInArm = () => h.connection(HSM, name)?.properties;

      before(async function () {
        this.timeout(300_000);
        [name] = h.seedHsm(HSM, 1);
        stack = await h.newStack("basic", `ondelete-${onDelete}`, {
          hsmName: HSM,
          connectionName: name,
        });
        await stack.up();
        assert.equal(stateInArm()?.privateLinkServiceConnectionState.status, "Approved");
      });

      after(async function () {
        this.timeout(300_000);
        await destroyQuietly(stack);
      });

      it(`1. changing onDelete from delete to ${onDelete} is an update in place that writes nothing to ARM`, async () => {
        await stack.setConfig({ onDelete });
        h.control.clearRequestLog();
        const up = await stack.up();
        assertOutput(up, /~ 1 updated/.test(up.stdout), "one update");
        assertOutput(up, !/replac|deleted|created/.test(up.stdout), "no replace");
        assert.deepEqual(h.armWrites(), [], describeRequests(h.armWrites()));
        assert.equal((await connectionsInState(stack))[0].outputs?.onDelete, onDelete);
      });

      it(`2. destroy leaves the connection ${onDelete === "reject" ? "Rejected, saying why" : "as it was, writing nothing"}; the stack is empty`, async () => {
        const etagBefore = h.connection(HSM, name)?.etag;
        h.control.clearRequestLog();
        const destroy = await stack.destroy();
        assertOutput(destroy, /- 2 deleted/.test(destroy.stdout), "the resource and the stack");
        assert.deepEqual(await connectionsInState(stack), []);
        const left = h.control.getConnection({
          resourceGroupName: RG,
          parentName: HSM,
          connectionName: name,
        });
        assert.ok(left, "the connection is still in ARM");
        const writes = h.armWrites().map((r) => r.method);
        if (onDelete === "reject") {
          assert.equal(left.properties.privateLinkServiceConnectionState.status, "Rejected");
          const description = left.properties.privateLinkServiceConnectionState.description ?? "";
          assert.ok(description.startsWith(REJECTED_ON_DELETE_PREFIX), description);
          assert.equal(left.properties.provisioningState, "Succeeded", "destroy waited for ARM");
          assert.deepEqual(writes, ["PUT"], describeRequests(h.armWrites()));
        } else {
          assert.equal(left.properties.privateLinkServiceConnectionState.status, "Approved");
          assert.equal(left.etag, etagBefore, "untouched");
          assert.deepEqual(writes, [], describeRequests(h.armWrites()));
        }
      });
    });
  }
});
