import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { REPO_ROOT } from "../../../tools/lib/repoRoot";

/** The properties of an Args interface of a resource file (and the interfaces it extends). */
export function argsProperties(
  interfaceName: string,
  file = path.join(REPO_ROOT, "provider", "resource.ts"),
): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const collect = (name: string): string[] => {
    const decl = interfaces.get(name);
    assert.ok(decl, `${file} has no interface ${name}`);
    const own = decl.members.flatMap((m) =>
      ts.isPropertySignature(m) && ts.isIdentifier(m.name) ? [m.name.text] : [],
    );
    const inherited = (decl.heritageClauses ?? []).flatMap((h) =>
      h.types.flatMap((t) => (ts.isIdentifier(t.expression) ? collect(t.expression.text) : [])),
    );
    return [...own, ...inherited];
  };
  return collect(interfaceName).sort();
}
