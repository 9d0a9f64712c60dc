/**
 * postject parses each Node binary with LIEF, which prints what it cannot read through
 * console.warn. Two kinds are expected of the official Node binaries and change nothing:
 * ELF note sections without a name in the string table (Linux), and the Authenticode signature
 * of the Windows binaries (injecting the blob invalidates it anyway; docs/release.md). Those are
 * counted and said in one line; anything else LIEF prints is passed on as it is.
 */

const EXPECTED: { pattern: RegExp; meaning: string }[] = [
  {
    pattern: /^warning: Can't find string offset for section name '\.note[\w.]*'$/,
    meaning: "ELF note sections without a name (harmless: the blob goes into a note of its own)",
  },
  {
    pattern: /^warning: The signature seems corrupted!$/,
    meaning: "the Windows binary's Authenticode signature, which the injection invalidates",
  },
];

export interface SortedNotes {
  /** One line per expected kind seen, with its count. */
  explained: string[];
  /** What no expected kind matches. */
  other: string[];
}

/** Sorts what LIEF printed into the expected kinds (counted) and the rest. */
export function sortNotes(lines: string[]): SortedNotes {
  const counts = new Map<string, number>();
  const other: string[] = [];
  for (const line of lines) {
    const kind = EXPECTED.find((k) => k.pattern.test(line.trim()));
    if (kind) counts.set(kind.meaning, (counts.get(kind.meaning) ?? 0) + 1);
    else other.push(line);
  }
  return { explained: [...counts].map(([meaning, n]) => `${n} x ${meaning}`), other };
}

/** Runs `work` with console.warn collected; returns its result and what was printed. */
export async function collectingWarnings<T>(
  work: () => Promise<T>,
): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  };
  try {
    return { result: await work(), lines };
  } finally {
    console.warn = original;
  }
}
