import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * An example is a program a user copies out of the repository: it depends on the package by
 * its released version, never by a path into this checkout (a copied `file:../..` installs an
 * unrelated folder). The e2e suite links the examples to the package under test instead.
 */
const REPO = path.resolve(__dirname, "../../..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
  name: string;
  version: string;
};

describe("examples depend on the released package", () => {
  const examples = fs
    .readdirSync(path.join(REPO, "examples"))
    .filter((name) => fs.existsSync(path.join(REPO, "examples", name, "package.json")));

  it("there are TypeScript examples to check", () => {
    assert.ok(examples.length >= 5, examples.join(", "));
  });

  for (const example of examples) {
    it(`examples/${example} asks for ^${manifest.version} from the registry`, () => {
      const pkg = JSON.parse(
        fs.readFileSync(path.join(REPO, "examples", example, "package.json"), "utf8"),
      ) as { dependencies?: Record<string, string> };
      assert.equal(pkg.dependencies?.[manifest.name], `^${manifest.version}`);
    });
  }
});
