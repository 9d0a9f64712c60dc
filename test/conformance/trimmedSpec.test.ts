import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { EXAMPLE_FILES, EXCERPT_2026, SPEC_FILES } from "./specLayout";
import { TRIMMED_ROOT, findFullSpec, specSource } from "./specSource";
import { renderSourceMd, serialize, sha256 } from "./trimmedSpecFiles";
import { parseExcerpt, stripProse, trimmedSpecFiles } from "./trimSpec";

const TRIMMED_FILES = [
  ...Object.values(SPEC_FILES),
  EXCERPT_2026.trimmed,
  ...EXAMPLE_FILES.map((e) => e.path),
];

function readTrimmed(relativePath: string): string {
  return fs.readFileSync(path.join(TRIMMED_ROOT, relativePath), "utf8");
}

describe("the trimmed spec copy in test/fixtures/spec", () => {
  it("holds every file the tests read, each with the sha256 SOURCE.md lists", () => {
    const sourceMd = readTrimmed("SOURCE.md");
    for (const relativePath of TRIMMED_FILES) {
      const digest = sha256(readTrimmed(relativePath));
      assert.ok(
        sourceMd.includes(`| \`${relativePath}\` |`) && sourceMd.includes(`\`${digest}\``),
        `SOURCE.md does not list ${relativePath} with sha256 ${digest}`,
      );
    }
    assert.match(sourceMd, /a6fb096706483615298773c8c08e5cf1decec31e/, "names the source commits");
  });

  const full = findFullSpec();
  if (full) {
    it(`equals the corresponding parts of the full spec in ${full}`, () => {
      const expected = trimmedSpecFiles((p) => fs.readFileSync(path.join(full, p), "utf8"));
      assert.deepEqual([...expected.keys()].sort(), [...TRIMMED_FILES].sort());
      for (const [relativePath, value] of expected) {
        assert.equal(
          readTrimmed(relativePath),
          serialize(value),
          `${relativePath} is stale: run node dist/test/conformance/trimmedSpecFiles.js`,
        );
      }
      assert.equal(readTrimmed("SOURCE.md"), renderSourceMd(expected));
    });
  }

  it("drops description prose but keeps a property named description", () => {
    const schema = {
      description: "prose",
      properties: {
        description: { type: "string", description: "more prose" },
        status: { $ref: "#/definitions/S" },
      },
      tags: ["T"],
    };
    assert.deepEqual(stripProse(schema), {
      properties: { description: { type: "string" }, status: { $ref: "#/definitions/S" } },
    });
  });

  it("reads the 2026-02-01 excerpt, which is two path items cut out of an object", () => {
    const parsed = parseExcerpt('  "/a": { "get": {} },\n  "/b": { "put": {} },\n');
    assert.deepEqual(Object.keys(parsed), ["/a", "/b"]);
  });
});

describe("where the spec is read from", () => {
  const existing = findFullSpec();

  it("uses the trimmed copy when forced, or when AZURE_SPEC_DIR holds no spec", () => {
    assert.deepEqual(specSource({ MHSM_SPEC_SOURCE: "trimmed" }), {
      mode: "trimmed",
      root: TRIMMED_ROOT,
    });
    assert.deepEqual(specSource({ AZURE_SPEC_DIR: "/nonexistent" }), {
      mode: "trimmed",
      root: TRIMMED_ROOT,
    });
    assert.throws(
      () => specSource({ MHSM_SPEC_SOURCE: "full", AZURE_SPEC_DIR: "/nonexistent" }),
      /MHSM_SPEC_SOURCE=full/,
    );
    assert.throws(() => specSource({ MHSM_SPEC_SOURCE: "some" }), /must be "full" or "trimmed"/);
  });

  it("does not take the trimmed copy for a full one, though their layouts are the same", () => {
    assert.deepEqual(specSource({ AZURE_SPEC_DIR: TRIMMED_ROOT }), {
      mode: "trimmed",
      root: TRIMMED_ROOT,
    });
    if (existing) {
      assert.deepEqual(specSource({ AZURE_SPEC_DIR: existing }), { mode: "full", root: existing });
    }
  });
});
