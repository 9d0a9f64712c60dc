import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/*
 * CONTRIBUTING.md's design tree draws the repository; this keeps it true: every path it names
 * exists, and every folder of the repository down to three levels (not inside test fixtures or
 * inside an example) is named.
 */
const REPO = path.resolve(__dirname, "../../..");

/** Paths of the first code block under "## The design tree": two spaces of indent per level. */
export function designTreePaths(markdown: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith("The design tree\n")) ?? "";
  const block = /^```\n([\s\S]*?)^```/m.exec(section)?.[1] ?? "";
  const parents: string[] = [];
  const paths: string[] = [];
  for (const line of block.split("\n")) {
    const m = /^( *)([\w.][\w./-]*)(\s|$)/.exec(line);
    // Deeper indents are a description's continuation lines, not entries.
    if (!m || m[1].length > 6) continue;
    const depth = m[1].length / 2;
    const name = m[2].replace(/\/$/, "");
    const full = depth === 0 ? name : `${parents[depth - 1]}/${name}`;
    parents.length = depth;
    parents.push(full);
    paths.push(full);
  }
  return paths;
}

/** The repository's files: git's list, or (in a copy without .git) what is on disk. */
function repositoryFiles(): string[] {
  const git = spawnSync("git", ["ls-files"], { cwd: REPO, encoding: "utf8" });
  if (git.status === 0 && git.stdout.trim() !== "") return git.stdout.split("\n").filter(Boolean);
  const untracked = new Set(["node_modules", "dist", ".git", ".emulator", "api"]);
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (!entry.isDirectory()) return [rel];
      return untracked.has(entry.name) ? [] : walk(rel);
    });
  return walk("");
}

function trackedFolders(): string[] {
  const folders = new Set<string>();
  for (const file of repositoryFiles()) {
    const parts = file.split("/").slice(0, -1);
    for (let depth = 1; depth <= Math.min(3, parts.length); depth++) {
      folders.add(parts.slice(0, depth).join("/"));
    }
  }
  return [...folders].filter((f) => !/^(test\/fixtures|examples)\/[^/]+\//.test(f)).sort();
}

describe("CONTRIBUTING.md: the design tree", () => {
  const named = designTreePaths(fs.readFileSync(path.join(REPO, "CONTRIBUTING.md"), "utf8"));

  it("names paths that exist", () => {
    assert.ok(named.length > 20, `only ${named.length} paths in the tree`);
    assert.deepEqual(
      named.filter((p) => !fs.existsSync(path.join(REPO, p))),
      [],
    );
  });

  it("names every folder of the repository", () => {
    const listed = new Set(named);
    assert.deepEqual(
      trackedFolders().filter((f) => !listed.has(f)),
      [],
    );
  });
});
