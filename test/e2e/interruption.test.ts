import { strict as assert } from "node:assert";
import type { BackgroundCommand } from "../../tools/lib/boundedProcess";
import type { PulumiStack } from "../../tools/lib/pulumiStack";
import type { DeploymentResource } from "../../tools/lib/stackJson";
import {
  E2E_BEHAVIOR,
  EngineHarness,
  RESOURCE_TYPE,
  connectionNameOf,
} from "./support/engineHarness";
import { assertOutput, describeRequests, log, output } from "./support/commandOutput";
import {
  describeProcesses,
  killAll,
  processesOf,
  treeOf,
  type ProcessInfo,
} from "./support/processes";

/**
 * Interrupted runs under the real Pulumi engine: `pulumi destroy` interrupted while the
 * provider waits on ARM's DELETE long-running operation, and `pulumi up` interrupted while it
 * waits for the approving PUT to leave `Updating`; each with SIGINT (a ^C: graceful
 * cancellation), SIGKILL of the `pulumi` process alone (`kill -9 <pid>`), and SIGKILL of
 * `pulumi` with every process it started (a killed CI job or machine). Each test then runs the
 * recovery its name gives, and checks that it converges: ARM shows the connection gone
 * (destroy) or Approved (up), `pulumi stack export` holds no pending operation (and no resource
 * after a destroy), no lock is left in the file backend, and no process of the run is left.
 *
 * What these tests establish (Pulumi CLI 3.248, file backend):
 * - SIGINT: the engine lets the in-flight provider call finish (the delete is waited for to the
 *   end; the PUT to Succeeded), records it, starts nothing more, and releases the lock. Nothing
 *   is pending; re-running the command finishes the job. (An interrupted destroy exits 0 all
 *   the same, and says the resources were deleted, with the stack's own still in the state.)
 * - SIGKILL: the lock file stays (every command refuses to run until `pulumi cancel` removes
 *   it), and so does the pending operation in the state: `deleting` (dropped by the next
 *   destroy, which deletes again: the provider treats a connection already gone, or still
 *   deleting, as success) or `creating` (kept by every update until
 *   `pulumi refresh --clear-pending-creates` drops it; the next `up` then adopts the connection
 *   again, and does not PUT it again, since ARM already has it Approved).
 * - `kill -9` of pulumi alone orphans its plugins (language host, dynamic provider host): they
 *   are in process groups of their own. The orphaned provider host goes on with the ARM
 *   operation it was waiting on (it polls on after the kill). It and the language host are
 *   gRPC servers that no engine will tell to stop: they do not exit by themselves, and have
 *   to be ended by hand (the tests end them, by pid, after the recovery).
 *
 * Each test reads as its scenario; the steps it names are kept beside it, in its describe
 * (which is why the file is over 400 lines).
 *
 * Linux only (processes are found through /proc). Run as engine.test.ts:
 * node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/interruption.test.js
 */

/**
 * ARM's operation in the interrupted command runs until the test ends it
 * (completeRunningOperations): the interruption lands in it however slow the machine is.
 */
const HELD_DELETE = { deleteOutcome: "Never", deleteRetryAfterSeconds: 1 } as const;
const HELD_PUT = { putOutcome: "Never", putRetryAfterSeconds: 1 } as const;

/** What pulumi prints when it takes a SIGINT as a cancellation request. */
const CANCELLING = /\^C received; cancelling/;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(50);
  }
}

// --- state -------------------------------------------------------------------------------------

interface PendingOperation {
  type: string;
  resource: { urn: string };
}

interface StateWithPendingOperations {
  deployment: { resources?: DeploymentResource[]; pending_operations?: PendingOperation[] };
}

async function stateOf(stack: PulumiStack) {
  const state = (await stack.exportState()) as StateWithPendingOperations;
  const resources = state.deployment.resources ?? [];
  return {
    resources,
    connections: resources.filter((r) => r.type === RESOURCE_TYPE),
    pending: state.deployment.pending_operations ?? [],
  };
}

// --- the suite ---------------------------------------------------------------------------------

type Interruption = "SIGINT" | "SIGKILL of pulumi" | "SIGKILL of pulumi and its plugins";

