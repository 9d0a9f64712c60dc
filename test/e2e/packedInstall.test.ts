import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiStack } from "../../tools/lib/pulumiStack";
import { PACKAGE_NAME, REPO_ROOT } from "../../tools/lib/repoRoot";
import {
  EXAMPLES,
  EngineHarness,
  RG,
  connectionsInState,
  useEngineHarness,
} from "./support/engineHarness";
import { assertOutput, destroyQuietly, log } from "./support/commandOutput";
import {
  copiesOf,
  installExample,
  lowestOf,
  newestForThisNode,
  packRepository,
  unresolvableRequires,
  type PackedTarball,
} from "./support/packedPackage";

/**
 * The package as users get it: `npm pack`, installed from the tarball into a copy of
 * examples/basic (the TypeScript program the README tells a user to copy) whose other
 * dependencies come from the npm registry, run by the real Pulumi CLI against the emulator. Once with the lowest @pulumi/pulumi of the package's range (the lockfile's, what
 * this repository builds with), once with the newest release in the range that runs on this
 * Node (on Node 20 both are 3.248.0: later releases need Node 22 and npm picks by `engines`;
 * the Node 24 run of .ci/run has 3.248.0 and the newest). One npm install per variant.
 */

describe("e2e: the packed package installed from its tarball", function () {
  let h: EngineHarness;
  useEngineHarness((started) => (h = started), log);
  let packed: PackedTarball;

  before(async function () {
    this.timeout(300_000);
    packed = await packRepository(h.workspace.root);
    log(`packed ${path.basename(packed.file)}: ${packed.files.length} files`);
  });

  it("publishes the provider, the emulator and their READMEs, and nothing of the tests", () => {
    const files = packed.files;
    for (const needed of [
      "package.json",
      "README.md",
      "emulator/README.md",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/shim.js",
      "dist/emulator/index.js",
      "dist/emulator/cli.js",
    ]) {
      assert.ok(files.includes(needed), `${needed} is published:\n${files.join("\n")}`);
    }
    const unwanted = files.filter((f) =>
      /(^|\/)(test|tests|fixtures|tools|examples)\/|\.test\.js|^dist\/(test|tools)\//.test(f),
    );
    assert.deepEqual(unwanted, [], "no tests, fixtures, tools or examples");
    const sources = files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f));
    assert.deepEqual(sources, [], "no TypeScript sources");
  });

  const variants: { title: string; version: () => Promise<string> }[] = [
    {
      title: "the lowest @pulumi/pulumi in its range (this repository's lockfile has it)",
      version: async () => lowestOf(packed.manifest.dependencies["@pulumi/pulumi"]),
    },
    {
      title: "the newest @pulumi/pulumi in its range for this Node",
      version: () =>
        newestForThisNode("@pulumi/pulumi", packed.manifest.dependencies["@pulumi/pulumi"]),
    },
  ];

  variants.forEach(({ title, version }, index) => {
    describe(`next to ${title}`, () => {
      let stack: PulumiStack | undefined;

      after(async function () {
        this.timeout(300_000);
        await destroyQuietly(stack);
      });

      it("a copy of examples/basic installs it: one shared @pulumi/pulumi, every require resolvable; up, refresh, destroy", async function () {
        this.timeout(20 * 60_000);
        const pulumiVersion = await version();
        const dir = path.join(h.workspace.root, "programs", `packed-${index}`);
        await installExample(dir, EXAMPLES.basic, packed.file, pulumiVersion);
        log(`program with @pulumi/pulumi ${pulumiVersion} and ${path.basename(packed.file)}`);
        assertInstalledAsUsersGetIt(dir, pulumiVersion);

        const hsm = `hsm-packed-${index}`;
        const [connection] = h.seedHsm(hsm, 1);
        stack = await PulumiStack.init(h.workspace, dir, `packed${index}`);
        await stack.setConfig({ resourceGroupName: RG, hsmName: hsm, connectionName: connection });
        const ref = { resourceGroupName: RG, parentName: hsm, connectionName: connection };

        const up = await stack.up();
        assertOutput(up, /\+ 2 created/.test(up.stdout), "the stack and the connection created");
        const approved = h.control.getConnection(ref);
        assert.equal(approved?.properties.privateLinkServiceConnectionState.status, "Approved");
        const outputs = await stack.outputs();
        assert.equal(outputs.connectionId, approved?.id);
        assert.equal(outputs.status, "Approved");
        assert.equal(outputs.provisioningState, "Succeeded");

        h.control.setConnection(ref, { status: "Rejected", description: "rejected in the portal" });
        await stack.refresh();
        const [refreshed] = await connectionsInState(stack);
        assert.equal(refreshed.outputs?.status, "Rejected", "refresh recorded the drift");

        await stack.destroy();
        assert.equal(h.control.getConnection(ref), undefined, "ARM deleted the connection");
        assert.deepEqual(await connectionsInState(stack), [], "the state is empty");
        const leaked = h.workspace.backendFiles().filter((f) => f.text.includes(REPO_ROOT));
        assert.deepEqual(
          leaked.map((f) => f.file),
          [],
          "nothing in the state points into this checkout",
        );
        await stack.remove();
        stack = undefined;
      });
    });
  });
});

/** A real copy (no link into the checkout), one @pulumi/pulumi, every require resolvable. */
function assertInstalledAsUsersGetIt(dir: string, pulumiVersion: string) {
  const installed = path.join(dir, "node_modules", PACKAGE_NAME);
  assert.ok(!fs.lstatSync(installed).isSymbolicLink(), `${installed} is a copy, not a link`);
  assert.ok(
    !fs.realpathSync(installed).startsWith(REPO_ROOT),
    `${installed} must not resolve into the checkout`,
  );
  const sdkCopies = copiesOf(dir, "@pulumi/pulumi");
  assert.deepEqual(
    sdkCopies.map((d) => path.relative(dir, d)),
    [path.join("node_modules", "@pulumi", "pulumi")],
    "one @pulumi/pulumi, shared by the program and the package",
  );
  const sdk = JSON.parse(fs.readFileSync(path.join(sdkCopies[0], "package.json"), "utf8"));
  assert.equal(sdk.version, pulumiVersion);
  const { checked, problems } = unresolvableRequires(installed);
  assert.ok(checked > 10, `the requires of the installed package were found (${checked})`);
  assert.deepEqual(problems, [], "every require of the installed package resolves");
}
