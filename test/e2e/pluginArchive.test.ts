import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runBounded } from "../../tools/lib/boundedProcess";
import { findPulumiCli } from "../../tools/lib/pulumiCli";
import { PulumiStack } from "../../tools/lib/pulumiStack";
import { PulumiWorkspace } from "../../tools/lib/pulumiWorkspace";
import { MHSM_CONNECTION_TOKEN, PLUGIN_NAME } from "../../provider/plugin/tokens";
import { executableFormatOf, formatFor } from "../../tools/release/executableFormat";
import { PLATFORMS, archiveName } from "../../tools/release/platforms";
import { EngineHarness, RG, useEngineHarness } from "./support/engineHarness";
import { assertOutput, describeRequests, destroyQuietly, log } from "./support/commandOutput";
import { PACKAGE_VERSION, releaseForTests } from "./support/release";
import { YAML_EXAMPLE } from "./support/yamlProject";

/**
 * The release's plugin archives: each has its platform's executable, and the linux-amd64 one,
 * installed by the real CLI from its file into a fresh PULUMI_HOME, starts with no Node.js on
 * PATH and serves the engine's gRPC port; then a Pulumi YAML program with no `plugins:` block,
 * run by the engine from a folder outside the checkout with only the CLI on PATH (no Node.js),
 * goes through up, `pulumi import` and destroy against the emulator with that plugin. Uses
 * the e2e run's one release (support/release.ts).
 */
