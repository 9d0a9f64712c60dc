import { isJsonObject, type Json, type JsonObject } from "./json";
import {
  EXAMPLE_FILES,
  EXCERPT_2026,
  HSM_PATHS,
  KEPT_METHODS,
  SPEC_FILES,
  VAULT_PATHS,
} from "./specLayout";

/**
 * The trimmed copy of the spec in test/fixtures/spec: the parts the conformance tests read
 * (the private-endpoint-connection and parent GET operations with their status codes and
 * headers, the definitions those reach, the examples) without description prose. It is
 * derived from the full copy by this code alone, so a test can check it is not stale.
 */

/** Descriptions, summaries and tags are prose; a property named "description" is a schema and stays. */
export function stripProse(node: Json): Json {
  if (Array.isArray(node)) {
    return node.map(stripProse);
  }
  if (!isJsonObject(node)) {
    return node;
  }
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    const prose =
      ((key === "description" || key === "summary") && typeof value === "string") ||
      (key === "tags" && Array.isArray(value));
    if (!prose) {
      result[key] = stripProse(value);
    }
  }
  return result;
}

/** Every "$ref" value under node. */
export function refsIn(node: Json, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((n) => refsIn(n, found));
  } else if (isJsonObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        found.push(value);
      } else {
        refsIn(value, found);
      }
    }
  }
  return found;
}

const LOCAL = /^#\/(definitions|parameters)\/(.+)$/;
const COMMON = /^common\.json#\/definitions\/(.+)$/;

function section(doc: JsonObject, name: string): JsonObject {
  const value = doc[name];
  return isJsonObject(value) ? value : {};
}

interface Trimmed {
  doc: JsonObject;
  /** Definitions of common.json this document reaches. */
  commonDefinitions: Set<string>;
}

/** The kept paths of a swagger document and everything they reach inside it. */
export function trimSwagger(
  doc: JsonObject,
  keptPaths: Readonly<Record<string, readonly string[]>>,
): Trimmed {
  const paths: JsonObject = {};
  for (const [template, methods] of Object.entries(keptPaths)) {
    const item = section(section(doc, "paths"), template);
    const kept: JsonObject = {};
    for (const method of methods) {
      if (item[method] !== undefined) {
        kept[method] = stripProse(item[method]);
      }
    }
    paths[template] = kept;
  }
  const wanted = { definitions: new Set<string>(), parameters: new Set<string>() };
  const commonDefinitions = new Set<string>();
  const pending = refsIn(paths);
  while (pending.length > 0) {
    const ref = pending.pop() as string;
    const local = LOCAL.exec(ref);
    const common = COMMON.exec(ref);
    if (local) {
      const kind = local[1] as "definitions" | "parameters";
      if (!wanted[kind].has(local[2])) {
        wanted[kind].add(local[2]);
        pending.push(...refsIn(section(doc, kind)[local[2]] ?? null));
      }
    } else if (common) {
      commonDefinitions.add(common[1]);
    }
  }
  const pick = (kind: "definitions" | "parameters") =>
    Object.fromEntries(
      Object.keys(section(doc, kind))
        .filter((name) => wanted[kind].has(name))
        .map((name) => [name, stripProse(section(doc, kind)[name])]),
    );
  const info = section(doc, "info");
  return {
    doc: {
      swagger: doc.swagger ?? null,
      info: { version: info.version ?? null },
      paths,
      definitions: pick("definitions"),
      parameters: pick("parameters"),
    },
    commonDefinitions,
  };
}

/** common.json's definitions the documents reach, with what those reach in turn. */
export function trimCommon(common: JsonObject, reached: Set<string>): JsonObject {
  const definitions = section(common, "definitions");
  const wanted = new Set<string>();
  const pending = [...reached];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (!wanted.has(name) && definitions[name] !== undefined) {
      wanted.add(name);
      for (const ref of refsIn(definitions[name])) {
        const local = LOCAL.exec(ref);
        if (local?.[1] === "definitions") {
          pending.push(local[2]);
        }
      }
    }
  }
  return {
    swagger: common.swagger ?? null,
    info: { version: section(common, "info").version ?? null },
    definitions: Object.fromEntries(
      Object.keys(definitions)
        .filter((name) => wanted.has(name))
        .map((name) => [name, stripProse(definitions[name])]),
    ),
  };
}

/** The excerpt is two `"path": {...},` members cut out of an object: put the braces back. */
export function parseExcerpt(text: string): JsonObject {
  const parsed: unknown = JSON.parse(`{${text.trim().replace(/,$/, "")}}`);
  if (!isJsonObject(parsed)) {
    throw new Error("the 2026-02-01 excerpt is not a set of path items");
  }
  return parsed;
}

function keep(paths: Record<"parent" | "connections" | "connection", string>) {
  return Object.fromEntries(
    (Object.keys(paths) as Array<keyof typeof paths>).map((k) => [paths[k], KEPT_METHODS[k]]),
  );
}

/**
 * Every file of the trimmed copy, by path relative to the spec root, computed from the full
 * copy that readFull reads.
 */
export function trimmedSpecFiles(readFull: (relativePath: string) => string): Map<string, Json> {
  const json = (p: string): JsonObject => {
    const parsed: unknown = JSON.parse(readFull(p));
    if (!isJsonObject(parsed)) {
      throw new Error(`${p} is not a JSON object`);
    }
    return parsed;
  };
  const hsm = trimSwagger(json(SPEC_FILES.managedHsm), keep(HSM_PATHS));
  const vault = trimSwagger(json(SPEC_FILES.keyvault), keep(VAULT_PATHS));
  const reached = new Set([...hsm.commonDefinitions, ...vault.commonDefinitions]);
  const excerpt = parseExcerpt(readFull(EXCERPT_2026.full));
  const files = new Map<string, Json>([
    [SPEC_FILES.managedHsm, hsm.doc],
    [SPEC_FILES.keyvault, vault.doc],
    [SPEC_FILES.common, trimCommon(json(SPEC_FILES.common), reached)],
    [
      EXCERPT_2026.trimmed,
      {
        paths: Object.fromEntries(
          Object.entries(excerpt).map(([template, item]) => [template, stripProse(item)]),
        ),
      },
    ],
  ]);
  for (const example of EXAMPLE_FILES) {
    files.set(example.path, json(example.path));
  }
  return files;
}
