import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

/*
 * The npm package ships dist/provider and dist/emulator as JavaScript and .d.ts, without source
 * maps (docs/release.md): a file naming a map the package lacks makes bundlers warn. The
 * package is packed from this same build, so the built files are what users get.
 */
const REPO = path.resolve(__dirname, "../../..");
const SHIPPED = ["dist/provider", "dist/emulator"];

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe("the packaged JavaScript", () => {
  const files = SHIPPED.flatMap((d) => filesUnder(path.join(REPO, d)));

  it("is built (the check below looks at something)", () => {
    assert.ok(files.filter((f) => f.endsWith(".js")).length > 50, `only ${files.length} files`);
  });

  it("names no source map, and no map is built beside it", () => {
    const naming = files.filter(
      (f) => /\.(js|d\.ts)$/.test(f) && fs.readFileSync(f, "utf8").includes("sourceMappingURL"),
    );
    assert.deepEqual(
      naming.map((f) => path.relative(REPO, f)),
      [],
    );
    assert.deepEqual(
      files.filter((f) => f.endsWith(".map")).map((f) => path.relative(REPO, f)),
      [],
    );
  });
});
