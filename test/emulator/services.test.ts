import { strict as assert } from "node:assert";
import type { ConnectionJson, RunningEmulator } from "../../emulator";
import { start, stopEmulatorsAfterEach, withApi } from "./support/emulator";
import { arm, header, json, type HttpResult } from "./support/https";
import {
  SERVICES,
  getService,
  pollHeaders,
  putService,
  readService,
  seedService,
  serviceConnectionPath,
  serviceParentPath,
  stateOf,
  type ServiceExpectation,
} from "./support/services";

/*
 * Every modelled private-link service, each as its spec and recordings say it answers
 * (support/services.ts): the PUT's status, poll headers and body, what a GET shows while the
 * operation runs and after, the list, the DELETE and its wait, and the answers for an absent
 * connection. Time moves only by the control API.
 */

const NO_RETRY_AFTER = { putRetryAfterSeconds: null, deleteRetryAfterSeconds: null };

function startService(): Promise<RunningEmulator> {
  return start({ behavior: NO_RETRY_AFTER });
}

function checkAcceptedBody(s: ServiceExpectation, put: HttpResult, status: string): void {
  const body = json<Record<string, unknown>>(put);
  switch (s.put.body) {
    case "enqueued":
      assert.deepEqual(body, { status: "Enqueued" });
      return;
    case "operation":
      assert.equal(typeof body.operation, "string");
      assert.ok(!Number.isNaN(Date.parse(String(body.startTime))));
      return;
    case "connection": {
      const state = stateOf(body as unknown as ConnectionJson);
      if (s.running === null) {
        assert.deepEqual(state, { status, provisioningState: s.ready });
      } else {
        assert.equal(state.provisioningState, s.running, s.resourceType);
      }
    }
  }
}

async function poll(emulator: RunningEmulator, url: string): Promise<HttpResult> {
  return arm(emulator, "GET", url);
}

async function checkRunningPolls(
  emulator: RunningEmulator,
  s: ServiceExpectation,
  answer: HttpResult,
) {
  const statusUrl = header(answer, "azure-asyncoperation");
  if (statusUrl) {
    const running = await poll(emulator, statusUrl);
    const expected = s.runningPoll ?? { status: 200, body: "InProgress" };
    assert.equal(running.status, expected.status, s.resourceType);
    assert.equal(json<{ status: string }>(running).status, expected.body);
  }
  const locationUrl = header(answer, "location");
  if (locationUrl) {
    assert.equal((await poll(emulator, locationUrl)).status, 202, s.resourceType);
  }
}

async function checkFinishedPolls(emulator: RunningEmulator, answer: HttpResult, location: number) {
  const statusUrl = header(answer, "azure-asyncoperation");
  if (statusUrl) {
    const done = await poll(emulator, statusUrl);
    assert.equal(done.status, 200);
    assert.equal(json<{ status: string }>(done).status, "Succeeded");
  }
  const locationUrl = header(answer, "location");
  if (locationUrl) {
    assert.equal((await poll(emulator, locationUrl)).status, location);
  }
}

describe("emulator: every private-link service as recorded", () => {
  stopEmulatorsAfterEach();

  for (const s of SERVICES) {
    it(`${s.resourceType}: GET, approve (${s.put.status}), the operation's polls, list`, async () => {
      const emulator = await startService();
      seedService(emulator, s);
      const before = await readService(emulator, s, "pec-1");
      assert.equal(before.type, s.connectionType);
      assert.deepEqual(stateOf(before).status, "Pending");
      const other = s.actionsField === "actionRequired" ? "actionsRequired" : "actionRequired";
      const wire = before.properties.privateLinkServiceConnectionState as Record<string, unknown>;
      assert.equal(wire[s.actionsField], "None");
      assert.equal(wire[other], undefined);

      const put = await putService(emulator, s, "pec-1", "Approved");
      assert.equal(put.status, s.put.status, put.text);
      assert.deepEqual(pollHeaders(put), s.put.headers);
      assert.equal(header(put, "retry-after"), undefined, "no recording has a Retry-After");
      checkAcceptedBody(s, put, "Approved");
      if (s.running !== null) {
        await checkRunningPolls(emulator, s, put);
        const during = stateOf(await readService(emulator, s, "pec-1"));
        if (!s.staleReads) {
          assert.equal(during.provisioningState, s.running, "a GET while it runs");
        }
        assert.ok(emulator.control.completeRunningOperations() >= 1);
        await checkFinishedPolls(emulator, put, 200);
      }
      assert.deepEqual(stateOf(await readService(emulator, s, "pec-1")), {
        status: "Approved",
        provisioningState: s.ready,
      });
      const list = await arm(
        emulator,
        "GET",
        withApi(`${serviceParentPath(emulator, s)}/${s.collection}`, s.apiVersion),
      );
      assert.equal(list.status, 200);
      const items = json<{ value: ConnectionJson[] }>(list).value;
      assert.deepEqual(
        items.map((c) => c.properties.privateLinkServiceConnectionState.status),
        ["Approved", "Pending"],
      );
    });

    it(`${s.resourceType}: reject, DELETE (${s.remove.status}) and its wait, then absent`, async () => {
      const emulator = await startService();
      seedService(emulator, s);
      const put = await putService(emulator, s, "pec-2", "Rejected");
      assert.equal(put.status, s.put.status, put.text);
      emulator.control.completeRunningOperations();
      assert.equal(stateOf(await readService(emulator, s, "pec-2")).status, "Rejected");

      const path = withApi(serviceConnectionPath(emulator, s, "pec-2"), s.apiVersion);
      const removed = await arm(emulator, "DELETE", path);
      assert.equal(removed.status, s.remove.status, removed.text);
      assert.deepEqual(pollHeaders(removed), s.remove.headers);
      if (s.remove.status === 202) {
        await checkRunningPolls(emulator, s, removed);
        assert.equal((await arm(emulator, "DELETE", path)).status, 202, "a DELETE while one runs");
        emulator.control.completeRunningOperations();
        await checkFinishedPolls(emulator, removed, s.deleteDone ?? 204);
      }
      const absent = await getService(emulator, s, "pec-2");
      assert.equal(absent.status, s.absentGet.status, absent.text);
      if (s.absentGet.status === 404) {
        assert.equal(json<{ error: { code: string } }>(absent).error.code, s.absentGet.code);
      }
      assert.equal((await arm(emulator, "DELETE", path)).status, s.absentDelete);
      const parent = await arm(
        emulator,
        "GET",
        withApi(serviceParentPath(emulator, s), s.apiVersion),
      );
      assert.equal(parent.status, 200);
      assert.equal(json<{ type: string }>(parent).type, s.resourceType);
    });
  }
});
