import * as fs from "node:fs";
import * as path from "node:path";
import { EXCERPT_2026, SPEC_FILES } from "./specLayout";

/**
 * Where the spec comes from: $AZURE_SPEC_DIR when set, else ../shared/azure-spec beside the
 * repository, else the trimmed copy in test/fixtures/spec. MHSM_SPEC_SOURCE=trimmed forces
 * the trimmed copy (to run the suite the way a machine without ../shared does) and
 * MHSM_SPEC_SOURCE=full refuses to fall back.
 */

export type SpecMode = "full" | "trimmed";

export interface SpecSource {
  mode: SpecMode;
  root: string;
}

/** dist/test/conformance -> the repository. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const TRIMMED_ROOT = path.join(REPO_ROOT, "test", "fixtures", "spec");

/** The excerpt's text form exists only in the full copy (the trimmed one holds it as JSON). */
function holdsFullSpec(root: string): boolean {
  return (
    fs.existsSync(path.join(root, SPEC_FILES.managedHsm)) &&
    fs.existsSync(path.join(root, EXCERPT_2026.full))
  );
}

/** The full copy on this machine, if there is one. */
export function findFullSpec(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidate = env.AZURE_SPEC_DIR
    ? path.resolve(env.AZURE_SPEC_DIR)
    : path.resolve(REPO_ROOT, "..", "shared", "azure-spec");
  return holdsFullSpec(candidate) ? candidate : undefined;
}

export function specSource(env: NodeJS.ProcessEnv = process.env): SpecSource {
  const forced = env.MHSM_SPEC_SOURCE;
  if (forced !== undefined && forced !== "full" && forced !== "trimmed") {
    throw new Error(`MHSM_SPEC_SOURCE must be "full" or "trimmed" (got '${forced}')`);
  }
  const full = forced === "trimmed" ? undefined : findFullSpec(env);
  if (full) {
    return { mode: "full", root: full };
  }
  if (forced === "full") {
    throw new Error(
      "MHSM_SPEC_SOURCE=full but neither $AZURE_SPEC_DIR nor ../shared/azure-spec holds the spec",
    );
  }
  return { mode: "trimmed", root: TRIMMED_ROOT };
}
