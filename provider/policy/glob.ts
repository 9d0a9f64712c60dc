/**
 * Globs on private endpoint names: `*` is any run of characters, `?` exactly one, everything
 * else literal. Private endpoint names hold no `/`, so no path semantics are needed, which is
 * why this is a dozen lines rather than a dependency. Matching is case-insensitive, as ARM
 * compares names.
 */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (const char of glob) {
    if (char === "*") {
      source += ".*";
    } else if (char === "?") {
      source += ".";
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`, "isu");
}

/** Why a glob cannot be used, or undefined. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === "") {
    return "must not be empty";
  }
  if (/[[\]{}]/.test(glob)) {
    return "may use only * and ? as wildcards (no [...] or {...})";
  }
  return undefined;
}
