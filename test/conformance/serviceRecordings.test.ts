import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator";
import { start, stopEmulatorsAfterEach } from "../emulator/support/emulator";
import { arm, header, type HttpResult } from "../emulator/support/https";
import {
  connectionTarget,
  operationKey,
  readInteractions,
  reduced,
  type ConnectionTarget,
  type Interaction,
} from "./recordedInteractions";

/**
 * The az CLI recordings replayed (test/fixtures/services/recordings/pec-interactions.txt):
 * every recorded PUT and DELETE of a modelled service's connection is sent to the emulator,
 * the connection seeded in the status the recording last showed it in, and the answer must
 * have the recorded status, the recorded poll headers (Location / Azure-AsyncOperation
 * present or not), no Retry-After, and the recorded body's shape: provisioningState and
 * status, an error's code, or the operation body's members. The recorded polls of an
 * operation answer as the emulator's do while running and once done; a recorded 404 GET of
 * an absent connection has the recorded code.
 */

const RG = "rg-recorded";
const interactions = readInteractions();
const recordings = [...new Set(interactions.map((i) => i.recording))];

function seed(emulator: RunningEmulator, t: ConnectionTarget, status: string | undefined): void {
  emulator.control.reset();
  const ref = { resourceType: t.resourceType, resourceGroupName: RG, parentName: t.parentName };
  emulator.control.createParent(ref);
  if (status !== undefined) {
    emulator.control.createConnection({
      ...ref,
      connectionName: decodeURIComponent(t.connectionName),
      status: status as "Pending",
    });
  }
}

function urlOf(emulator: RunningEmulator, t: ConnectionTarget): string {
  return (
    `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/${t.resourceType}` +
    `/${t.parentName}/${t.collection}/${t.connectionName}?api-version=${t.apiVersion}`
  );
}

function checkBody(recorded: Interaction, answer: HttpResult, what: string): void {
  const text = recorded.response;
  if (text === "<empty>") {
    assert.equal(answer.text, "", what);
    return;
  }
  const error = /^ERROR .*"code": "(\w+)"/.exec(text);
  if (error) {
    assert.equal(
      (JSON.parse(answer.text) as { error: { code: string } }).error.code,
      error[1],
      what,
    );
    return;
  }
  const state = reduced(text);
  if (state) {
    const body = JSON.parse(answer.text) as {
      properties: {
        provisioningState: string;
        privateLinkServiceConnectionState: { status?: string } | null;
      };
    };
    assert.equal(body.properties.provisioningState, state.provisioningState, what);
    assert.equal(body.properties.privateLinkServiceConnectionState?.status, state.status, what);
    return;
  }
  const json = JSON.parse(text) as Record<string, unknown>;
  const actual = JSON.parse(answer.text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(json).sort(), what);
  if (typeof json.status === "string") assert.equal(actual.status, json.status, what);
}

/** The recorded polls of an operation, by the header that named them. */
function pollsOf(block: Interaction[], from: number, url: string | undefined): Interaction[] {
  if (!url) return [];
  const key = operationKey(url);
  return block.slice(from + 1).filter((i) => i.method === "GET" && operationKey(i.path) === key);
}

async function checkPolls(
  emulator: RunningEmulator,
  block: Interaction[],
  at: number,
  answer: HttpResult,
  what: string,
): Promise<void> {
  const recorded = block[at];
  const polls = [
    { name: "location", recorded: pollsOf(block, at, recorded.location) },
    { name: "azure-asyncoperation", recorded: pollsOf(block, at, recorded.asyncOperation) },
  ];
  for (const poll of polls.filter((p) => p.recorded.length > 0)) {
    const first = poll.recorded[0];
    const last = poll.recorded[poll.recorded.length - 1];
    const url = header(answer, poll.name) ?? "";
    if (first.status !== last.status) {
      assert.equal(
        (await arm(emulator, "GET", url)).status,
        first.status,
        `${what}: running ${poll.name}`,
      );
    }
    emulator.control.completeRunningOperations();
    assert.equal(
      (await arm(emulator, "GET", url)).status,
      last.status,
      `${what}: done ${poll.name}`,
    );
  }
}

function requestBodyOf(recorded: Interaction): object {
  const state = recorded.request ?? {};
  return {
    properties: {
      privateLinkServiceConnectionState: {
        status: state.status,
        ...(state.description !== undefined ? { description: state.description } : {}),
      },
    },
  };
}

async function replay(emulator: RunningEmulator, block: Interaction[]): Promise<number> {
  const statuses = new Map<string, string>();
  let replayed = 0;
  for (const [at, recorded] of block.entries()) {
    const target = connectionTarget(recorded.path);
    if (!target) continue;
    const name = target.connectionName.toLowerCase();
    const what = `${recorded.recording} [${recorded.index}] ${recorded.method}`;
    const shown = reduced(recorded.response)?.status;
    if (recorded.method === "GET") {
      if (recorded.status === 404) {
        seed(emulator, target, undefined);
        const answer = await arm(emulator, "GET", urlOf(emulator, target));
        assert.equal(answer.status, 404, what);
        checkBody(recorded, answer, what);
        replayed++;
      } else if (recorded.status === 200 && shown) {
        statuses.set(name, shown);
      }
      continue;
    }
    seed(emulator, target, statuses.get(name) ?? "Pending");
    const answer = await arm(emulator, recorded.method, urlOf(emulator, target), {
      ...(recorded.method === "PUT" ? { body: requestBodyOf(recorded) } : {}),
    });
    assert.equal(answer.status, recorded.status, `${what}: ${answer.text}`);
    assert.equal(
      header(answer, "location") !== undefined,
      recorded.location !== undefined,
      `${what}: Location`,
    );
    assert.equal(
      header(answer, "azure-asyncoperation") !== undefined,
      recorded.asyncOperation !== undefined,
      `${what}: Azure-AsyncOperation`,
    );
    assert.equal(header(answer, "retry-after"), undefined, what);
    checkBody(recorded, answer, what);
    await checkPolls(emulator, block, at, answer, what);
    if (recorded.method === "PUT" && recorded.status < 300 && recorded.request?.status) {
      statuses.set(name, recorded.request.status);
    }
    replayed++;
  }
  return replayed;
}

describe("conformance: every service's answers against its az CLI recordings", () => {
  stopEmulatorsAfterEach();

  for (const recording of recordings) {
    it(`${recording}: status, poll headers and body of each PUT, DELETE, poll and absent GET`, async () => {
      const emulator = await start({
        behavior: { putRetryAfterSeconds: null, deleteRetryAfterSeconds: null },
      });
      const replayed = await replay(
        emulator,
        interactions.filter((i) => i.recording === recording),
      );
      assert.ok(replayed > 0, "the recording has something to replay");
    });
  }
});
