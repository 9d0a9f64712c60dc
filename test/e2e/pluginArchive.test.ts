import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runBounded } from "../../tools/lib/boundedProcess";
import { findPulumiCli } from "../../tools/lib/pulumiCli";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { executableFormatOf, formatFor } from "../../tools/release/executableFormat";
import { PLATFORMS, archiveName } from "../../tools/release/platforms";

/**
 * The release's plugin archives: each has its platform's executable, and the linux-amd64 one,
 * installed by the real CLI from its file into a fresh PULUMI_HOME, starts with no Node.js on
 * PATH and serves the engine's gRPC port. Uses release/ when it holds this version's archives
 * (`npm run release` ran), else makes a release into a temporary folder once.
 */
describe("e2e: the release's provider plugin archives", function () {
  const version = (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  let releaseDir = path.join(REPO_ROOT, "release");
  let temp: string;

  before(function () {
    this.timeout(15 * 60_000);
    temp = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-pec-archive-"));
    const complete = PLATFORMS.every((p) =>
      fs.existsSync(path.join(releaseDir, archiveName(version, p))),
    );
    if (!complete) {
      releaseDir = path.join(temp, "release");
      execFileSync(
        process.execPath,
        [path.join(REPO_ROOT, "dist", "tools", "release.js"), "--out", releaseDir],
        {
          stdio: ["ignore", "ignore", "inherit"],
        },
      );
    }
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
});