describe("e2e: the release's provider plugin archives", function () {
  const version = PACKAGE_VERSION;
  let releaseDir: string;
  let temp: string;

  before(async function () {
    this.timeout(30 * 60_000);
    temp = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-pec-archive-"));
    releaseDir = await releaseForTests();
  });

  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  it("holds one executable per platform, of that platform's format and machine", () => {
    for (const p of PLATFORMS) {
      const dir = path.join(temp, `${p.os}-${p.arch}`);
      fs.mkdirSync(dir);
      execFileSync("tar", ["-xzf", path.join(releaseDir, archiveName(version, p)), "-C", dir]);
      const head = Buffer.alloc(4096);
      const fd = fs.openSync(path.join(dir, p.executable), "r");
      fs.readSync(fd, head, 0, head.length, 0);
      fs.closeSync(fd);
      const expected = p.nodePackage
        ? { format: formatFor(p.os), arch: p.arch }
        : { format: "script" };
      assert.deepEqual(executableFormatOf(head), expected, `${p.os}-${p.arch}`);
    }
  });

  it("linux-amd64: pulumi plugin install --file, then it runs with no Node.js on PATH", async function () {
    this.timeout(5 * 60_000);
    const cli = findPulumiCli();
    assert.ok(cli, "the Pulumi CLI is built (tools/install-pulumi-cli.sh)");
    const home = path.join(temp, "pulumi-home");
    const archive = path.join(releaseDir, archiveName(version, { os: "linux", arch: "amd64" }));
    const env = {
      PATH: "/usr/bin:/bin",
      HOME: temp,
      PULUMI_HOME: home,
      PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    const install = await runBounded(
      path.join(cli.binDir, "pulumi"),
      ["plugin", "install", "resource", "azure-mhsm-pec", version, "--file", archive],
      { cwd: temp, env, timeoutMs: 120_000 },
    );
    assert.equal(install.code, 0, install.stderr);
    const plugin = path.join(
      home,
      "plugins",
      `resource-azure-mhsm-pec-v${version}`,
      "pulumi-resource-azure-mhsm-pec",
    );
    assert.ok(fs.existsSync(plugin), `installed at ${plugin}`);
    // Given an engine address nothing listens on, the plugin prints the port it serves on and waits; the
    // bound ends it. No `node` is on this PATH that the plugin could lean on.
    const noNode = path.join(temp, "bin");
    fs.mkdirSync(noNode);
    for (const tool of ["sh", "dirname"]) fs.symlinkSync(`/bin/${tool}`, path.join(noNode, tool));
    const run = await runBounded(plugin, ["127.0.0.1:1"], {
      cwd: temp,
      env: { PATH: noNode, HOME: temp },
      timeoutMs: 15_000,
      onStdout: () => undefined,
    });
    assert.match(run.stdout, /^\d+\s*$/m, `it printed its port: ${run.stdout} ${run.stderr}`);
  });
  describe("a YAML program with no plugins: block and no Node.js on PATH, the plugin from its archive", () => {
    let h: EngineHarness;
    useEngineHarness((started) => (h = started), log);
    const HSM = "hsm-archive-yaml";
    let workspace: PulumiWorkspace;
    let stack: PulumiStack | undefined;
    let declared: string;
    let adopted: string;
    const connectionState = (name: string) =>
      h.connection(HSM, name)?.properties.privateLinkServiceConnectionState;

    before(async function () {
      this.timeout(5 * 60_000);
      // The CLI's folder holds pulumi and pulumi-language-yaml; no node is in it, or anywhere on PATH.
      assert.ok(!fs.existsSync(path.join(h.cli.binDir, "node")), "no node next to the CLI");
      assert.ok(fs.existsSync(path.join(h.cli.binDir, "pulumi-language-yaml")), "the YAML host");
      workspace = new PulumiWorkspace({
        cli: h.cli,
        env: { ...h.emulator.env(), PATH: h.cli.binDir },
        timeoutMs: 240_000,
      });
      const archive = path.join(releaseDir, archiveName(version, { os: "linux", arch: "amd64" }));
      await workspace.pulumi(workspace.root, [
        "plugin",
        "install",
        "resource",
        PLUGIN_NAME,
        version,
        "--file",
        archive,
      ]);
      [declared, adopted] = h.seedHsm(HSM, 2);
      h.control.setConnection(
        { resourceGroupName: RG, parentName: HSM, connectionName: adopted },
        { status: "Approved", description: "approved in the portal" },
      );
      // examples/yaml copied unchanged: it names no plugin path, the installed plugin is used.
      const dir = path.join(workspace.root, "projects", "from-archive");
      fs.cpSync(YAML_EXAMPLE, dir, { recursive: true });
      assert.ok(!/^plugins:/m.test(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")));
      stack = await PulumiStack.init(workspace, dir, "archive");
      await stack.setConfig({ resourceGroupName: RG, hsmName: HSM, connectionName: declared });
    });

    after(async function () {
      this.timeout(5 * 60_000);
      await destroyQuietly(stack);
      workspace?.dispose();
    });

    it("up approves the declared connection", async () => {
      const up = await stack!.up();
      assertOutput(up, /\+ 2 created/.test(up.stdout), "the stack and the connection");
      assert.equal(connectionState(declared)?.status, "Approved");
      const outputs = await stack!.outputs();
      assert.equal(outputs.connectionId, h.connection(HSM, declared)?.id);
      assert.equal(outputs.status, "Approved");
    });

    it("pulumi import adopts an existing connection by its ARM id, writing nothing", async () => {
      const id = h.connection(HSM, adopted)?.id ?? "";
      h.control.clearRequestLog();
      const generated = path.join(stack!.projectDir, "adopted.yaml");
      await stack!.run([
        "import",
        MHSM_CONNECTION_TOKEN,
        "adopted",
        id,
        "--yes",
        "--protect=false",
        "--out",
        generated,
      ]);
      assert.deepEqual(h.armWrites(), [], describeRequests(h.armWrites()));
      assert.match(fs.readFileSync(generated, "utf8"), /description: approved in the portal\n/);
      const imported = await stack!.resources(MHSM_CONNECTION_TOKEN);
      assert.deepEqual(
        imported.map((r) => r.id).sort(),
        [h.connection(HSM, declared)?.id, id].sort(),
      );
    });

    it("destroy deletes both through ARM's DELETE and waits until they are gone", async () => {
      h.control.clearRequestLog();
      const destroy = await stack!.destroy();
      assertOutput(destroy, /- 3 deleted/.test(destroy.stdout), "two connections and the stack");
      assert.equal(h.connection(HSM, declared), undefined);
      assert.equal(h.connection(HSM, adopted), undefined);
      assert.deepEqual(
        h.armWrites().map((r) => r.method),
        ["DELETE", "DELETE"],
        describeRequests(h.armWrites()),
      );
      assert.deepEqual(await stack!.resources(MHSM_CONNECTION_TOKEN), []);
    });
  });
});
