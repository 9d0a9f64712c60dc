import { strict as assert } from "node:assert";
import { Deadline } from "../../provider/arm/clock";
import { ArmOperationError } from "../../provider/arm/errors";
import {
  DeadlineExceededError,
  MAX_POLL_INTERVAL_MS,
  MIN_POLL_INTERVAL_MS,
  pollDelayMs,
  waitUntilProvisioned,
} from "../../provider/arm/lro";
import { waitUntilDeleted } from "../../provider/arm/deleteWait";
import { CONN_ID, FakeClock, REF, connection, fakeApi, rejection } from "./support/fakes";

const URL1 = "https://management.azure.com/operations/1";

function setup(budgetMs = 60_000) {
  const clock = new FakeClock();
  const deadline = new Deadline(budgetMs, clock);
  const reports: string[] = [];
  return { clock, deadline, reports, report: (m: string) => void reports.push(m), api: fakeApi() };
}

describe("lro", () => {
  describe("pollDelayMs", () => {
    it("honours Retry-After within 0.5s..30s", () => {
      assert.equal(MIN_POLL_INTERVAL_MS, 500);
      assert.equal(MAX_POLL_INTERVAL_MS, 30_000);
      assert.equal(pollDelayMs(0, 0), 500);
      assert.equal(pollDelayMs(499, 3), 500);
      assert.equal(pollDelayMs(2000, 9), 2000);
      assert.equal(pollDelayMs(30_000, 0), 30_000);
      assert.equal(pollDelayMs(30_001, 0), 30_000);
    });

    it("without Retry-After grows by 1.5 from 1s up to 10s", () => {
      assert.deepEqual(
        [0, 1, 2, 3, 4, 5, 6, 20].map((n) => pollDelayMs(undefined, n)),
        [1000, 1500, 2250, 3375, 5062.5, 7593.75, 10_000, 10_000],
      );
    });
  });

  describe("waitUntilProvisioned", () => {
    it("returns the first terminal state; Disconnected and no provisioningState are terminal", async () => {
      for (const provisioningState of ["Succeeded", "Disconnected", undefined]) {
        const { api, deadline, report } = setup();
        api.get.onFirstCall().resolves(connection({ provisioningState: "Updating" }));
        api.get.resolves(connection({ provisioningState, etag: "last" }));
        const state = await waitUntilProvisioned(api, REF, undefined, deadline, report);
        assert.equal(state.etag, "last");
        assert.equal(api.get.callCount, 2);
      }
    });

    it("keeps Creating, Updating and Deleting as in progress", async () => {
      const { api, deadline, report, clock } = setup();
      api.get.onCall(0).resolves(connection({ provisioningState: "Creating" }));
      api.get.onCall(1).resolves(connection({ provisioningState: "Updating" }));
      api.get.onCall(2).resolves(connection({ provisioningState: "Deleting" }));
      api.get.resolves(connection({ provisioningState: "Succeeded" }));
      await waitUntilProvisioned(api, REF, 800, deadline, report);
      assert.deepEqual(clock.sleeps, [800, 800, 800, 800]);
    });

    it("reports progress before every wait", async () => {
      const { api, deadline, report, reports } = setup();
      api.get.onFirstCall().resolves(connection({ provisioningState: "Updating" }));
      api.get.resolves(connection());
      await waitUntilProvisioned(api, REF, undefined, deadline, report);
      assert.equal(reports.length, 2);
      assert.match(
        reports[0],
        /waiting for .* to finish updating: 0s elapsed, next check in 2\.5s/,
      );
      assert.match(reports[1], /3s elapsed, next check in 2\.5s/);
    });

    it("a Failed state without a description still says what ARM said", async () => {
      const { api, deadline, report } = setup();
      api.get.resolves(
        connection({ status: "Approved", description: "", provisioningState: "Failed" }),
      );
      const error = await rejection(waitUntilProvisioned(api, REF, undefined, deadline, report));
      assert.ok(error instanceof ArmOperationError);
      assert.equal(
        error.message,
        `PUT ${CONN_ID} failed: ProvisioningFailed: ARM reports provisioningState Failed for the connection (status Approved)`,
      );
    });

    it("an already expired deadline fails before any GET", async () => {
      const { api, deadline, report, clock } = setup(1000);
      clock.advance(1000);
      const error = await rejection(waitUntilProvisioned(api, REF, undefined, deadline, report));
      assert.ok(error instanceof DeadlineExceededError);
      assert.equal(api.get.callCount, 0);
    });

    it("time spent inside requests counts against the deadline", async () => {
      const { api, deadline, report, clock } = setup(10_000);
      const start = clock.now();
      api.get.callsFake(async () => {
        clock.advance(4000);
        return connection({ provisioningState: "Updating" });
      });
      const error = await rejection(waitUntilProvisioned(api, REF, 500, deadline, report));
      assert.ok(error instanceof DeadlineExceededError);
      // 0.5s wait + 4s GET, three times: the third GET ends past the 10s budget.
      assert.equal(api.get.callCount, 3);
      assert.deepEqual(clock.sleeps, [500, 500, 500]);
      assert.equal(clock.now() - start, 13_500);
      assert.match(error.message, /after 14s, past the timeout of 10s/);
    });
  });

  describe("waitUntilDeleted", () => {
    it("a 202 without a polling URL (completed, no body) goes straight to the GET", async () => {
      const { api, deadline, report } = setup();
      api.get.resolves(undefined);
      await waitUntilDeleted(
        api,
        REF,
        { kind: "completed", statusCode: 202, body: undefined },
        deadline,
        report,
      );
      assert.equal(api.poll.callCount, 0);
      assert.equal(api.get.callCount, 1);
    });

    it("201 keeps polling like 202", async () => {
      const { api, deadline, report } = setup();
      api.poll.onFirstCall().resolves({ statusCode: 201, body: {} });
      api.poll.resolves({ statusCode: 200, body: {} });
      api.get.resolves(undefined);
      await waitUntilDeleted(
        api,
        REF,
        { kind: "accepted", pollUrl: URL1, style: "location", retryAfterMs: 1000 },
        deadline,
        report,
      );
      assert.equal(api.poll.callCount, 2);
    });

    it("an error body without status is not a failure (Location 200 with the last resource body)", async () => {
      const { api, deadline, report } = setup();
      api.poll.resolves({
        statusCode: 200,
        body: { id: CONN_ID, properties: { provisioningState: "Succeeded" } },
      });
      api.get.resolves(undefined);
      await waitUntilDeleted(
        api,
        REF,
        { kind: "accepted", pollUrl: URL1, style: "location" },
        deadline,
        report,
      );
      assert.equal(api.get.callCount, 1);
    });

    it("an error message given without a code is named OperationFailed", async () => {
      const { api, deadline, report } = setup();
      api.poll.resolves({
        statusCode: 200,
        body: { status: "Failed", error: { message: "nope" } },
      });
      const error = await rejection(
        waitUntilDeleted(
          api,
          REF,
          { kind: "accepted", pollUrl: URL1, style: "azure-asyncoperation", retryAfterMs: 1000 },
          deadline,
          report,
        ),
      );
      assert.ok(error instanceof ArmOperationError);
      assert.equal(
        error.message,
        `DELETE ${CONN_ID} failed: OperationFailed: nope (operation: ${URL1})`,
      );
    });

    it("an already expired deadline fails before polling, naming the URL", async () => {
      const { api, deadline, report, clock } = setup(1000);
      clock.advance(5000);
      const error = await rejection(
        waitUntilDeleted(
          api,
          REF,
          { kind: "accepted", pollUrl: URL1, style: "location" },
          deadline,
          report,
        ),
      );
      assert.ok(error instanceof DeadlineExceededError);
      assert.ok(error.message.includes(URL1));
      assert.equal(api.poll.callCount, 0);
    });
  });
});
