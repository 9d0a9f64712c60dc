import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorBehavior, RequestLogEntry } from "../../emulator";
import type { CommandResult } from "../../tools/lib/boundedProcess";
import type { PulumiStack } from "../../tools/lib/pulumiStack";
import { waitFor } from "../support/testClocks";
import {
  E2E_BEHAVIOR,
  EngineHarness,
  useEngineHarness,
  RESOURCE_TYPE,
  RG,
  connectionNameOf,
  connectionsInState,
  filesUnder,
} from "./support/engineHarness";
import {
  assertOutput,
  describeRequests,
  assertRefusedAtCheck,
  destroyQuietly,
  log,
  output,
} from "./support/commandOutput";

/**
 * The provider under the real Pulumi engine (CLI, language host, dynamic-provider launcher)
 * against the ARM emulator, in the order of the issue: preview, up, no-op up, update in place,
 * drift, replace, removal, destroy, a delete ARM refuses, secret hygiene, an upgraded package,
 * and twenty connections of one HSM in one update.
 *
 * Each step starts from a state of its own (its own stack and HSM, brought where the step starts
 * by one `pulumi up`; ARM's behavior reset before it), so a failure names one step and a step
 * runs alone under --grep. Secret hygiene is the exception by design: it scans what every
 * command of the suite printed and left, so it counts on the steps before it having run.
 * The file is over 400 lines for the same reason: that scan covers the commands of this file.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 'dist/test/e2e/**\/*.test.js'
 * E2E_VERBOSE=1 prints every line the CLI writes.
 */

/** The dynamic resource's steps of a `pulumi preview --json`. */
async function resourceSteps(stack: PulumiStack) {
  const preview = await stack.previewJson();
  return preview.steps.filter((s) => s.urn.includes(`::${RESOURCE_TYPE}::`));
}

