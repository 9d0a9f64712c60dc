import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { SETTINGS } from "../../provider/settings";

/**
 * The configuration table of docs/installation-configuration.md is what the code reads: its rows are settings.ts, and no
 * file under provider/ reads a variable that settings.ts does not list.
 */

const ROOT = path.resolve(__dirname, "..", "..", "..");

function cells(line: string): string[] {
  return line
    .split("|")
    .slice(1, -1)
    .map((c) => c.trim());
}

function unquote(cell: string): string[] {
  return cell
    .split(",")
    .map((c) => c.trim().replace(/^`|`$/g, ""))
    .filter((c) => c !== "");
}

function tableRows(): string[][] {
  const doc = fs.readFileSync(path.join(ROOT, "docs", "installation-configuration.md"), "utf8");
  const start = doc.indexOf("<!-- configuration-table:start -->");
  const end = doc.indexOf("<!-- configuration-table:end -->");
  assert.ok(start >= 0 && end > start, "the page marks its configuration table");
  return doc
    .slice(start, end)
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .slice(2)
    .map(cells);
}

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("docs/installation-configuration.md: the configuration table", () => {
  it("lists exactly the settings settings.ts reads, with their keys, variables and secrecy", () => {
    const expected = Object.entries(SETTINGS).map(([name, spec]) => [
      name,
      spec.configKey,
      [...spec.variables].join(","),
      spec.secret ? "yes" : "no",
      spec.azureNative,
    ]);
    const actual = tableRows().map(([name, key, variables, secret, azureNative]) => [
      unquote(name)[0],
      unquote(key)[0],
      unquote(variables).join(","),
      secret,
      azureNative,
    ]);
    assert.deepEqual(actual, expected);
  });

  it("no code under provider/ reads a variable or config key the table does not list", () => {
    const variables = new Set<string>(Object.values(SETTINGS).flatMap((s) => [...s.variables]));
    const read =
      /\benv(?:\.|\[["'`])([A-Z][A-Z0-9_]+)|["'`]((?:ARM|AZURE|ACTIONS|MHSM_PEC)_[A-Z0-9_]+)["'`]/g;
    const configRead = /["'`](azure-native:[A-Za-z]+)["'`]/g;
    const keys = new Set<string>(Object.values(SETTINGS).map((s) => s.configKey));
    const unlisted: string[] = [];
    for (const file of sourcesUnder(path.join(ROOT, "provider"))) {
      if (path.basename(file) === "settings.ts") continue;
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(read)) {
        const name = m[1] ?? m[2];
        if (!variables.has(name)) unlisted.push(`${path.relative(ROOT, file)}: ${name}`);
      }
      for (const m of text.matchAll(configRead)) {
        if (!keys.has(m[1])) unlisted.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      }
    }
    assert.deepEqual(unlisted, []);
  });
});
