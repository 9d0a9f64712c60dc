import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { once } from "node:events";
import * as fs from "node:fs";
import * as path from "node:path";
import { runBounded } from "../../tools/lib/boundedProcess";
import { PulumiStack } from "../../tools/lib/pulumiStack";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { MHSM_CONNECTION_TOKEN, PLUGIN_NAME } from "../../provider/plugin/tokens";
import { archiveName } from "../../tools/release/platforms";
import { EngineHarness, useEngineHarness, RG } from "./support/engineHarness";
import { destroyQuietly, log } from "./support/commandOutput";
import { assertOnlyDeclaredInDiff } from "./support/declaredDiff";
import { PACKAGE_VERSION, TEST_DOWNLOAD_URL, releaseForTests } from "./support/release";

/**
 * examples/python (a connection and a key vault's approval policy) on the Python SDK as a user
 * installs it: the release's wheel (support/release.ts) pip-installed into a fresh virtualenv
 * with `pulumi` from PyPI, and the plugin from the release's archive, in a copy outside the
 * repository, run BY THE ENGINE through tools/pulumi-language-python (up, refresh with drift,
 * destroy; a failed create; the host's SIGINT) against the ARM emulator.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/python.test.js
 */
const VERSION = PACKAGE_VERSION;
const DOWNLOAD_URL = TEST_DOWNLOAD_URL;

const APP = "0a0a0a0a-0000-4000-8000-00000000000a";
const OTHER = "0b0b0b0b-0000-4000-8000-00000000000b";

async function run(command: string, args: string[], cwd: string, timeoutMs = 20 * 60_000) {
  const result = await runBounded(command, args, {
    cwd,
    env: process.env,
    timeoutMs,
    onStderr: process.env.E2E_VERBOSE ? log : undefined,
  });
  assert.equal(
    result.code,
    0,
    `${command} ${args.join(" ")}:\n${result.stdout}\n${result.stderr.slice(-4000)}`,
  );
  return result.stdout;
}