describe("e2e: interrupted pulumi runs and their recovery", function () {
  this.timeout(300_000);
  let h: EngineHarness;
  let stacks = 0;

  before(async function () {
    if (process.platform !== "linux") {
      this.skip();
    }
    this.timeout(45 * 60_000);
    h = await EngineHarness.start(log);
    log(`Pulumi CLI ${h.cli.version} (${h.cli.source}: ${h.cli.binDir}); ARM at ${h.emulator.url}`);
  });

  after(async function () {
    this.timeout(60_000);
    if (h) {
      killAll(processesOf(h.workspace.home));
      await h.stop();
    }
  });

  beforeEach(() => {
    h.control.setBehavior(E2E_BEHAVIOR);
    h.control.clearRequestLog();
  });

  afterEach(function () {
    if (!h) return;
    h.control.setBehavior(E2E_BEHAVIOR);
    // A failed test may leave its processes: end them (each test asserts there are none).
    const left = processesOf(h.workspace.home);
    if (left.length > 0) {
      log(`ending what the test left running:\n${describeProcesses(left)}`);
      killAll(left);
    }
  });

  /** A new HSM with one Pending connection, and a stack of examples/basic that declares it. */
  async function newCase(label: string) {
    stacks += 1;
    const hsm = `hsm-int-${stacks}`;
    const [name] = h.seedHsm(hsm, 1);
    const stack = await h.newStack("basic", `int-${stacks}-${label}`, {
      hsmName: hsm,
      connectionName: name,
    });
    const arm = () => h.connection(hsm, name);
    const requestsFor = (op: string) =>
      h.armRequests().filter((r) => r.op === op && connectionNameOf(r) === name);
    return { hsm, name, stack, arm, requestsFor };
  }

  function lockFiles(): string[] {
    return h.workspace
      .backendFiles()
      .map((f) => f.file)
      .filter((file) => file.includes("/.pulumi/locks/"));
  }

  /**
   * Sends the interruption to a running command; returns its result and the processes of the
   * run still alive right after it (for a SIGKILL of pulumi alone: its orphaned plugins).
   */
  async function interrupt(command: BackgroundCommand, how: Interruption, stdout: string[]) {
    assert.ok(command.pid !== undefined, "the command started");
    const home = h.workspace.home;
    if (how === "SIGKILL of pulumi and its plugins") {
      const tree = treeOf(command.pid, processesOf(home));
      log(`killing:\n${describeProcesses(tree)}`);
      assert.ok(
        tree.some((p) => /dynamic-provider/.test(p.cmdline)),
        `the dynamic provider host is among them:\n${describeProcesses(tree)}`,
      );
      killAll(tree);
    } else {
      assert.ok(command.kill(how === "SIGINT" ? "SIGINT" : "SIGKILL"), "signalled");
    }
    const killedAt = Date.now();
    if (how === "SIGINT") {
      // The engine waits for the in-flight call once it has taken the ^C: only then may ARM end.
      await waitFor(
        () => stdout.some((line) => CANCELLING.test(line)),
        120_000,
        "pulumi's word that the SIGINT cancels the run",
      );
      assert.equal(h.control.completeRunningOperations(), 1, "ARM's operation was running");
      return { killedAt, result: undefined, orphans: [] as ProcessInfo[] };
    }
    const result = await command.result;
    assert.equal(result.signal, "SIGKILL", `${result.command}: ${result.signal}`);
    if (how === "SIGKILL of pulumi and its plugins") {
      await waitFor(() => processesOf(home).length === 0, 10_000, "every killed process gone");
    }
    const orphans = processesOf(home);
    if (orphans.length > 0) {
      log(`left running by the killed pulumi:\n${describeProcesses(orphans)}`);
    }
    return { killedAt, result, orphans };
  }

  /** What a SIGKILL leaves in the backend: the lock, which every command then refuses. */
  async function assertLocked(stack: PulumiStack, retry: string[]) {
    assert.ok(lockFiles().length > 0, "the killed run's lock is still in the backend");
    const refused = await stack.run(retry, { allowFailure: true });
    assertOutput(
      refused,
      refused.code !== 0 && /the stack is currently locked by 1 lock/.test(refused.stderr),
      `pulumi ${retry[0]} refuses to run while the lock is there`,
    );
    assertOutput(refused, /pulumi cancel/.test(refused.stderr), "and names `pulumi cancel`");
  }

  /** `pulumi cancel`: with a file backend, it removes the stack's lock files. */
  async function cancel(stack: PulumiStack) {
    const result = await stack.run(["cancel", "--yes"]);
    assert.deepEqual(lockFiles(), [], "pulumi cancel removed the lock");
    return result;
  }

  /**
   * No process of the workspace runs but `orphans` (the plugins a killed pulumi left): those are
   * ended, by pid, and gone before this returns.
   */
  async function assertNothingLeftBut(orphans: ProcessInfo[]) {
    const home = h.workspace.home;
    const left = processesOf(home);
    const unexpected = left.filter((p) => !orphans.some((o) => o.pid === p.pid));
    assert.deepEqual(unexpected, [], `the recovery left processes:\n${describeProcesses(left)}`);
    killAll(left);
    await waitFor(() => processesOf(home).length === 0, 10_000, "the orphans to be gone");
  }

  /** How an interrupted command ended, when it ended by itself (after a SIGINT). */
  async function assertExitedByItself(command: BackgroundCommand, cancelled: string) {
    // Bounded: a program left running by the language host would hold the engine forever.
    const result = await command.result;
    assertOutput(result, !result.timedOut && result.signal === null, "pulumi exits by itself");
    assertOutput(result, CANCELLING.test(result.stdout), cancelled);
    return result;
  }

  /** What a SIGINT leaves: nothing pending, no lock (the in-flight call was waited for). */
  function assertNothingPending(state: Awaited<ReturnType<typeof stateOf>>) {
    assert.deepEqual(state.pending, [], "nothing is pending");
    assert.deepEqual(lockFiles(), [], "the lock is released");
  }

  /** The pending operation a SIGKILL left in the state, as `<type> <resource name>`. */
  function pendingOperations(state: Awaited<ReturnType<typeof stateOf>>): string[] {
    return state.pending.map((op) => `${op.type} ${op.resource.urn.split("::").pop()}`);
  }

  describe("pulumi destroy, interrupted while the provider waits on ARM's DELETE operation", () => {
    const DESTROY = ["destroy", "--yes", "--skip-preview"];
    type DestroyCase = Awaited<ReturnType<typeof destroyInterrupted>>;

    async function destroyInterrupted(how: Interruption) {
      const c = await newCase(how === "SIGINT" ? "del-int" : "del-kill");
      await c.stack.up();
      assert.equal(c.arm()?.properties.privateLinkServiceConnectionState.status, "Approved");

      h.control.setBehavior(HELD_DELETE);
      h.control.clearRequestLog();
      const stdout: string[] = [];
      const destroy = c.stack.start(DESTROY, {
        timeoutMs: 120_000,
        onStdout: (line) => stdout.push(line),
      });
      await waitFor(
        () => c.requestsFor("poll").length > 0,
        120_000,
        "the provider's first poll of the DELETE's Location",
      );
      assert.equal(c.arm()?.properties.provisioningState, "Deleting", "ARM is mid-delete");
      // The running delete runs until the test ends it; whatever the recovery starts is quick.
      h.control.setBehavior(E2E_BEHAVIOR);
      const interrupted = await interrupt(destroy, how, stdout);
      return { ...c, destroy, ...interrupted };
    }

    /**
     * After a SIGINT, the engine waited for the in-flight delete: ARM's operation ran to its end
     * (the final 204 of the Location, then the GET's 404) before pulumi exited, and it was
     * recorded; but the destroy stopped there, whatever its exit code says.
     */
    async function assertDeleteFinishedThenStopped(c: DestroyCase) {
      assert.equal(c.arm(), undefined, "the connection was deleted before pulumi exited");
      assert.ok(
        c.requestsFor("poll").some((r) => r.status === 204) &&
          c.requestsFor("get").some((r) => r.status === 404),
        describeRequests(h.armRequests()),
      );
      const interrupted = await stateOf(c.stack);
      assert.deepEqual(interrupted.connections, [], "the delete is recorded");
      assertNothingPending(interrupted);
      // It has to be re-run.
      assert.ok(
        interrupted.resources.some((r) => r.type === "pulumi:pulumi:Stack"),
        `the stack's own resources are still in the state: ${JSON.stringify(interrupted.resources.map((r) => r.type))}`,
      );
    }

    /** After a SIGKILL: the connection still in the state, with a pending delete. */
    async function assertDeletePending(c: DestroyCase) {
      const interrupted = await stateOf(c.stack);
      assert.deepEqual(
        interrupted.connections.map((r) => r.id),
        [c.arm()?.id],
        "the connection is still in the state",
      );
      assert.deepEqual(
        pendingOperations(interrupted),
        ["deleting hsm-connection"],
        "with a pending delete",
      );
    }

    /** Who polls ARM after the kill: the orphaned provider host, or (its tree killed) no one. */
    async function assertPollingAfterKill(c: DestroyCase, how: Interruption) {
      if (how === "SIGKILL of pulumi") {
        await waitFor(
          () => c.requestsFor("poll").some((r) => Date.parse(r.time) > c.killedAt),
          10_000,
          "the orphaned provider host polling on",
        );
      } else {
        await sleep(2500); // over two Retry-After periods
        const after = h.armRequests().filter((r) => Date.parse(r.time) > c.killedAt);
        assert.deepEqual(after, [], `no one polls any more:\n${describeRequests(after)}`);
      }
    }

    /** The recovery's `pulumi destroy` after a SIGINT: the delete was done, nothing to write. */
    async function destroyWritingNothing(c: DestroyCase) {
      h.control.clearRequestLog();
      await c.stack.destroy();
      assert.deepEqual(h.armWrites(), [], "nothing left to delete in ARM");
    }

    /**
     * The recovery's `pulumi destroy` after a SIGKILL: the pending delete is sent again while
     * ARM's first one still runs, and ARM answers 202 with that same operation; the test ends it
     * once the DELETE is in, and the recovery waits for it to the end.
     */
    async function destroyDeletingAgain(c: DestroyCase) {
      h.control.clearRequestLog();
      const destroy = c.stack.start(DESTROY, { timeoutMs: 120_000 });
      await waitFor(() => h.armWrites().length > 0, 120_000, "the recovery's DELETE");
      assert.equal(h.control.completeRunningOperations(), 1, "ARM's first delete still ran");
      const result = await destroy.result;
      assertOutput(
        result,
        result.code === 0 && /hsm-connection deleted/.test(result.stdout),
        "deleted",
      );
      const writes = h.armWrites();
      assert.deepEqual(
        writes.map((r) => `${r.method} ${connectionNameOf(r)} ${r.status}`),
        [`DELETE ${c.name} 202`],
        describeRequests(writes),
      );
    }

    /** The recovery's end: the connection gone in ARM, nothing in the state, nothing pending. */
    async function assertDestroyed(c: { stack: PulumiStack; arm: () => unknown }) {
      assert.equal(c.arm(), undefined, "ARM: the connection is gone");
      const state = await stateOf(c.stack);
      assert.deepEqual(state.resources, [], "the state is empty");
      assert.deepEqual(state.pending, [], "no pending operation");
      assert.deepEqual(lockFiles(), [], "no lock");
    }

    it("SIGINT: pulumi lets the delete finish and stops; recovery: `pulumi destroy`", async () => {
      const c = await destroyInterrupted("SIGINT");
      const result = await assertExitedByItself(
        c.destroy,
        "the SIGINT is taken as a cancellation request",
      );
      log(`the interrupted destroy exited with code ${result.code}`);
      await assertDeleteFinishedThenStopped(c);

      await destroyWritingNothing(c);
      await assertDestroyed(c);
      await assertNothingLeftBut([]);
    });

    for (const how of ["SIGKILL of pulumi", "SIGKILL of pulumi and its plugins"] as const) {
      const note =
        how === "SIGKILL of pulumi"
          ? " (the orphaned provider host polls on; it is ended after)"
          : "";
      it(`${how}: recovery: \`pulumi cancel\`, then \`pulumi destroy\`${note}`, async () => {
        const c = await destroyInterrupted(how);
        await assertDeletePending(c);
        await assertPollingAfterKill(c, how);
        await assertLocked(c.stack, DESTROY);

        await cancel(c.stack);
        await destroyDeletingAgain(c);
        await assertDestroyed(c);
        await assertNothingLeftBut(c.orphans);
      });
    }
  });

  describe("pulumi up, interrupted while the provider waits for the approving PUT to settle", () => {
    const UP = ["up", "--yes", "--skip-preview"];
    type UpCase = Awaited<ReturnType<typeof upInterrupted>>;

    async function upInterrupted(how: Interruption) {
      const c = await newCase(how === "SIGINT" ? "up-int" : "up-kill");
      assert.equal(c.arm()?.properties.privateLinkServiceConnectionState.status, "Pending");

      h.control.setBehavior(HELD_PUT);
      h.control.clearRequestLog();
      const stdout: string[] = [];
      const up = c.stack.start(UP, { timeoutMs: 120_000, onStdout: (line) => stdout.push(line) });
      await waitFor(
        () => {
          const put = c.requestsFor("put")[0];
          return put !== undefined && c.requestsFor("get").some((r) => r.time > put.time);
        },
        120_000,
        "the provider's first GET after its PUT",
      );
      const arm = c.arm()?.properties;
      assert.equal(arm?.provisioningState, "Updating", "ARM is mid-update");
      assert.equal(arm?.privateLinkServiceConnectionState.status, "Approved");
      h.control.setBehavior(E2E_BEHAVIOR);
      const interrupted = await interrupt(up, how, stdout);
      return { ...c, up, ...interrupted };
    }

    /** After a SIGINT, the engine waited for the in-flight create: the PUT settled, recorded. */
    async function assertApproveRecorded(c: UpCase) {
      const interrupted = await stateOf(c.stack);
      assert.deepEqual(
        interrupted.connections.map((r) => r.outputs?.provisioningState),
        ["Succeeded"],
        "the approve is recorded",
      );
      assertNothingPending(interrupted);
    }

    /** After a SIGKILL: no connection in the state, a pending create. */
    async function assertCreatePending(c: UpCase) {
      const interrupted = await stateOf(c.stack);
      assert.deepEqual(interrupted.connections, [], "no connection in the state");
      assert.deepEqual(
        pendingOperations(interrupted),
        ["creating hsm-connection"],
        "a pending create",
      );
    }

    /** `pulumi refresh --clear-pending-creates`: the pending create is dropped. */
    async function clearPendingCreates(c: UpCase) {
      await c.stack.refresh(["--clear-pending-creates"]);
      assert.deepEqual((await stateOf(c.stack)).pending, [], "the pending create is dropped");
    }

    /** The recovery's `pulumi up` after a SIGINT: the approve was done, nothing to write. */
    async function upWritingNothing(c: UpCase) {
      h.control.clearRequestLog();
      await c.stack.up();
      assert.deepEqual(h.armWrites(), [], "the recovery writes nothing to ARM");
    }

    /**
     * The recovery's `pulumi up` after a SIGKILL: the connection adopted again, not PUT again.
     * ARM's PUT ended before it (the test ends it): Approved, Succeeded.
     */
    async function upAdoptingAgain(c: UpCase) {
      assert.equal(h.control.completeRunningOperations(), 1, "ARM's PUT was still Updating");
      h.control.clearRequestLog();
      const up = await c.stack.up();
      assertOutput(up, /\+ 1 created/.test(up.stdout), "the connection is adopted again");
      assert.deepEqual(
        h.armWrites(),
        [],
        `no second PUT: ARM has it Approved already\n${describeRequests(h.armRequests())}`,
      );
    }

    /** The recovery's end: Approved in ARM and in the state, nothing pending. */
    async function assertApproved(c: UpCase) {
      const arm = c.arm()?.properties;
      assert.equal(arm?.privateLinkServiceConnectionState.status, "Approved");
      assert.equal(arm?.provisioningState, "Succeeded");
      const state = await stateOf(c.stack);
      assert.deepEqual(
        state.connections.map((r) => r.outputs?.status),
        ["Approved"],
        "the state has the connection, Approved",
      );
      assert.deepEqual(state.pending, [], "no pending operation");
      assert.deepEqual(lockFiles(), [], "no lock");
      assert.equal((await c.stack.outputs()).status, "Approved", "the stack output");
    }

    it("SIGINT: pulumi lets the PUT settle and stops; recovery: `pulumi up`", async () => {
      const c = await upInterrupted("SIGINT");
      const result = await assertExitedByItself(c.up, "a cancellation");
      assertOutput(result, /update canceled/.test(output(result)), "the update says so");
      await assertApproveRecorded(c);

      await upWritingNothing(c);
      await assertApproved(c);
      await assertNothingLeftBut([]);
    });

    for (const how of ["SIGKILL of pulumi", "SIGKILL of pulumi and its plugins"] as const) {
      it(`${how}: recovery: \`pulumi cancel\`, \`pulumi refresh --clear-pending-creates\`, then \`pulumi up\``, async () => {
        const c = await upInterrupted(how);
        await assertCreatePending(c);
        await assertLocked(c.stack, UP);

        await cancel(c.stack);
        await clearPendingCreates(c);
        await upAdoptingAgain(c);
        await assertApproved(c);
        await assertNothingLeftBut(c.orphans);
      });
    }
  });
});
