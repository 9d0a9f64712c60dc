import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/*
 * docs/fault-matrix.md quotes test titles; this keeps it from naming a test that no longer
 * exists. Titles are collected by mocha itself (--dry-run loads the suites without running a
 * hook or a test), so titles built in loops count as the reader sees them in a run.
 */
const REPO = path.resolve(__dirname, "../../..");
const MATRIX = path.join(REPO, "docs/fault-matrix.md");

interface MatrixList {
  /** The test files the paragraphs above the list name, as `test/.../*.test.ts`. */
  files: string[];
  /** Each quoted title of the list's "Test:" fields. */
  titles: string[];
}

/** Where a line stands in a list of faults: an entry, its field, the field's next line, prose. */
function lineKind(line: string): "entry" | "field" | "continued" | "blank" | "prose" {
  if (line.startsWith("- **")) return "entry";
  if (line.startsWith("  - ")) return "field";
  if (/^ {4}\S/.test(line)) return "continued";
  return line.trim() === "" ? "blank" : "prose";
}

/** Each entry's "Test:" field, its wrapped lines joined with a space. */
function testFields(lines: string[]): string[] {
  const fields: string[] = [];
  let inTest = false;
  for (const line of lines) {
    const kind = lineKind(line);
    if (kind === "field") {
      inTest = line.startsWith("  - Test:");
      if (inTest) fields.push(line.slice("  - Test:".length).trim());
    } else if (kind === "continued" && inTest) {
      fields[fields.length - 1] += ` ${line.trim()}`;
    } else if (kind === "entry") {
      inTest = false;
    }
  }
  return fields;
}

/**
 * Every list of faults (entries `- **fault**` with `  - Test: "title"` fields), with the test
 * files named since the previous list (a list whose paragraph names none, "same suite", keeps
 * the previous list's files).
 */
export function matrixLists(markdown: string): MatrixList[] {
  const lists: MatrixList[] = [];
  let files: string[] = [];
  let entries: string[] = [];
  const close = (): void => {
    const titles = testFields(entries).flatMap((f) =>
      [...f.matchAll(/"([^"]+)"/g)].map((m) => m[1]),
    );
    const inherited = files.length === 0 ? (lists.at(-1)?.files ?? []) : files;
    lists.push({ files: inherited, titles });
    files = [];
    entries = [];
  };
  for (const line of markdown.split("\n")) {
    const kind = lineKind(line);
    if (kind === "prose") {
      if (entries.length > 0) close();
      for (const m of line.matchAll(/`(test\/[\w/.-]+\.test\.ts)`/g)) files.push(m[1]);
    } else if (kind !== "blank" || entries.length > 0) {
      entries.push(line);
    }
  }
  if (entries.length > 0) close();
  return lists;
}

/** A quoted title; "..." in it stands for any text (the matrix abbreviates generated names). */
function titleMatcher(quoted: string): (title: string) => boolean {
  if (!quoted.includes("...")) return (title) => title === quoted;
  const escaped = quoted.split("...").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`^${escaped.join(".*")}$`, "s");
  return (title) => pattern.test(title);
}

interface DryRunTest {
  title: string;
  file: string;
}

function testTitlesByFile(files: string[]): Map<string, Set<string>> {
  const compiled = files.map((f) => path.join(REPO, "dist", f.replace(/\.ts$/, ".js")));
  const mocha = require.resolve("mocha/bin/mocha.js");
  const run = spawnSync(process.execPath, [mocha, "--dry-run", "--reporter", "json", ...compiled], {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, `mocha --dry-run failed: ${run.stderr}`);
  const tests = (JSON.parse(run.stdout) as { tests: DryRunTest[] }).tests;
  const byFile = new Map<string, Set<string>>();
  for (const t of tests) {
    const source = path.relative(path.join(REPO, "dist"), t.file).replace(/\.js$/, ".ts");
    const titles = byFile.get(source) ?? new Set<string>();
    titles.add(t.title);
    byFile.set(source, titles);
  }
  return byFile;
}

describe("docs/fault-matrix.md names only tests that exist", () => {
  const lists = matrixLists(fs.readFileSync(MATRIX, "utf8"));

  it("finds the lists of faults, each naming its test files and some titles", () => {
    assert.ok(lists.length >= 5, `only ${lists.length} lists with "Test:" fields`);
    for (const [n, list] of lists.entries()) {
      assert.ok(list.files.length > 0, `list ${n + 1} names no test file above it`);
      assert.ok(list.titles.length > 0, `list ${n + 1} quotes no test title`);
    }
  });

  it("keeps its lines short enough to read in an editor and a diff", () => {
    const long = fs
      .readFileSync(MATRIX, "utf8")
      .split("\n")
      .filter((line) => line.length > 160);
    assert.deepEqual(long, []);
  });

  it("every quoted title is a test of a file named above its list", function () {
    this.timeout(60_000);
    const files = [...new Set(lists.flatMap((t) => t.files))];
    for (const f of files) assert.ok(fs.existsSync(path.join(REPO, f)), `${f} does not exist`);
    const byFile = testTitlesByFile(files);
    const missing = lists.flatMap((list) =>
      list.titles
        .filter((quoted) => {
          const matches = titleMatcher(quoted);
          return !list.files.some((f) => [...(byFile.get(f) ?? [])].some(matches));
        })
        .map((title) => `"${title}" (looked in ${list.files.join(", ")})`),
    );
    assert.deepEqual(missing, [], `titles in docs/fault-matrix.md with no such test`);
  });
});
