import { strict as assert } from "node:assert";
import { identityOfAuthorization } from "../../provider/arm/tokenIdentity";
import { carriedDecision, decisionOf } from "../../provider/hooks/decisionRecord";
import { read } from "../../provider/hooks/read";
import { update } from "../../provider/hooks/update";
import { CONN_ID, connection, harness, inputs, outputs } from "./support/fakes";

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}

const WHO = { appId: "app-1", objectId: "oid-1", tenantId: "tid-1" };

describe("decision record", () => {
  describe("identityOfAuthorization (the PUT's token's claims, never the token)", () => {
    it("takes appid, oid and tid from a v1 token", () => {
      const token = jwt({ appid: "app-1", oid: "oid-1", tid: "tid-1", aud: "https://x" });
      assert.deepEqual(identityOfAuthorization(`Bearer ${token}`), WHO);
    });

    it("takes azp when a v2 token has no appid", () => {
      const token = jwt({ azp: "app-2", oid: "oid-2", tid: "tid-2" });
      assert.equal(identityOfAuthorization(`Bearer ${token}`)?.appId, "app-2");
    });

    it("says nothing of a header that holds no JWT", () => {
      assert.equal(identityOfAuthorization(undefined), undefined);
      assert.equal(identityOfAuthorization("Bearer opaque"), undefined);
      assert.equal(identityOfAuthorization("Bearer a.!!!.c"), undefined);
      assert.equal(identityOfAuthorization(`Basic ${jwt({ oid: "x" })}`), undefined);
    });
  });

  describe("carriedDecision", () => {
    const record = decisionOf(
      { state: {} as never, requestId: "req-1", identity: WHO },
      "Pending",
      "Approved",
      0,
    );

    it("is kept while ARM's status is the recorded one", () => {
      assert.equal(carriedDecision(record, "Approved", 1000), record);
    });

    it("is marked superseded when another status is seen, and stays so if it comes back", () => {
      const superseded = carriedDecision(record, "Rejected", 5000);
      assert.deepEqual(superseded?.superseded, {
        observedAt: new Date(5000).toISOString(),
        status: "Rejected",
      });
      assert.equal(superseded?.decidedAt, record.decidedAt, "the decision itself is kept");
      assert.equal(carriedDecision(superseded, "Rejected", 9000), superseded);
      assert.equal(carriedDecision(superseded, "Approved", 9000)?.superseded?.status, "Approved");
    });

    it("ignores what is not a record (state written before the record existed)", () => {
      assert.equal(carriedDecision(undefined, "Approved", 0), undefined);
      assert.equal(carriedDecision({ status: "Approved" }, "Approved", 0), undefined);
    });
  });

  describe("in the hooks", () => {
    it("a write records when, who, from and to, and ARM's request id", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection({ status: "Pending" }));
      h.api.get.resolves(connection({ status: "Approved" }));
      h.api.put.resolves({
        state: connection({ status: "Approved", provisioningState: "Succeeded" }),
        requestId: "req-9",
        identity: WHO,
      });
      const putAt = h.ctx.clock.now();
      const { outs } = await update(h.ctx, inputs());
      assert.deepEqual(outs.decision, {
        decidedAt: new Date(putAt).toISOString(),
        decidedBy: WHO,
        previousStatus: "Pending",
        status: "Approved",
        requestId: "req-9",
      });
    });

    it("decidedAt is when ARM accepted the PUT, not when provisioning settled after it", async () => {
      const h = harness();
      h.api.get.onFirstCall().resolves(connection({ status: "Pending" }));
      h.api.get.onSecondCall().resolves(connection({ provisioningState: "Updating" }));
      h.api.get.resolves(connection({ status: "Approved" }));
      let acceptedAt = 0;
      h.api.put.callsFake(async () => {
        acceptedAt = h.clock.now();
        return {
          state: connection({ status: "Approved", provisioningState: "Updating" }),
          requestId: "req-10",
          identity: WHO,
        };
      });
      const { outs } = await update(h.ctx, inputs());
      assert.ok(h.clock.slept > 0, "the update waited for provisioning to settle");
      assert.equal(outs.decision?.decidedAt, new Date(acceptedAt).toISOString());
    });

    it("an update that writes nothing carries the old record; one without a record adds none", async () => {
      const h = harness();
      h.api.get.resolves(connection({ status: "Approved" }));
      const record = decisionOf(
        { state: {} as never, requestId: "r", identity: WHO },
        "Pending",
        "Approved",
        0,
      );
      const kept = await update(h.ctx, inputs(), outputs({ decision: record }));
      assert.deepEqual(kept.outs.decision, record);
      const none = await update(h.ctx, inputs(), outputs());
      assert.equal(none.outs.decision, undefined);
      assert.equal(h.api.put.callCount, 0);
    });

    it("a refresh keeps the record, or marks it superseded when the status changed", async () => {
      const h = harness();
      const record = decisionOf(
        { state: {} as never, requestId: "r", identity: WHO },
        "Pending",
        "Approved",
        0,
      );
      h.api.get.resolves(connection({ status: "Approved" }));
      const same = await read(h.ctx, CONN_ID, outputs({ decision: record }));
      assert.deepEqual(same.props?.decision, record);
      h.api.get.resolves(connection({ status: "Rejected" }));
      const flipped = await read(h.ctx, CONN_ID, outputs({ decision: record }));
      assert.equal(flipped.props?.decision?.superseded?.status, "Rejected");
    });
    describe("another owner, as ARM shows it (changedSinceDecision.ts)", () => {
      const rejectedByUs = decisionOf(
        { state: {} as never, requestId: "req-ours", identity: WHO },
        "Pending",
        "Rejected",
        0,
      );

      it("a write over a status someone else set since this stack's decision warns, naming the decision", async () => {
        const h = harness();
        h.api.get.onFirstCall().resolves(connection({ status: "Approved" }));
        h.api.get.resolves(connection({ status: "Rejected" }));
        h.api.put.resolves({
          state: connection({ status: "Rejected", provisioningState: "Succeeded" }),
          requestId: "req-again",
          identity: WHO,
        });
        const { outs } = await update(
          h.ctx,
          inputs({ status: "Rejected" }),
          outputs({ status: "Approved", decision: rejectedByUs }),
        );
        assert.equal(h.api.put.callCount, 1);
        assert.equal(h.warnings.length, 1, h.warnings.join("\n"));
        assert.match(h.warnings[0], /This stack set it Rejected at 1970-01-01T00:00:00\.000Z/);
        assert.match(h.warnings[0], /ARM request req-ours; ARM now reports Approved/);
        assert.match(h.warnings[0], /another stack/);
        assert.match(h.warnings[0], /This update sets it Rejected again\.$/);
        assert.equal(outs.decision?.previousStatus, "Approved");
        assert.equal(outs.decision?.requestId, "req-again");
      });

      it("a write the program asks for, over this stack's own decision, warns of nothing", async () => {
        const h = harness();
        const approvedByUs = { ...rejectedByUs, status: "Approved" };
        h.api.get.onFirstCall().resolves(connection({ status: "Approved" }));
        h.api.get.resolves(connection({ status: "Rejected" }));
        h.api.put.resolves({
          state: connection({ status: "Rejected", provisioningState: "Succeeded" }),
          requestId: "r2",
          identity: WHO,
        });
        await update(h.ctx, inputs({ status: "Rejected" }), outputs({ decision: approvedByUs }));
        assert.equal(h.api.put.callCount, 1);
        assert.deepEqual(h.warnings, []);
      });

      it("a refusal of drift Azure lets no one undo names this stack's decision", async () => {
        const h = harness();
        const approvedByUs = { ...rejectedByUs, status: "Approved" };
        h.api.get.resolves(connection({ status: "Rejected", description: "by stack b" }));
        await assert.rejects(
          update(h.ctx, inputs(), outputs({ decision: approvedByUs })),
          /ARM reports status Rejected.*This stack set it Approved at .*someone else changed it since/s,
        );
        assert.equal(h.api.put.callCount, 0);
      });
    });
  });
});
