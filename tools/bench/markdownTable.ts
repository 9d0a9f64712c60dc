/** The report's tables and the verdict column every section shares. */

export interface Verdict {
  pass: boolean;
  misses: string[];
}

export function verdictText(v: Verdict): string {
  return v.pass ? "pass" : `**miss** (${v.misses.join(", ")})`;
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
