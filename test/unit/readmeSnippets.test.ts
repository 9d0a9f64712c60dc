import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { parse } from "yaml";
import { packageSchema } from "../../provider/plugin/schema";
import { REPO_ROOT } from "../../tools/lib/repoRoot";

/*
 * The README's code blocks work as written: its TypeScript compiles against the package's own
 * types, its YAML declares resources the plugin's schema has with properties it accepts, and
 * its shell commands name npm scripts that exist and the configuration keys the example they
 * run in reads. The README's size is held to what a user reads in ten minutes.
 */
const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
const README = read("README.md");
/** The guides whose programs a user copies first: held to the same rule. */
const GUIDES = [read("docs/getting-started.md"), read("docs/_index.md")];
const MAX_README_BYTES = 12 * 1024;

/** The fenced blocks of one language. */
export function codeBlocks(markdown: string, language: string): string[] {
  const fence = new RegExp("^```" + language + "\\n([\\s\\S]*?)^```", "gm");
  return [...markdown.matchAll(fence)].map((m) => m[1]);
}

/** Type errors of each source, as modules importing "pulumi-azure-mhsm-pec" from provider/. */
function typeErrors(sources: string[]): string[][] {
  const files = sources.map((_, n) => path.join(REPO_ROOT, `readme-snippet-${n}.ts`));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node"],
    paths: { "pulumi-azure-mhsm-pec": [path.join(REPO_ROOT, "provider", "index.ts")] },
  };
  const virtual = new Map(files.map((f, n) => [f, sources[n]]));
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => virtual.get(f) ?? readFile(f);
  host.fileExists = (f) => virtual.has(f) || fileExists(f);
  host.getSourceFile = (f, target, ...rest) => {
    const text = virtual.get(f);
    return text === undefined
      ? getSourceFile(f, target, ...rest)
      : ts.createSourceFile(f, text, target);
  };
  const program = ts.createProgram(files, options, host);
  return files.map((f) =>
    ts
      .getPreEmitDiagnostics(program, program.getSourceFile(f))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
  );
}

interface SchemaResource {
  inputProperties: Record<string, unknown>;
  requiredInputs?: string[];
}

/** What the YAML declares that the plugin's schema does not accept. */
function yamlProblems(text: string): string[] {
  const doc = parse(text) as { resources?: Record<string, { type: string; properties?: object }> };
  const resources = packageSchema("0.0.0").resources as unknown as Record<string, SchemaResource>;
  return Object.entries(doc.resources ?? {}).flatMap(([name, r]) => {
    const spec = resources[r.type];
    if (!spec) return [`${name}: no resource ${r.type} in the schema`];
    const given = Object.keys(r.properties ?? {});
    return [
      ...given.filter((p) => !(p in spec.inputProperties)).map((p) => `${name}: unknown ${p}`),
      ...(spec.requiredInputs ?? [])
        .filter((p) => p !== "privateEndpointId" && !given.includes(p))
        .map((p) => `${name}: missing ${p}`),
    ];
  });
}

/** The configuration keys a program of examples/ reads with config.require/get. */
function configKeysOf(example: string): Set<string> {
  const program = fs.readFileSync(path.join(REPO_ROOT, "examples", example, "index.ts"), "utf8");
  return new Set([...program.matchAll(/config\.\w+(?:<[^>]*>)?\("(\w+)"\)/g)].map((m) => m[1]));
}

describe("README and first guides: their code blocks work as written", () => {
  it(`is at most ${MAX_README_BYTES} bytes`, () => {
    const size = Buffer.byteLength(README, "utf8");
    assert.ok(size <= MAX_README_BYTES, `README.md is ${size} bytes`);
  });

  it("opens with the demo and the test commands", () => {
    const first = codeBlocks(README, "bash")[0] ?? "";
    assert.match(first, /^npm ci && npm run demo\b/m);
    assert.match(first, /^npm ci && npm test\b/m);
  });

  it("its TypeScript compiles against the package's types, and a wrong input would not", function () {
    this.timeout(120_000);
    const blocks = codeBlocks(README, "ts");
    assert.ok(blocks.length >= 2, `only ${blocks.length} TypeScript blocks`);
    const guides = GUIDES.flatMap((g) => [...codeBlocks(g, "ts"), ...codeBlocks(g, "typescript")]);
    assert.ok(guides.length >= 2, `only ${guides.length} TypeScript blocks in the guides`);
    blocks.push(...guides);
    const wrong = blocks[0].replace('status: "Approved"', 'status: "Pending"');
    assert.notEqual(wrong, blocks[0]);
    const errors = typeErrors([...blocks, wrong]);
    assert.deepEqual(errors.slice(0, -1).flat(), []);
    assert.ok(errors[errors.length - 1].length > 0, "a Pending status is a type error");
  });

  it("its YAML declares resources the plugin's schema accepts", () => {
    const blocks = [README, ...GUIDES].flatMap((doc) => codeBlocks(doc, "yaml"));
    assert.ok(blocks.length >= 2, "YAML blocks");
    assert.deepEqual(blocks.flatMap(yamlProblems), []);
    assert.deepEqual(yamlProblems("resources:\n  x:\n    type: azure-mhsm-pec:index:Nope\n"), [
      "x: no resource azure-mhsm-pec:index:Nope in the schema",
    ]);
  });

  it("its shell commands name npm scripts that exist and config keys examples/basic reads", () => {
    const scripts = Object.keys(
      (
        JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
          scripts: Record<string, string>;
        }
      ).scripts,
    );
    const shell = codeBlocks(README, "bash").join("\n");
    const npmRuns = [...shell.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    assert.ok(npmRuns.includes("demo"));
    assert.deepEqual(
      npmRuns.filter((s) => !scripts.includes(s)),
      [],
    );
    const keys = [...shell.matchAll(/pulumi config set (\w+)/g)].map((m) => m[1]);
    assert.ok(keys.length >= 3, "the quickstart sets the example's configuration");
    const read = configKeysOf("basic");
    assert.deepEqual(
      keys.filter((k) => !read.has(k)),
      [],
    );
  });
});
