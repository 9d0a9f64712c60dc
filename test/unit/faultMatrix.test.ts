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

interface MatrixTable {
  /** The test files the paragraphs above the table name, as `test/.../*.test.ts`. */
  files: string[];
  /** Each quoted title of the table's "Test" column. */
  titles: string[];
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.trim());
}

/**
 * Every table with a "Test" column, with the test files named since the previous table (a
 * table whose paragraph names none, "same suite", keeps the previous table's files).
 */
export function matrixTables(markdown: string): MatrixTable[] {
  const tables: MatrixTable[] = [];
  const lines = markdown.split("\n");
  let files: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.startsWith("|")) {
      for (const m of line.matchAll(/`(test\/[\w/.-]+\.test\.ts)`/g)) files.push(m[1]);
      continue;
    }
    const header = cells(line);
    const testColumn = header.indexOf("Test");
    let j = i + 2; // past the header and its |---| line
    const titles: string[] = [];
    for (; j < lines.length && lines[j].startsWith("|"); j++) {
      const cell = cells(lines[j])[testColumn] ?? "";
      for (const m of cell.matchAll(/"([^"]+)"/g)) titles.push(m[1]);
    }
    if (testColumn >= 0) {
      const inherited = files.length === 0 ? (tables.at(-1)?.files ?? []) : files;
      tables.push({ files: inherited, titles });
    }
    files = [];
    i = j - 1;
  }
  return tables;
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
  const tables = matrixTables(fs.readFileSync(MATRIX, "utf8"));

  it("finds the tables, each naming its test files and some titles", () => {
    assert.ok(tables.length >= 5, `only ${tables.length} tables with a Test column`);
    for (const [n, table] of tables.entries()) {
      assert.ok(table.files.length > 0, `table ${n + 1} names no test file above it`);
      assert.ok(table.titles.length > 0, `table ${n + 1} quotes no test title`);
    }
  });

  it("every quoted title is a test of a file named above its table", function () {
    this.timeout(60_000);
    const files = [...new Set(tables.flatMap((t) => t.files))];
    for (const f of files) assert.ok(fs.existsSync(path.join(REPO, f)), `${f} does not exist`);
    const byFile = testTitlesByFile(files);
    const missing = tables.flatMap((table) =>
      table.titles
        .filter((quoted) => {
          const matches = titleMatcher(quoted);
          return !table.files.some((f) => [...(byFile.get(f) ?? [])].some(matches));
        })
        .map((title) => `"${title}" (looked in ${table.files.join(", ")})`),
    );
    assert.deepEqual(missing, [], `titles in docs/fault-matrix.md with no such test`);
  });
});