describe("e2e: the real Pulumi engine against the ARM emulator", function () {
  let h: EngineHarness;
  useEngineHarness((started) => (h = started), log);

  // Every step starts from ARM behaving as the suite configured it, whatever the step before
  // it set (a failed step does not get to restore it).
  let suiteBehavior: EmulatorBehavior;
  before(() => {
    suiteBehavior = h.control.getBehavior();
  });
  beforeEach(() => {
    h.control.setBehavior(suiteBehavior);
  });

  // A step that needs a stack makes its own, with an HSM of its own, and brings it to the state
  // it starts from with one `pulumi up`: a failed step leaves nothing another step reads. The
  // stacks are not destroyed after: the emulator and the workspace end with the suite.

  describe("one connection through examples/basic", () => {
    const OTHER_HSM = "hsm-basic-two";

    /**
     * A stack of examples/basic of its own (named after the step), declaring the first (or the
     * second) of two Pending connections of a new HSM; `config` is set over that.
     */
    async function basicStack(
      step: string,
      config: Record<string, string> = {},
      declares: "first" | "second" = "first",
    ) {
      const hsm = `hsm-basic-${step}`;
      const [first, second] = h.seedHsm(hsm, 2);
      const connectionName = declares === "first" ? first : second;
      const stack = await h.newStack("basic", `basic-${step}`, {
        hsmName: hsm,
        connectionName,
        ...config,
      });
      return { hsm, first, second, stack };
    }

    /** The same, after a `pulumi up`: ARM and the state are as the stack declares. */
    async function deployedBasicStack(
      step: string,
      config: Record<string, string> = {},
      declares: "first" | "second" = "first",
    ) {
      const deployed = await basicStack(step, config, declares);
      await deployed.stack.up();
      h.control.clearRequestLog();
      return deployed;
    }

    const REJECTED = { status: "Rejected", description: "rejected by the e2e suite" };

    it("1. preview of a new stack shows one connection to create and writes nothing to ARM", async () => {
      const { hsm, first, stack } = await basicStack("1");
      const preview = await stack.previewJson();
      const steps = preview.steps.filter((s) => s.urn.includes(`::${RESOURCE_TYPE}::`));
      assert.deepEqual(
        steps.map((s) => s.op),
        ["create"],
        "one MhsmPrivateEndpointConnection to create",
      );
      assert.equal(steps[0].newState?.inputs?.privateEndpointConnectionName, first);
      assert.deepEqual(preview.changeSummary, { create: 2 }, "the stack and the connection");
      assert.deepEqual(h.armWrites(), [], describeRequests(h.armWrites()));
      assert.equal(
        h.connection(hsm, first)?.properties.privateLinkServiceConnectionState.status,
        "Pending",
      );
      assert.deepEqual(await connectionsInState(stack), [], "a preview records nothing");
    });

    it("2. up approves the connection; the stack outputs carry its id, status and provisioningState", async () => {
      const { hsm, first, stack } = await basicStack("2");
      h.control.clearRequestLog();
      const up = await stack.up();
      const arm = h.connection(hsm, first);
      assert.ok(arm, "the connection still exists");
      assert.equal(arm.properties.privateLinkServiceConnectionState.status, "Approved");
      assert.equal(arm.properties.provisioningState, "Succeeded");
      const outputs = await stack.outputs();
      assert.equal(outputs.connectionId, arm.id);
      assert.equal(outputs.status, "Approved");
      assert.equal(outputs.provisioningState, "Succeeded");
      const [resource] = await connectionsInState(stack);
      assert.equal(resource.id, arm.id, "the resource's id is the ARM id");
      assert.equal(h.armWrites().filter((r) => r.method === "PUT").length, 1, "one PUT");
      assertOutput(up, /\+ 2 created/.test(up.stdout), "the engine reports the creation");
    });

    it("progress reported while waiting on ARM reaches the engine's output", async () => {
      const { first, stack } = await basicStack("progress");
      await stack.up();
      // The PUT of that up answered Updating, so the provider waited and reported it. The lines
      // are ephemeral: shown in the progress display, not kept in the diagnostics summary.
      const up = h.workspace.transcript.filter((r) => r.command.includes(" up ")).at(-1);
      assert.ok(up);
      const display = up.stdout.split(/^(Diagnostics|Outputs|Resources):$/m)[0];
      const progress = display.split("\n").filter((line) => line.includes(first));
      assertOutput(up, progress.length > 0, `a progress line naming ${first}`);
      const summary = up.stdout.slice(display.length);
      assertOutput(up, !summary.includes(first), "progress is not kept in the summary");
    });

    it("3. up again and preview --expect-no-changes: no change, no ARM write", async () => {
      const { stack } = await deployedBasicStack("3");
      const up = await stack.up();
      assertOutput(up, /2 unchanged/.test(up.stdout), "everything unchanged");
      assertOutput(up, !/(created|updated|replaced|deleted)/.test(up.stdout), "nothing done");
      const preview = await stack.preview(["--expect-no-changes"], { allowFailure: true });
      assertOutput(preview, preview.code === 0, "preview --expect-no-changes passes");
      assert.deepEqual(h.armWrites(), [], describeRequests(h.armWrites()));
    });

    it("4. status Rejected with a description is an update in place, not a replace", async () => {
      const { hsm, first, stack } = await deployedBasicStack("4");
      const before = (await connectionsInState(stack))[0];
      await stack.setConfig(REJECTED);
      const steps = await resourceSteps(stack);
      assert.deepEqual(
        steps.map((s) => s.op),
        ["update"],
        `an update: ${JSON.stringify(steps.map((s) => [s.op, s.replaceReasons]))}`,
      );
      assert.equal(steps[0].replaceReasons, undefined);
      h.control.clearRequestLog();
      const up = await stack.up();
      assertOutput(up, /~ 1 updated/.test(up.stdout), "one update");
      assertOutput(up, !/replac|deleted|created/.test(up.stdout), "no replace");
      const state = h.connection(hsm, first)?.properties.privateLinkServiceConnectionState;
      assert.equal(state?.status, "Rejected");
      assert.equal(state?.description, "rejected by the e2e suite");
      assert.deepEqual(
        h.armWrites().map((r) => `${r.method} ${connectionNameOf(r)}`),
        [`PUT ${first}`],
      );
      const after = (await connectionsInState(stack))[0];
      assert.equal(after.id, before.id, "the same resource, the same id");
      assert.equal(after.outputs?.status, "Rejected");
    });

    it("5. drift: refresh reports it (and a drift check fails); up rejects the hand-approved connection again", async () => {
      const { hsm, first, stack } = await deployedBasicStack("5", REJECTED);
      const ref = { resourceGroupName: RG, parentName: hsm, connectionName: first };
      // Azure lets a rejected connection be approved only after its consumer asked again.
      h.control.requestConnectionAgain(ref, { requestMessage: "let us in" });
      h.control.setConnection(ref, { status: "Approved", description: "approved in the portal" });

      // A pipeline's drift check.
      const check = await stack.previewRefresh(["--expect-no-changes"], { allowFailure: true });
      assertOutput(
        check,
        check.code !== 0 && /no changes were expected/.test(check.stderr),
        "refresh --preview-only --expect-no-changes fails on the drift",
      );
      assert.equal((await connectionsInState(stack))[0].outputs?.status, "Rejected", "not saved");

      const refresh = await stack.refresh(["--diff"]);
      assertOutput(
        refresh,
        /status\s*:\s*"Rejected"\s*=>\s*"Approved"/.test(refresh.stdout),
        "refresh shows the status drift",
      );
      assertOutput(
        refresh,
        /description\s*:\s*"rejected by the e2e suite"\s*=>\s*"approved in the portal"/.test(
          refresh.stdout,
        ),
        "refresh shows the description drift",
      );
      const refreshed = (await connectionsInState(stack))[0];
      assert.equal(refreshed.outputs?.status, "Approved", "the state records what ARM says");
      assert.deepEqual(h.armWrites(), [], "a refresh only reads");

      const drifted = await stack.preview(["--expect-no-changes"], { allowFailure: true });
      assertOutput(drifted, drifted.code !== 0, "the program and ARM differ");

      await stack.up();
      const state = h.connection(hsm, first)?.properties.privateLinkServiceConnectionState;
      assert.equal(state?.status, "Rejected", "restored");
      assert.equal(state?.description, "rejected by the e2e suite", "restored");
      const clean = await stack.preview(["--expect-no-changes"], { allowFailure: true });
      assertOutput(clean, clean.code === 0, "no drift left");
    });

    it("6a. another connection name is a replace that writes the new connection before deleting the old one", async () => {
      const { hsm, first, second, stack } = await deployedBasicStack("6a", REJECTED);
      await stack.setConfig({ connectionName: second });
      const steps = await resourceSteps(stack);
      const replace = steps.find((s) => s.op === "replace");
      assert.ok(replace, `a replace step: ${JSON.stringify(steps.map((s) => s.op))}`);
      assert.deepEqual(replace.replaceReasons, ["privateEndpointConnectionName"]);

      h.control.clearRequestLog();
      const up = await stack.up();
      assertReplacedCreatingFirst(up, h.armWrites(), { oldName: first, newName: second });
      assert.equal(h.connection(hsm, first), undefined, "the old connection is gone");
      assert.equal(
        h.connection(hsm, second)?.properties.privateLinkServiceConnectionState.status,
        "Rejected",
      );
      const [resource] = await connectionsInState(stack);
      assert.equal(resource.id, h.connection(hsm, second)?.id);
    });

    it("6b. another HSM name is a replace too, the new connection first", async () => {
      const { hsm, second, stack } = await deployedBasicStack("6b", REJECTED, "second");
      h.control.createParent({ resourceGroupName: RG, parentName: OTHER_HSM });
      h.control.createConnection({
        resourceGroupName: RG,
        parentName: OTHER_HSM,
        connectionName: second,
      });
      await stack.setConfig({ hsmName: OTHER_HSM });
      const steps = await resourceSteps(stack);
      assert.deepEqual(
        steps.find((s) => s.op === "replace")?.replaceReasons,
        ["hsmName"],
        JSON.stringify(steps.map((s) => [s.op, s.replaceReasons])),
      );
      h.control.clearRequestLog();
      const up = await stack.up();
      const writes = h.armWrites();
      const deleteOld = writes.findIndex(
        (r) => r.method === "DELETE" && r.path.includes(`/${hsm}/`),
      );
      const putNew = writes.findIndex(
        (r) => r.method === "PUT" && r.path.includes(`/${OTHER_HSM}/`),
      );
      assert.ok(putNew >= 0 && deleteOld > putNew, describeRequests(writes));
      assertOutput(up, /\+-1 replaced/.test(up.stdout), "one replace");
      assert.equal(h.connection(hsm, second), undefined);
      assert.equal(
        h.connection(OTHER_HSM, second)?.properties.privateLinkServiceConnectionState.status,
        "Rejected",
      );
    });
  });

  describe("several connections through examples/many", () => {
    /**
     * A stack of examples/many of its own (named after the step) and a new HSM with four
     * Pending connections, the stack declaring those at `declared` (indexes).
     */
    async function manyStack(step: string, declared: number[]) {
      const hsm = `hsm-many-${step}`;
      const names = h.seedHsm(hsm, 4);
      const stack = await h.newStack("many", `many-${step}`, { hsmName: hsm });
      await stack.setConfigList(
        "connections",
        declared.map((i) => names[i]),
      );
      return { hsm, names, stack };
    }

    it("7. a connection removed from the program is deleted through the LRO and gone from ARM", async () => {
      const { hsm, names, stack } = await manyStack("7", [0, 1, 2]);
      await stack.up();
      for (const name of names.slice(0, 3)) {
        assert.equal(
          h.connection(hsm, name)?.properties.privateLinkServiceConnectionState.status,
          "Approved",
        );
      }
      const removed = names[1];
      await stack.setConfigList("connections", [names[0], names[2]]);
      h.control.clearRequestLog();
      const up = await stack.up();
      assertOutput(up, /- 1 deleted/.test(up.stdout), "one deleted");
      const requests = h.armRequests();
      assert.deepEqual(
        h.armWrites().map((r) => `${r.method} ${connectionNameOf(r)}`),
        [`DELETE ${removed}`],
        describeRequests(requests),
      );
      assert.ok(
        requests.some((r) => r.op === "poll" && connectionNameOf(r) === removed),
        `the delete was waited for through its Location poll:\n${describeRequests(requests)}`,
      );
      assert.equal(h.connection(hsm, removed), undefined, "ARM confirms it gone");
      assert.equal(
        h.connection(hsm, names[0])?.properties.privateLinkServiceConnectionState.status,
        "Approved",
      );
      assert.equal(
        h.connection(hsm, names[2])?.properties.privateLinkServiceConnectionState.status,
        "Approved",
      );
      assert.deepEqual(
        (await connectionsInState(stack))
          .map((r) => r.outputs?.privateEndpointConnectionName)
          .sort(),
        [names[0], names[2]].sort(),
      );
    });

    it("8. destroy deletes every connection and empties the state; a second destroy is a no-op", async () => {
      const { hsm, names, stack } = await manyStack("8", [0, 2]);
      await stack.up();
      h.control.clearRequestLog();
      const destroy = await stack.destroy();
      assertOutput(destroy, /- 3 deleted/.test(destroy.stdout), "two connections and the stack");
      assert.equal(h.connection(hsm, names[0]), undefined);
      assert.equal(h.connection(hsm, names[2]), undefined);
      assert.equal(
        h.connection(hsm, names[3])?.properties.privateLinkServiceConnectionState.status,
        "Pending",
        "a connection the stack never declared is left alone",
      );
      const state = await stack.exportState();
      assert.deepEqual(state.deployment.resources ?? [], [], "the state is empty");

      h.control.clearRequestLog();
      const again = await stack.destroy();
      assertOutput(again, again.code === 0, "a second destroy succeeds");
      assertOutput(again, !/- \d+ deleted/.test(again.stdout), "and deletes nothing");
      assert.deepEqual(h.armRequests(), [], describeRequests(h.armRequests()));
    });

    it("8b. one connection declared twice (names differ only in case) fails the preview naming both, writing nothing", async () => {
      const { names, stack } = await manyStack("8b", [1]);
      await stack.setConfigList("connections", [names[1], names[1].toUpperCase()]);
      h.control.clearRequestLog();
      const preview = await stack.preview([], { allowFailure: true });
      assertOutput(preview, preview.code !== 0, "the preview fails");
      assertOutput(
        preview,
        output(preview).includes(
          `'${names[1]}' and '${names[1].toUpperCase()}' both declare private endpoint connection`,
        ),
        "naming both resources",
      );
      assert.deepEqual(h.armWrites(), [], "nothing written");
    });
  });

  describe("a delete that ARM fails", () => {
    const HSM = "hsm-faildel";
    let stack: PulumiStack;
    let name: string;

    before(async function () {
      [name] = h.seedHsm(HSM, 1);
      stack = await h.newStack("basic", "faildel", { hsmName: HSM, connectionName: name });
      await stack.up();
    });

    after(async function () {
      this.timeout(300_000);
      h.control.setBehavior({ deleteOutcome: "Succeeded" });
      await destroyQuietly(stack);
    });

    it("9. destroy fails with ARM's message and keeps the resource; once ARM recovers, destroy succeeds", async () => {
      h.control.setBehavior({ deleteOutcome: "Failed" });
      const failed = await stack.destroy([], { allowFailure: true });
      assertOutput(failed, failed.code !== 0, "the destroy fails");
      assertOutput(
        failed,
        output(failed).includes(`Deleting private endpoint connection '${name}' failed`),
        "with ARM's message",
      );
      const kept = await connectionsInState(stack);
      assert.equal(kept.length, 1, "the resource stays in the state");
      assert.ok(h.connection(HSM, name), "and in ARM");

      h.control.setBehavior({ deleteOutcome: "Succeeded" });
      await stack.destroy();
      assert.equal(h.connection(HSM, name), undefined, "deleted");
      assert.deepEqual(await connectionsInState(stack), []);
    });
  });

  describe("malformed input", () => {
    it("preview and up fail at check, naming the field and the rule; nothing reaches ARM", async () => {
      const stack = await h.newStack("basic", "badinput", {
        hsmName: "hsm--bad",
        connectionName: "pe-app/../other",
      });
      h.control.clearRequestLog();
      await assertRefusedAtCheck(
        stack,
        () => h.control.requestLog(),
        [
          /hsmName 'hsm--bad' must not contain consecutive hyphens/,
          /privateEndpointConnectionName [^\n]* must not contain '\/'/,
        ],
        "naming both fields and their rules",
      );
      assert.deepEqual(await connectionsInState(stack), []);
    });
  });

  describe("an upgraded package", () => {
    const HSM = "hsm-upgrade";
    let stack: PulumiStack;
    let name: string;
    let packageDir: string;

    before(async function () {
      [name] = h.seedHsm(HSM, 1);
      packageDir = h.workspace.copyPackage("package-v1");
      stack = await h.newStack(
        "basic",
        "upgrade",
        { hsmName: HSM, connectionName: name },
        { packageDir },
      );
    });

    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("11. a stack created with one version is refreshed and destroyed by the rebuilt package's code", async () => {
      await stack.up();
      const [created] = await connectionsInState(stack);
      assert.equal(created.outputs?.actionsRequired, "None");

      const markerFile = path.join(h.workspace.root, "upgrade-marker.log");
      upgradePackage(packageDir, markerFile);

      const refresh = await stack.refresh();
      const [refreshed] = await connectionsInState(stack);
      assertOutput(
        refresh,
        refreshed.outputs?.actionsRequired === "read by the upgraded package",
        `the refresh ran the new read (actionsRequired: ${refreshed.outputs?.actionsRequired})`,
      );
      assert.equal(
        refreshed.inputs?.__provider,
        created.inputs?.__provider,
        "the serialized provider did not change: it is a shim, not a snapshot",
      );

      await stack.destroy();
      assert.equal(h.connection(HSM, name), undefined);
      const marker = fs.existsSync(markerFile) ? fs.readFileSync(markerFile, "utf8") : "";
      assert.match(marker, /^delete .*\/privateEndpointConnections\//m, "the new delete ran");
    });
  });

  describe("twenty connections of one HSM in one update", () => {
    const HSM = "hsm-twenty";
    let stack: PulumiStack;
    let names: string[];

    before(async function () {
      this.timeout(300_000);
      names = h.seedHsm(HSM, 20);
      stack = await h.newStack("many", "twenty", { hsmName: HSM });
      await stack.setConfigList("connections", names);
      await stack.up();
    });

    after(async function () {
      this.timeout(300_000);
      h.control.setBehavior(E2E_BEHAVIOR);
      await destroyQuietly(stack);
    });

    it("all twenty reach their declared state (updated concurrently)", async () => {
      for (const name of names) {
        assert.equal(
          h.connection(HSM, name)?.properties.privateLinkServiceConnectionState.status,
          "Approved",
        );
      }
      // Every PUT stays Updating until the test ends it: a second PUT sent while the first
      // still runs is an update made concurrently, however fast the machine is.
      h.control.setBehavior({ putOutcome: "Never" });
      await stack.setConfig({ status: "Rejected", description: "bulk rejection" });
      h.control.clearRequestLog();
      const running = stack.start(["up", "--yes", "--skip-preview"], { timeoutMs: 240_000 });
      const putsSoFar = () => h.armWrites().filter((r) => r.method === "PUT").length;
      await waitFor(() => putsSoFar() >= 2, "a second PUT while the first runs", 240_000);
      // Those still to come are quick (E2E_BEHAVIOR names the outcome); those running end now.
      h.control.setBehavior(E2E_BEHAVIOR);
      assert.ok(h.control.completeRunningOperations() >= 2, "two PUTs ran at once");
      const up = await running.result;
      assertOutput(up, up.code === 0 && /~ 20 updated/.test(up.stdout), "twenty updates");
      for (const name of names) {
        const state = h.connection(HSM, name)?.properties;
        assert.equal(state?.privateLinkServiceConnectionState.status, "Rejected", name);
        assert.equal(state?.privateLinkServiceConnectionState.description, "bulk rejection", name);
        assert.equal(state?.provisioningState, "Succeeded", name);
      }
      const outputs = await stack.outputs();
      assert.deepEqual(
        outputs.statuses,
        Object.fromEntries(names.map((n) => [n, "Rejected"])),
        "every output reflects ARM",
      );
      const puts = h.armWrites().filter((r) => r.method === "PUT");
      assert.deepEqual(puts.map(connectionNameOf).sort(), [...names].sort(), "one PUT each");
    });
  });

  describe("secret hygiene", () => {
    const HSM = "hsm-secrets";
    let stack: PulumiStack;

    before(async function () {
      const [name] = h.seedHsm(HSM, 1);
      stack = await h.newStack("basic", "secrets", { hsmName: HSM, connectionName: name });
    });

    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("10. no token and no client secret in the state files, the serialized provider or any CLI output", async () => {
      await stack.up();
      const state = await stack.exportState();
      const resources = (state.deployment.resources ?? []).filter((r) => r.type === RESOURCE_TYPE);
      assert.equal(resources.length, 1);
      const provider = resources[0].inputs?.__provider;
      assert.ok(
        typeof provider === "string" && provider.includes("pulumi-azure-mhsm-pec"),
        "__provider is in the state",
      );
      const decision = resources[0].outputs?.decision as { decidedBy?: { objectId?: unknown } };
      assert.equal(
        typeof decision?.decidedBy?.objectId,
        "string",
        "the decision record is scanned",
      );
      await stack.destroy();

      const tokens = h.control.issuedTokens();
      assert.ok(tokens.length > 0, "the pulumi subprocesses were issued tokens");
      const secrets = [
        { what: "the client secret", value: h.emulator.clientSecret },
        ...tokens.flatMap((token, i) => [
          { what: `token ${i}`, value: token },
          // A token's signature alone would be a leak as well.
          { what: `token ${i}'s signature`, value: token.split(".").at(-1) ?? token },
          // The decision record holds claims of the token, never its payload as a whole.
          { what: `token ${i}'s payload`, value: token.split(".")[1] ?? token },
        ]),
      ].filter((s) => s.value.length >= 16);

      const backend = filesUnder(h.workspace.backendDir);
      assert.ok(
        backend.some((f) => /\.pulumi\/stacks\/mhsm-pec-basic\/secrets\.json$/.test(f.file)),
        `the stack's state file is among ${backend.map((f) => f.file).join(", ")}`,
      );
      const scanned = [
        { where: "the serialized provider", text: provider },
        { where: "the exported state", text: JSON.stringify(state) },
        ...backend.map((f) => ({ where: f.file, text: f.text })),
        ...filesUnder(h.workspace.home, (n) => n === "plugins").map((f) => ({
          where: f.file,
          text: f.text,
        })),
        ...filesUnder(path.join(h.workspace.root, "projects"), (n) => n === "node_modules").map(
          (f) => ({ where: f.file, text: f.text }),
        ),
        ...h.workspace.transcript.flatMap((r) => [
          { where: `stdout of ${r.command}`, text: r.stdout },
          { where: `stderr of ${r.command}`, text: r.stderr },
        ]),
      ];
      assert.ok(h.workspace.transcript.length > 30, "every command of the suite is scanned");
      for (const { where, text } of scanned) {
        for (const { what, value } of secrets) {
          assert.ok(!text.includes(value), `${what} is in ${where}`);
        }
      }
    });
  });
});

/**
 * The replace wrote the new connection (PUT) before deleting the old one (DELETE): a new name
 * that is wrong fails before the old connection is touched (docs/engine-paths.md).
 */
function assertReplacedCreatingFirst(
  up: CommandResult,
  writes: RequestLogEntry[],
  { oldName, newName }: { oldName: string; newName: string },
) {
  const deleteOld = writes.findIndex(
    (r) => r.method === "DELETE" && connectionNameOf(r) === oldName,
  );
  const putNew = writes.findIndex((r) => r.method === "PUT" && connectionNameOf(r) === newName);
  assert.ok(putNew >= 0, `the new connection was written:\n${describeRequests(writes)}`);
  assert.ok(
    deleteOld > putNew,
    `PUT of the new before DELETE of the old:\n${describeRequests(writes)}`,
  );
  const lines = up.stdout.split("\n");
  const deletedOriginal = lines.findIndex((l) => /deleted original/.test(l));
  const createdReplacement = lines.findIndex((l) => /created replacement/.test(l));
  assertOutput(
    up,
    createdReplacement >= 0 && deletedOriginal > createdReplacement,
    "the engine created the replacement before deleting the original",
  );
  assertOutput(up, /\+-1 replaced/.test(up.stdout), "one replace");
}

/**
 * "Rebuilds" the package copy: a new version whose read reports a marker in actionsRequired
 * and whose delete writes a line to markerFile, both through the public provider class.
 */
function upgradePackage(packageDir: string, markerFile: string) {
  const manifestPath = path.join(packageDir, "package.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { version: string };
  manifest.version = `${manifest.version}-e2e-upgrade`;
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const entry = path.join(packageDir, "dist", "provider", "index.js");
  const patch = `
// --- e2e: the "rebuilt" version ---
{
  const upgraded = exports.MhsmPrivateEndpointConnectionProvider.prototype;
  const read = upgraded.read;
  upgraded.read = async function (id, props) {
    const result = await read.call(this, id, props);
    if (result.props) result.props.actionsRequired = "read by the upgraded package";
    return result;
  };
  const remove = upgraded.delete;
  upgraded.delete = async function (id, props) {
    await remove.call(this, id, props);
    require("fs").appendFileSync(${JSON.stringify(markerFile)}, "delete " + id + "\\n");
  };
}
`;
  fs.appendFileSync(entry, patch);
}