describe("e2e: a Python program of the released wheel, run by the engine", function () {
  let h: EngineHarness;
  useEngineHarness((started) => (h = started), log);
  let project: string;
  let release: string;
  let stack: PulumiStack | undefined;

  before(async function () {
    this.timeout(45 * 60_000);
    const hostDir = (
      await run(
        "bash",
        [path.join(REPO_ROOT, "tools", "install-pulumi-language-python.sh")],
        REPO_ROOT,
      )
    )
      .trim()
      .split("\n")
      .pop();
    assert.equal(hostDir, h.cli.binDir, "the Python host sits next to the CLI the engine runs");

    release = await releaseForTests();
    const wheel = path.join(release, `pulumi_azure_mhsm_pec-${VERSION}-py3-none-any.whl`);
    assert.ok(fs.existsSync(wheel), `${wheel} was written`);

    // examples/python, copied outside the repository as a user's project.
    project = path.join(h.workspace.root, "python-project");
    fs.cpSync(path.join(REPO_ROOT, "examples", "python"), project, { recursive: true });
    await run("python3", ["-m", "venv", "venv"], project);
    // PyPI can lag the Go proxy: the newest `pulumi` not above the CLI (as gen-sdks.sh picks).
    await run(
      path.join(project, "venv", "bin", "pip"),
      [
        "install",
        "-q",
        "--disable-pip-version-check",
        wheel,
        `pulumi<=${h.cli.version.replace(/^v/, "")}`,
      ],
      project,
    );

    // The plugin as a Python user installs it: the release's archive (a single executable).
    await h.workspace.pulumi(project, [
      "plugin",
      "install",
      "resource",
      PLUGIN_NAME,
      VERSION,
      "--file",
      path.join(release, archiveName(VERSION, { os: "linux", arch: "amd64" })),
    ]);
    const links = fs.readdirSync(project, { recursive: true, encoding: "utf8" }).filter((entry) => {
      const target = path.join(project, entry);
      return fs.lstatSync(target).isSymbolicLink() && fs.realpathSync(target).startsWith(REPO_ROOT);
    });
    assert.deepEqual(links, [], "the project holds no link into the checkout");
  });

  after(async function () {
    this.timeout(5 * 60_000);
    await destroyQuietly(stack);
  });

  it("ships the version and pluginDownloadURL in the installed wheel, the sdist and the Go module", async function () {
    this.timeout(60_000);
    const expected = { resource: true, name: PLUGIN_NAME, version: VERSION, server: DOWNLOAD_URL };
    const pluginJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    const lib = path.join(project, "venv", "lib");
    const [python] = fs.readdirSync(lib).filter((d) => d.startsWith("python3"));
    const installed = path.join(lib, python, "site-packages", "pulumi_azure_mhsm_pec");
    assert.deepEqual(pluginJson(path.join(installed, "pulumi-plugin.json")), expected);
    assert.deepEqual(
      pluginJson(path.join(release, "go", "azuremhsmpec", "pulumi-plugin.json")),
      expected,
    );
    assert.match(
      fs.readFileSync(path.join(release, "go", "go.mod"), "utf8"),
      /^module example\.com\/pulumi-azure-mhsm-pec\/sdk\/go$/m,
    );
    const listing = await run(
      "tar",
      ["-tzf", path.join(release, `pulumi_azure_mhsm_pec-${VERSION}.tar.gz`)],
      release,
    );
    assert.match(
      listing,
      new RegExp(
        `^pulumi_azure_mhsm_pec-${VERSION.replace(/\./g, "\\.")}/pulumi_azure_mhsm_pec/pulumi-plugin\\.json$`,
        "m",
      ),
    );
  });

  it("approves the connection and the policy's at up, shows drift at refresh, destroys", async function () {
    this.timeout(20 * 60_000);
    const HSM = "hsm-python";
    const VAULT = "kv-python";
    const [name] = h.seedHsm(HSM, 1);
    h.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: VAULT });
    const vaultConnection = (sub: string, pe: string) =>
      h.control.createConnection({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: VAULT,
        privateEndpointId: `/subscriptions/${sub}/resourceGroups/rg-consumers/providers/Microsoft.Network/privateEndpoints/${pe}`,
      }).name;
    const [app, other] = [vaultConnection(APP, "pe-app"), vaultConnection(OTHER, "pe-other")];
    const vaultStatus = (connectionName: string) =>
      h.control.getConnection({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: VAULT,
        connectionName,
      })?.properties.privateLinkServiceConnectionState.status;
    stack = await PulumiStack.init(h.workspace, project, "dev");
    await stack.setConfig({
      resourceGroupName: RG,
      hsmName: HSM,
      connectionName: name,
      vaultName: VAULT,
      appSubscriptionId: APP,
    });
    const status = () =>
      h.connection(HSM, name)?.properties.privateLinkServiceConnectionState?.status;

    await stack.up();
    assert.equal(status(), "Approved");
    assert.equal(vaultStatus(app), "Approved", "the policy approved the app's endpoint");
    assert.equal(vaultStatus(other), "Rejected", "and rejected the other (otherwise)");
    const outputs = await stack.outputs();
    assert.match(
      String(outputs.connectionId),
      new RegExp(`/managedHSMs/${HSM}/privateEndpointConnections/${name}$`, "i"),
    );

    await stack.refresh();
    assert.equal(status(), "Approved");
    assert.equal((await stack.resources(MHSM_CONNECTION_TOKEN)).length, 1);

    // Drift: the diff and the state name the drifted description and what the program set,
    // never an input it left out (waitForConnectionSeconds, timeouts, onDelete).
    const ref = { resourceGroupName: RG, parentName: HSM, connectionName: name };
    h.control.setConnection(ref, { description: "edited in the portal" });
    await stack.refresh();
    await assertOnlyDeclaredInDiff(
      stack,
      MHSM_CONNECTION_TOKEN,
      ["resourceGroupName", "hsmName", "privateEndpointConnectionName", "status"],
      ["description"],
    );
    await stack.up();
    assert.equal(
      h.connection(HSM, name)?.properties.privateLinkServiceConnectionState?.description,
      "",
    );
    const preview = await stack.preview(["--expect-no-changes"], { allowFailure: true });
    assert.equal(preview.code, 0, `${preview.stdout}\n${preview.stderr}`);

    await stack.destroy();
    assert.equal(h.connection(HSM, name), undefined, "destroy deleted the connection in ARM");
    assert.equal(vaultStatus(app), "Approved", "the policy's onDelete is retain by default");
    stack = undefined;
  });

  it("a failed create shows the provider's error alone, no traceback of the host", async function () {
    this.timeout(10 * 60_000);
    const HSM = "hsm-python-missing";
    h.seedHsm(HSM, 1);
    const failing = await PulumiStack.init(h.workspace, project, "missing");
    try {
      await failing.setConfig({ resourceGroupName: RG, hsmName: HSM, connectionName: "pe-none.1" });
      const up = await failing.up([], { allowFailure: true });
      const shown = `${up.stdout}\n${up.stderr}`;
      assert.notEqual(up.code, 0, shown);
      assert.match(shown, /'pe-none\.1' was not found on/, "the provider's error is shown");
      assert.doesNotMatch(shown, /Traceback|KeyboardInterrupt|run\.py/, "and nothing of the host");
    } finally {
      await destroyQuietly(failing);
    }
  });

  it("the host's SIGINT (the engine ending a run) stops a program without a traceback", async function () {
    this.timeout(120_000);
    const program = path.join(project, "waits.py");
    fs.writeFileSync(program, 'import time\nprint("ready", flush=True)\ntime.sleep(3600)\n');
    const runPy = path.join(REPO_ROOT, "tools", "pulumi-language-python", "run.py");
    // run.py as the host runs it, with the stack's engine RPCs left out (no engine here): the
    // program runs inside run.py's event loop, where the engine's cancellation finds it.
    const runWithoutEngine = [
      "import runpy, sys, pulumi.runtime",
      "async def in_stack(program): program()",
      "pulumi.runtime.run_in_stack = in_stack",
      "sys.argv = sys.argv[1:]",
      "runpy.run_path(sys.argv[0], run_name='__main__')",
    ].join("\n");
    const child = spawn(path.join(project, "venv", "bin", "python"), [
      "-u",
      "-c",
      runWithoutEngine,
      runPy,
      "--monitor=127.0.0.1:1",
      "--engine=127.0.0.1:1",
      "--project=p",
      "--stack=s",
      `--pwd=${project}`,
      program,
    ]);
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
    const exited = once(child, "exit");
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (data: Buffer) => {
        stdout += data.toString();
        if (stdout.includes("ready")) resolve();
      });
      void exited.then(() => resolve());
    });
    assert.match(stdout, /ready/, `the program runs under run.py:\n${stderr}`);
    child.kill("SIGINT");
    const [code] = (await exited) as [number | null];
    assert.equal(code, 1, stderr);
    assert.doesNotMatch(stderr, /Traceback|KeyboardInterrupt/, "no traceback beside the error");
  });
});
