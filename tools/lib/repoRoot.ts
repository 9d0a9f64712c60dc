import * as fs from "node:fs";
import * as path from "node:path";

/** The name in the repository's package.json: how REPO_ROOT is recognised. */
export const PACKAGE_NAME = "pulumi-azure-mhsm-pec";

/** The repository root (this file is tools/lib/repoRoot.ts, or dist/tools/lib/...). */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) {
          return dir;
        }
      } catch {
        // not a package.json we can read: keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find the ${PACKAGE_NAME} repository above ${start}`);
    }
    dir = parent;
  }
}
