import { strict as assert } from "node:assert";
import type { PulumiStack } from "../../tools/lib/pulumiStack";
import type { DecisionRecord } from "../../provider/inputs";
import {
  EngineHarness,
  RG,
  connectionNameOf,
  connectionsInState,
  useEngineHarness,
} from "./support/engineHarness";
import {
  assertOutput,
  describeRequests,
  destroyQuietly,
  log,
  output,
} from "./support/commandOutput";

/**
 * Two stacks (two copies of examples/basic) that declare one connection, through the real CLI:
 * what can be seen from ARM alone (docs/approval-policy.md, "One owner per connection"). ARM
 * records no author, so each stack sees only that the status is not the one its last write set.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/twoStacks.test.js
 */
describe("e2e: two stacks that declare one connection", function () {
  let h: EngineHarness;
  useEngineHarness((started) => (h = started), log);

  describe("A rejects, B approves", () => {
    const HSM = "hsm-two-stacks";
    let name: string;
    let a: PulumiStack;
    let b: PulumiStack;
    const ref = () => ({ resourceGroupName: RG, parentName: HSM, connectionName: name });
    const statusInArm = () =>
      h.connection(HSM, name)?.properties.privateLinkServiceConnectionState.status;
    const decisionOf = async (stack: PulumiStack) =>
      (await connectionsInState(stack))[0]?.outputs?.decision as DecisionRecord | undefined;
    const puts = () =>
      h
        .armWrites()
        .filter((r) => r.method === "PUT")
        .map((r) => connectionNameOf(r));

    before(async function () {
      this.timeout(300_000);
      [name] = h.seedHsm(HSM, 1);
      a = await h.newStack("basic", "owner-a", {
        hsmName: HSM,
        connectionName: name,
        status: "Rejected",
        description: "kept out by stack a",
      });
      b = await h.newStack("basic", "owner-b", { hsmName: HSM, connectionName: name });
    });

    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(b);
      await destroyQuietly(a);
    });

    it("1. stack A rejects it; the consumer asks again; stack B approves it, seeing nothing wrong", async () => {
      await a.up();
      assert.equal(statusInArm(), "Rejected");
      assert.equal((await decisionOf(a))?.status, "Rejected");
      h.control.requestConnectionAgain(ref());
      const up = await b.up();
      assert.equal(statusInArm(), "Approved");
      // B had no decision of its own on this connection: adopting a Pending one is ordinary.
      assertOutput(
        up,
        !/someone else changed it/.test(output(up)),
        "no warning for B's first write",
      );
    });

    it("2. stack A's `up --refresh` writes Rejected again and warns that its decision was overridden", async () => {
      h.control.clearRequestLog();
      const up = await a.up(["--refresh"]);
      assertOutput(
        up,
        /This stack set it Rejected at .*ARM now reports Approved, so someone else changed it since/s.test(
          output(up),
        ) && /another stack/.test(output(up)),
        "a warning naming A's decision and ARM's status now",
      );
      assert.deepEqual(puts(), [name], describeRequests(h.armWrites()));
      assert.equal(statusInArm(), "Rejected");
      const decision = await decisionOf(a);
      assert.equal(decision?.previousStatus, "Approved", "the record shows what A overrode");
      assert.equal(decision?.superseded, undefined, "a fresh decision");
    });

    it("3. stack B's `up --refresh` is refused at preview, before any write (Azure does not re-approve); its record shows it superseded", async () => {
      h.control.clearRequestLog();
      const refused = await b.up(["--refresh"], { allowFailure: true });
      assertOutput(
        refused,
        refused.code !== 0 &&
          /ARM reports status Rejected/.test(output(refused)) &&
          /Azure does not let a rejected connection be approved again/.test(output(refused)),
        "the refusal says why",
      );
      assert.deepEqual(puts(), [], describeRequests(h.armWrites()));
      assert.equal(statusInArm(), "Rejected");
      const decision = await decisionOf(b);
      assert.equal(decision?.status, "Approved", "B's decision is kept");
      assert.equal(decision?.superseded?.status, "Rejected", "marked superseded by the refresh");
    });
  });
});
