import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packageSchema } from "../../provider/plugin/schema";
import { runBounded } from "../../tools/lib/boundedProcess";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { log } from "./support/commandOutput";

/**
 * The plugin's SDKs for other languages, as tools/gen-sdks.sh makes and checks them: the
 * schema the real CLI gets from the plugin, `pulumi package gen-sdk` (which needs language hosts
 * the Go module proxy does not serve, so it must say so), the Python and Go SDKs from Pulumi's
 * own generators, built, vetted and run under Pulumi's mocks, and .NET reported as not generated.
 */
describe("e2e: the provider plugin's SDKs for other languages", function () {
  let out: string;

  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-pec-sdks-"));
  });

  after(() => {
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("generates the Python and Go SDKs, which build and declare a connection under mocks; says why there is no .NET SDK", async function () {
    this.timeout(45 * 60_000);
    const script = path.join(REPO_ROOT, "tools", "gen-sdks.sh");
    const result = await runBounded("bash", [script, out], {
      cwd: REPO_ROOT,
      env: process.env,
      timeoutMs: 40 * 60_000,
      onStderr: process.env.E2E_VERBOSE ? log : undefined,
    });
    const report = result.stdout.split("\n").filter((line) => line.startsWith("sdk "));
    const context = `${result.stdout}\n${result.stderr.slice(-6000)}`;
    assert.equal(result.code, 0, context);
    report.forEach((line) => log(line));

    // The CLI re-marshals the schema it gets from the plugin, so compare what it describes.
    interface ResourceJson {
      inputProperties: Record<string, unknown>;
      properties: Record<string, unknown>;
      requiredInputs: string[];
    }
    type SchemaJson = { name: string; version: string; resources: Record<string, ResourceJson> };
    const shape = (schema: SchemaJson) => ({
      name: schema.name,
      version: schema.version,
      resources: Object.fromEntries(
        Object.entries(schema.resources).map(([token, r]) => [
          token,
          [
            Object.keys(r.inputProperties).sort(),
            Object.keys(r.properties).sort(),
            r.requiredInputs,
          ],
        ]),
      ),
    });
    const served = JSON.parse(fs.readFileSync(path.join(out, "schema.json"), "utf8")) as SchemaJson;
    const own = JSON.parse(JSON.stringify(packageSchema(served.version))) as SchemaJson;
    assert.deepEqual(shape(served), shape(own), "the CLI got the plugin's schema");

    const line = (language: string) => report.find((l) => l.startsWith(`sdk ${language}:`)) ?? "";
    // Our own hosts (tools/pulumi-language-python and -go, once built next to the CLI) do not
    // generate.
    assert.match(
      line("python"),
      /gen-sdk: .*(pulumi-language-python|GeneratePackage not implemented)/,
      context,
    );
    assert.match(line("python"), /check_sdk\.py under mocks: ok$/, context);
    assert.match(
      line("go"),
      /gen-sdk: .*(pulumi-language-go|GeneratePackage not implemented)/,
      context,
    );
    assert.match(line("go"), /go build, go vet and go test .*: ok$/, context);
    assert.match(line("dotnet"), /not generated .*pulumi-dotnet/, context);
    assert.match(line("java"), /not generated .*pulumi-java\/pkg/, context);
    assert.ok(
      fs.existsSync(path.join(out, "go", "azuremhsmpec", "mhsmPrivateEndpointConnection.go")),
    );
    assert.ok(
      fs.existsSync(
        path.join(out, "python", "pulumi_azure_mhsm_pec", "mhsm_private_endpoint_connection.py"),
      ),
    );
  });
});
