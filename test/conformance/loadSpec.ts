import * as fs from "node:fs";
import * as path from "node:path";
import { isJsonObject, type JsonObject } from "./json";
import { EXCERPT_2026, SPEC_FILES } from "./specLayout";
import { specSource, type SpecSource } from "./specSource";
import { parseExcerpt } from "./trimSpec";

/** The specification documents the conformance tests read, from the full copy or the trimmed one. */
export interface SpecDocuments {
  source: SpecSource;
  managedHsm: JsonObject;
  keyvault: JsonObject;
  common: JsonObject;
  /** The 2026-02-01 MHSM private endpoint connection path items. */
  mhsm2026Paths: JsonObject;
  example(relativePath: string): JsonObject;
}

function readJson(root: string, relativePath: string): JsonObject {
  const parsed: unknown = JSON.parse(fs.readFileSync(path.join(root, relativePath), "utf8"));
  if (!isJsonObject(parsed)) {
    throw new Error(`${relativePath} in ${root} is not a JSON object`);
  }
  return parsed;
}

export function loadSpec(source: SpecSource = specSource()): SpecDocuments {
  const { root } = source;
  let mhsm2026Paths: JsonObject;
  if (source.mode === "full") {
    mhsm2026Paths = parseExcerpt(fs.readFileSync(path.join(root, EXCERPT_2026.full), "utf8"));
  } else {
    const trimmed = readJson(root, EXCERPT_2026.trimmed).paths;
    mhsm2026Paths = isJsonObject(trimmed) ? trimmed : {};
  }
  return {
    source,
    managedHsm: readJson(root, SPEC_FILES.managedHsm),
    keyvault: readJson(root, SPEC_FILES.keyvault),
    common: readJson(root, SPEC_FILES.common),
    mhsm2026Paths,
    example: (relativePath) => readJson(root, relativePath),
  };
}
