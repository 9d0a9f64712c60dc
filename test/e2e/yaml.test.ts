import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PulumiStack } from "../../tools/lib/pulumiStack";
import { findOrInstallPulumiYaml } from "../../tools/lib/pulumiYaml";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { KEY_VAULT_CONNECTION_TOKEN, MHSM_CONNECTION_TOKEN } from "../../provider/plugin/tokens";
import {
  EngineHarness,
  useEngineHarness,
  RG,
  connectionNameOf,
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
import { assertOnlyDeclaredInDiff } from "./support/declaredDiff";
import { importAdopted } from "./support/sharedSteps";
import { emptyYamlProject, installPlugin, newYamlStack } from "./support/yamlProject";

/**
 * The provider plugin under the real engine, from a Pulumi YAML program (examples/yaml) run by
 * pulumi-language-yaml built from the Go module proxy, against the ARM emulator: preview, up,
 * no-op up, refresh with drift, update, destroy waiting for ARM's DELETE; `pulumi import` of
 * an existing connection into a YAML stack; a key vault's connection; a DELETE that ARM fails;
 * bad input; no secret anywhere.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/yaml.test.js
 */
/** examples/yaml with resource options (YAML lines under `options:`) on its connection. */
function exampleWithOptions(options: string): string {
  const resource = "    type: azure-mhsm-pec:index:MhsmPrivateEndpointConnection\n";
  const example = fs.readFileSync(path.join(REPO_ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8");
  assert.ok(example.includes(resource), "examples/yaml declares the connection");
  return example.replace(resource, `${resource}    options:\n${options}`);
}

describe("e2e: Pulumi YAML through the provider plugin", function () {
  let h: EngineHarness;
  const savedPath = process.env.PATH;
  useEngineHarness((started) => (h = started), log);

  before(async function () {
    this.timeout(45 * 60_000);
    const dir = await findOrInstallPulumiYaml(h.cli, { log });
    log(`pulumi-language-yaml in ${dir}`);
    // The workspace puts the CLI's directory first on PATH and keeps the rest of ours.
    process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ""}`;
    await installPlugin(h);
  });

  after(() => {
    process.env.PATH = savedPath;
  });

  const connectionsOf = (stack: PulumiStack) => stack.resources(MHSM_CONNECTION_TOKEN);
  const statusIn = (hsm: string, name: string) =>
    h.connection(hsm, name)?.properties.privateLinkServiceConnectionState;

  describe("examples/yaml", () => {
    const HSM = "hsm-yaml";
    let stack: PulumiStack;
    let name: string;

    before(async function () {
      [name] = h.seedHsm(HSM, 1);
      stack = await newYamlStack(h, "yaml", {
        resourceGroupName: RG,
        hsmName: HSM,
        connectionName: name,
      });
    });

    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("1. preview shows one connection to create, warns of nothing and writes nothing to ARM", async () => {
      const shown = await stack.preview();
      assertOutput(
        shown,
        !/warning/i.test(output(shown)),
        "no warning (examples/yaml as a user copies it)",
      );
      const preview = await stack.previewJson();
      const steps = preview.steps.filter((s) => s.urn.includes(`::${MHSM_CONNECTION_TOKEN}::`));
      assert.deepEqual(
        steps.map((s) => s.op),
        ["create"],
      );
      assert.equal(steps[0].newState?.inputs?.privateEndpointConnectionName, name);
      assert.equal(steps[0].newState?.inputs?.status, "Approved");
      assert.deepEqual(h.armWrites(), [], describeRequests(h.armWrites()));
      assert.equal(statusIn(HSM, name)?.status, "Pending");
    });

    it("2. up approves it; the stack outputs and the state carry ARM's answer; progress reaches the display only", async () => {
      const up = await stack.up();
      // The PUT answers Updating, so the plugin waits and reports it to the engine (ephemeral).
      const display = up.stdout.split(/^(Diagnostics|Outputs|Resources):$/m)[0];
      assertOutput(
        up,
        display.split("\n").some((l) => l.includes(name)),
        `a progress line naming ${name}`,
      );
      assertOutput(up, !up.stdout.slice(display.length).includes(name), "not kept in the summary");
      assert.equal(statusIn(HSM, name)?.status, "Approved");
      assert.deepEqual(
        h.armWrites().map((r) => `${r.method} ${connectionNameOf(r)}`),
        [`PUT ${name}`],
      );
      const outputs = await stack.outputs();
      assert.equal(outputs.connectionId, h.connection(HSM, name)?.id);
      assert.equal(outputs.status, "Approved");
      assert.equal(outputs.provisioningState, "Succeeded");
      const [resource] = await connectionsOf(stack);
      assert.equal(resource.id, h.connection(HSM, name)?.id);
      assert.equal(resource.outputs?.etag, h.connection(HSM, name)?.etag);
    });

    it("3. up again and preview --expect-no-changes: nothing to do, no ARM write", async () => {
      const up = await stack.up();
      assertOutput(up, /2 unchanged/.test(up.stdout), "everything unchanged");
      const preview = await stack.preview(["--expect-no-changes"], { allowFailure: true });
      assertOutput(preview, preview.code === 0, "preview --expect-no-changes passes");
      assert.deepEqual(h.armWrites(), [], describeRequests(h.armWrites()));
    });

    it("4. refresh shows drift made outside Pulumi and records it; up restores what Azure lets it restore", async () => {
      const ref = { resourceGroupName: RG, parentName: HSM, connectionName: name };
      h.control.setConnection(ref, { description: "edited in the portal" });
      const refresh = await stack.refresh(["--diff"]);
      assertOutput(
        refresh,
        /description/.test(refresh.stdout) && /edited in the portal/.test(refresh.stdout),
        "refresh shows the description drift",
      );
      assert.equal((await connectionsOf(stack))[0].outputs?.description, "edited in the portal");
      assert.deepEqual(h.armWrites(), [], "a refresh only reads");
      await assertOnlyDeclaredInDiff(
        stack,
        MHSM_CONNECTION_TOKEN,
        ["resourceGroupName", "hsmName", "privateEndpointConnectionName", "status", "description"],
        ["description"],
      );
      const drifted = await stack.preview(["--expect-no-changes"], { allowFailure: true });
      assertOutput(drifted, drifted.code !== 0, "the program and ARM differ");
      await stack.up();
      assert.equal(statusIn(HSM, name)?.status, "Approved");
      assert.equal(statusIn(HSM, name)?.description, "", "restored");

      // Rejected by hand: Azure refuses a re-approval, so up refuses before any write,
      // until the consumer asks again.
      h.control.setConnection(ref, { status: "Rejected", description: "rejected in the portal" });
      await stack.refresh();
      assert.equal((await connectionsOf(stack))[0].outputs?.status, "Rejected");
      h.control.clearRequestLog();
      const refused = await stack.up([], { allowFailure: true });
      assertOutput(
        refused,
        refused.code !== 0 &&
          /Azure does not let a rejected connection be approved again/.test(
            refused.stdout + refused.stderr,
          ),
        "up refuses with the reason",
      );
      assert.deepEqual(h.armWrites(), [], "no PUT to a rejected connection");
      h.control.requestConnectionAgain(ref);
      await stack.up();
      assert.equal(statusIn(HSM, name)?.status, "Approved", "approved after the re-request");
    });

    it("5. a changed status and description is an update in place", async () => {
      const before = (await connectionsOf(stack))[0];
      await stack.setConfig({ status: "Rejected", description: "rejected by the YAML suite" });
      h.control.clearRequestLog();
      const up = await stack.up();
      assertOutput(up, /~ 1 updated/.test(up.stdout), "one update");
      assertOutput(up, !/replac|deleted|created/.test(up.stdout), "no replace");
      assert.equal(statusIn(HSM, name)?.status, "Rejected");
      assert.equal(statusIn(HSM, name)?.description, "rejected by the YAML suite");
      const after = (await connectionsOf(stack))[0];
      assert.equal(after.id, before.id);
      assert.equal(after.outputs?.status, "Rejected");
    });

    it("6. destroy deletes the connection through ARM's DELETE and returns once ARM says it is gone", async () => {
      h.control.clearRequestLog();
      const destroy = await stack.destroy();
      assertOutput(destroy, /- 2 deleted/.test(destroy.stdout), "the connection and the stack");
      assert.equal(h.connection(HSM, name), undefined, "gone when destroy returns");
      const requests = h.armRequests();
      const del = requests.findIndex((r) => r.method === "DELETE");
      assert.ok(del >= 0, describeRequests(requests));
      assert.ok(
        requests
          .slice(del + 1)
          .some((r) => r.op === "poll" || (r.op === "get" && r.status === 404)),
        `destroy waited for the operation:\n${describeRequests(requests)}`,
      );
      assert.deepEqual(await connectionsOf(stack), []);
    });
  });

  describe("pulumi import", () => {
    const HSM = "hsm-yaml-import";
    let stack: PulumiStack;
    let name: string;

    before(async function () {
      [name] = h.seedHsm(HSM, 1);
      h.control.setConnection(
        { resourceGroupName: RG, parentName: HSM, connectionName: name },
        { status: "Approved", description: "approved in the portal" },
      );
      stack = await newYamlStack(h, "imported", {}, emptyYamlProject("mhsm-pec-import"));
    });

    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("7. adopts an existing connection by its ARM id and prints the YAML for it; preview then has no changes", async () => {
      const id = h.connection(HSM, name)?.id ?? "";
      const { imported, code } = await importAdopted(h, stack, MHSM_CONNECTION_TOKEN, id);
      const expected = [
        // pulumi-language-yaml writes the index module's short form of the token.
        /type: azure-mhsm-pec:(index:)?MhsmPrivateEndpointConnection\n/,
        new RegExp(`hsmName: ${HSM}\n`),
        new RegExp(`privateEndpointConnectionName: ${name.replace(/\./g, "\\.")}\n`),
        new RegExp(`resourceGroupName: ${RG}\n`),
        /status: Approved\n/,
        /description: approved in the portal\n/,
      ];
      for (const pattern of expected) {
        assert.match(code, pattern, output(imported));
      }
      const [resource] = await connectionsOf(stack);
      assert.equal(resource.id, id);

      const project = path.join(stack.projectDir, "Pulumi.yaml");
      fs.appendFileSync(project, code);
      const preview = await stack.preview(["--expect-no-changes"], { allowFailure: true });
      assertOutput(
        preview,
        preview.code === 0,
        `no changes after the import:\n${fs.readFileSync(project, "utf8")}`,
      );
      assert.deepEqual(h.armWrites(), []);
    });

    it("8. an id that is not a connection of a Managed HSM is refused with the hooks' message", async () => {
      const vaultId = (h.connection(HSM, name)?.id ?? "").replace("managedHSMs", "vaults");
      const failed = await stack.run(
        ["import", MHSM_CONNECTION_TOKEN, "wrong-kind", vaultId, "--yes", "--protect=false"],
        { allowFailure: true },
      );
      assertOutput(failed, failed.code !== 0, "the import fails");
      assertOutput(failed, /not of a Managed HSM/.test(output(failed)), "saying why");
    });

    it("9. a Pending connection imports with no validation warning: the code declares Approved, and the provider says so", async () => {
      const [pending] = h.seedHsm("hsm-yaml-pending", 1);
      const id = h.connection("hsm-yaml-pending", pending)?.id ?? "";
      const generated = path.join(stack.projectDir, "pending.yaml");
      const imported = await stack.run([
        "import",
        MHSM_CONNECTION_TOKEN,
        "pending",
        id,
        "--yes",
        "--protect=false",
        "--out",
        generated,
      ]);
      assertOutput(
        imported,
        !/failed to validate|almost certainly a bug/.test(output(imported)),
        "the engine finds nothing to warn of in the imported inputs",
      );
      assertOutput(
        imported,
        /is Pending in ARM/.test(output(imported)) && /approves it/.test(output(imported)),
        "the provider's warning says the next up approves it",
      );
      assert.match(fs.readFileSync(generated, "utf8"), /status: Approved\n/);
      assert.ok((await connectionsOf(stack)).some((r) => r.id === id));
      assert.deepEqual(h.armWrites(), [], "an import writes nothing");
    });
  });

  describe("a key vault's connection, and a delete ARM fails", () => {
    const VAULT = "kv-yaml";
    let vaultStack: PulumiStack | undefined;
    let hsmStack: PulumiStack | undefined;

    after(async function () {
      this.timeout(300_000);
      h.control.setBehavior({ deleteOutcome: "Succeeded" });
      await destroyQuietly(vaultStack);
      await destroyQuietly(hsmStack);
    });

    it("10. KeyVaultPrivateEndpointConnection: up approves a vault's connection with a secret description (secret in state too), destroy deletes it", async () => {
      h.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: VAULT });
      const { name } = h.control.createConnection({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: VAULT,
        connectionName: "pe-vault-yaml.e2e00000-0000-4000-8000-00000000000a",
      });
      const ref = {
        kind: "vaults" as const,
        resourceGroupName: RG,
        parentName: VAULT,
        connectionName: name,
      };
      const program = [
        emptyYamlProject("mhsm-pec-vault-yaml"),
        "resources:",
        "  vault-connection:",
        `    type: ${KEY_VAULT_CONNECTION_TOKEN}`,
        "    properties:",
        `      resourceGroupName: ${RG}`,
        `      vaultName: ${VAULT}`,
        `      privateEndpointConnectionName: ${name}`,
        // A secret input: the plugin gets it unwrapped, the engine keeps it secret in state.
        "      description:",
        "        fn::secret: approved from YAML",
        "",
      ].join("\n");
      vaultStack = await newYamlStack(h, "vault", {}, program);
      await vaultStack.up();
      const state = h.control.getConnection(ref)?.properties.privateLinkServiceConnectionState;
      assert.equal(state?.status, "Approved");
      assert.equal(state?.description, "approved from YAML");
      const plaintext = filesUnder(h.workspace.backendDir).filter((f) =>
        f.text.includes("approved from YAML"),
      );
      assert.deepEqual(
        plaintext.map((f) => f.file),
        [],
        "the secret description is encrypted in the state",
      );
      const [resource] = await vaultStack.resources(KEY_VAULT_CONNECTION_TOKEN);
      assert.match(resource.id ?? "", /\/vaults\/kv-yaml\/privateEndpointConnections\//);
      await vaultStack.destroy();
      assert.equal(h.control.getConnection(ref), undefined);
    });

    it("11. a DELETE that ARM fails: destroy fails with ARM's message and keeps the resource; once ARM recovers, destroy succeeds", async () => {
      const [name] = h.seedHsm("hsm-yaml-faildel", 1);
      hsmStack = await newYamlStack(h, "faildel", {
        resourceGroupName: RG,
        hsmName: "hsm-yaml-faildel",
        connectionName: name,
      });
      await hsmStack.up();
      h.control.setBehavior({ deleteOutcome: "Failed" });
      const failed = await hsmStack.destroy([], { allowFailure: true });
      assertOutput(failed, failed.code !== 0, "the destroy fails");
      assertOutput(
        failed,
        output(failed).includes(`Deleting private endpoint connection '${name}' failed`),
        "with ARM's message",
      );
      assert.equal((await connectionsOf(hsmStack)).length, 1, "the resource stays in the state");
      assert.ok(h.connection("hsm-yaml-faildel", name), "and in ARM");
      h.control.setBehavior({ deleteOutcome: "Succeeded" });
      await hsmStack.destroy();
      assert.equal(h.connection("hsm-yaml-faildel", name), undefined);
      assert.deepEqual(await connectionsOf(hsmStack), []);
    });

    it("11b. customTimeouts bounds the provider's wait: a PUT that never settles fails at customTimeouts.create, saying re-running is safe", async () => {
      const [name] = h.seedHsm("hsm-yaml-timeout", 1);
      const program = exampleWithOptions("      customTimeouts:\n        create: 4s\n");
      assert.match(program, /customTimeouts:\n {8}create: 4s/, "the program sets customTimeouts");
      const timed = await newYamlStack(
        h,
        "timeout",
        { resourceGroupName: RG, hsmName: "hsm-yaml-timeout", connectionName: name },
        program,
      );
      h.control.setBehavior({ putOutcome: "Never" });
      try {
        const up = await timed.up([], { allowFailure: true });
        assertOutput(up, up.code !== 0, "the up fails");
        assertOutput(up, /timeout of 4s/.test(output(up)), "at customTimeouts.create");
        assertOutput(up, /Re-running is safe/.test(output(up)), "saying what to do");
      } finally {
        h.control.setBehavior({ putOutcome: "Succeeded" });
        h.control.completeRunningOperations();
      }
      await timed.up();
      assert.equal(statusIn("hsm-yaml-timeout", name)?.status, "Approved", "re-running approves");
      await timed.destroy();
    });

    it("11c. ignoreChanges [status]: after a refresh records Pending, up and the drift check pass, writing nothing", async () => {
      const [name] = h.seedHsm("hsm-yaml-ignore", 1);
      const program = exampleWithOptions("      ignoreChanges: [status]\n");
      assert.match(program, /ignoreChanges: \[status\]/, "the program ignores status");
      const ignoring = await newYamlStack(
        h,
        "ignore",
        { resourceGroupName: RG, hsmName: "hsm-yaml-ignore", connectionName: name },
        program,
      );
      await ignoring.up();
      const ref = { resourceGroupName: RG, parentName: "hsm-yaml-ignore", connectionName: name };
      h.control.setConnection(ref, { status: "Rejected", description: "" });
      h.control.requestConnectionAgain(ref, { requestMessage: "" });
      await ignoring.refresh();
      const [refreshed] = await connectionsOf(ignoring);
      assert.equal(refreshed.outputs?.status, "Pending", "the refresh recorded ARM's status");
      h.control.clearRequestLog();

      const up = await ignoring.up();
      // Before, check refused the status the refresh had recorded: "got \"Pending\"".
      assertOutput(up, !/\bupdated\b/.test(up.stdout), "up accepts it and changes nothing");
      await ignoring.preview(["--expect-no-changes"]);
      assert.deepEqual(h.armWrites(), [], "nothing written: the status is ignored");
      assert.equal(statusIn("hsm-yaml-ignore", name)?.status, "Pending");
      await ignoring.destroy();
    });
  });

  describe("malformed input and secrets", () => {
    it("12. preview and up fail at check, naming each field and its rule; nothing reaches ARM", async () => {
      const stack = await newYamlStack(h, "badinput", {
        resourceGroupName: RG,
        hsmName: "hsm--bad",
        connectionName: "pe-app/../other",
        status: "approved",
      });
      h.control.clearRequestLog();
      await assertRefusedAtCheck(
        stack,
        () => h.control.requestLog(),
        [
          /hsmName 'hsm--bad' must not contain consecutive hyphens/,
          /privateEndpointConnectionName [^\n]* must not contain '\/'/,
          /did you mean "Approved"\?/,
        ],
        "naming all three fields and their rules",
      );
    });

    it("13. no token and no client secret in the state, the backend, PULUMI_HOME or any output", () => {
      const tokens = h.control.issuedTokens();
      assert.ok(tokens.length > 0, "the plugin was issued tokens");
      const secrets = [
        h.emulator.clientSecret,
        ...tokens.flatMap((token) => [token, token.split(".").at(-1) ?? token]),
      ].filter((s) => s.length >= 16);
      const scanned = [
        ...filesUnder(h.workspace.backendDir),
        ...filesUnder(h.workspace.home, (n) => n === "plugins"),
        ...h.workspace.transcript.map((r) => ({ file: r.command, text: output(r) })),
      ];
      assert.ok(scanned.length > 20, "the suite's files and commands are scanned");
      for (const { file, text } of scanned) {
        for (const secret of secrets) {
          assert.ok(!text.includes(secret), `a secret is in ${file}`);
        }
      }
    });
  });
});
