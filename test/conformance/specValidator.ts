import Ajv2019, { type ValidateFunction } from "ajv/dist/2019";
import type { EmulatedParentKind } from "../../emulator";
import { isJsonObject, type Json, type JsonObject } from "./json";
import type { SpecDocuments } from "./loadSpec";
import { HSM_PATHS, SPEC_FILES, VAULT_PATHS } from "./specLayout";
import { refsIn } from "./trimSpec";

/**
 * The spec's Swagger 2.0 definitions as JSON Schemas for ajv, and the operations they belong
 * to. Two conversions make the check strict rather than lenient:
 * - every object schema gets `unevaluatedProperties: false` (except the allOf bases, which
 *   their derived schemas close), so a property the spec does not declare is an error;
 * - x-ms-* extensions are dropped (ajv would ignore them anyway).
 * References the saved spec cannot resolve (common-types' managedidentity.json, which the
 * emulator never sends) resolve to an empty schema, i.e. anything.
 */

const BASE = "https://spec.local/";

export type SpecOperationName = "get" | "put" | "delete" | "list" | "getParent";

export interface SpecOperation {
  /** Where relative $refs in the operation resolve, tried in order. */
  documentUrls: string[];
  operation: JsonObject;
  label: string;
}

function urlOf(relativePath: string): string {
  return new URL(relativePath, BASE).href;
}

/** A Swagger schema as JSON Schema 2019-09, closed unless it is an allOf base. */
function toJsonSchema(node: Json, close: boolean): Json {
  if (Array.isArray(node)) {
    return node.map((n) => toJsonSchema(n, true));
  }
  if (!isJsonObject(node)) {
    return node;
  }
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-ms-") || key === "example" || key === "discriminator") {
      continue;
    }
    if (key === "properties" && isJsonObject(value)) {
      result.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema, true)]),
      );
    } else if (key === "allOf" || key === "items" || key === "additionalProperties") {
      result[key] = toJsonSchema(value, key !== "allOf");
    } else {
      result[key] = value;
    }
  }
  const isObjectSchema = result.type === "object" || "properties" in result || "allOf" in result;
  if (close && isObjectSchema && !("additionalProperties" in result)) {
    result.unevaluatedProperties = false;
  }
  return result;
}

function allOfBases(doc: JsonObject, documentUrl: string): Set<string> {
  const bases = new Set<string>();
  const definitions = isJsonObject(doc.definitions) ? doc.definitions : {};
  for (const schema of Object.values(definitions)) {
    if (isJsonObject(schema) && Array.isArray(schema.allOf)) {
      for (const ref of refsIn(schema.allOf)) {
        bases.add(new URL(ref, documentUrl).href);
      }
    }
  }
  return bases;
}

function schemaDocument(doc: JsonObject, documentUrl: string, bases: Set<string>): JsonObject {
  const definitions = isJsonObject(doc.definitions) ? doc.definitions : {};
  return {
    $id: documentUrl,
    definitions: Object.fromEntries(
      Object.entries(definitions).map(([name, schema]) => [
        name,
        toJsonSchema(schema, !bases.has(`${documentUrl}#/definitions/${name}`)),
      ]),
    ),
  };
}

export class SpecValidator {
  private readonly ajv = new Ajv2019({ strict: false, allErrors: true, logger: false });
  private readonly compiled = new Map<string, ValidateFunction>();
  readonly urls = {
    managedHsm: urlOf(SPEC_FILES.managedHsm),
    keyvault: urlOf(SPEC_FILES.keyvault),
    common: urlOf(SPEC_FILES.common),
  };

  constructor(private readonly spec: SpecDocuments) {
    this.ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    this.ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)) && /T/.test(s));
    this.ajv.addFormat("int32", {
      type: "number",
      validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
    });
    const docs: Array<[JsonObject, string]> = [
      [spec.managedHsm, this.urls.managedHsm],
      [spec.keyvault, this.urls.keyvault],
      [spec.common, this.urls.common],
    ];
    const bases = new Set<string>();
    docs.forEach(([doc, url]) => allOfBases(doc, url).forEach((b) => bases.add(b)));
    const known = new Set(docs.map(([, url]) => url));
    for (const [doc, url] of docs) {
      this.ajv.addSchema(schemaDocument(doc, url, bases));
      for (const ref of refsIn(isJsonObject(doc.definitions) ? doc.definitions : {})) {
        const target = new URL(ref, url);
        const file = `${target.origin}${target.pathname}`;
        if (!known.has(file)) {
          known.add(file);
          this.ajv.addSchema(this.unresolvable(file, target.hash));
        }
      }
    }
  }

  /** A stand-in for a file the saved spec references but does not contain. */
  private unresolvable(file: string, hash: string): JsonObject {
    const name = /^#\/definitions\/(.+)$/.exec(decodeURIComponent(hash))?.[1] ?? "unknown";
    return { $id: file, definitions: { [name]: {} } };
  }

  private schemaAt(url: string): ValidateFunction | undefined {
    try {
      return this.ajv.getSchema(url);
    } catch {
      return undefined; // the document exists, the fragment does not
    }
  }

  /** Errors of value against the schema a $ref names, in the first document that has it. */
  validate(ref: string, documentUrls: string[], value: unknown): string[] {
    let validate: ValidateFunction | undefined;
    for (const documentUrl of documentUrls) {
      const url = new URL(ref, documentUrl).href;
      validate = this.compiled.get(url) ?? this.schemaAt(url);
      if (validate) {
        this.compiled.set(url, validate);
        break;
      }
    }
    if (!validate) {
      throw new Error(`no schema for ${ref} in ${documentUrls.join(", ")}`);
    }
    if (validate(value)) {
      return [];
    }
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
    );
  }

  /**
   * The operation of the spec for one request. The 2026-02-01 path items come from the
   * excerpt; its definitions were not saved, so its $refs resolve against 2025-05-01's
   * (managedHsm.json, then common.json, where its CloudError lives), which SOURCES.txt says
   * are the same for these models.
   */
  operation(kind: EmulatedParentKind, apiVersion: string, name: SpecOperationName): SpecOperation {
    const paths = kind === "managedHSMs" ? HSM_PATHS : VAULT_PATHS;
    const template =
      name === "getParent" ? paths.parent : name === "list" ? paths.connections : paths.connection;
    const method = name === "getParent" || name === "list" ? "get" : name;
    const use2026 = kind === "managedHSMs" && apiVersion === "2026-02-01" && name !== "getParent";
    const doc = kind === "managedHSMs" ? this.spec.managedHsm : this.spec.keyvault;
    const documentUrl = kind === "managedHSMs" ? this.urls.managedHsm : this.urls.keyvault;
    const items = use2026 ? this.spec.mhsm2026Paths : isJsonObject(doc.paths) ? doc.paths : {};
    const item = items[template];
    const operation = isJsonObject(item) ? item[method] : undefined;
    if (!isJsonObject(operation)) {
      throw new Error(`the spec has no ${method} ${template} (${apiVersion})`);
    }
    return {
      documentUrls: use2026 ? [documentUrl, this.urls.common] : [documentUrl],
      operation,
      label: `${String(operation.operationId)} ${use2026 ? "2026-02-01" : "2025-05-01"}`,
    };
  }

  /** The declared response for a status: its own entry, or "default" for errors. */
  response(op: SpecOperation, status: number): JsonObject | undefined {
    const responses = isJsonObject(op.operation.responses) ? op.operation.responses : {};
    const own = responses[String(status)];
    if (isJsonObject(own)) {
      return own;
    }
    const fallback = responses.default;
    return status >= 400 && isJsonObject(fallback) ? fallback : undefined;
  }

  /** Problems of one answer against its operation: status declared, body and headers typed. */
  checkAnswer(
    op: SpecOperation,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    body: unknown,
  ): string[] {
    const declared = this.response(op, status);
    if (!declared) {
      return [`${op.label}: status ${status} is not declared`];
    }
    const problems: string[] = [];
    const schema = isJsonObject(declared.schema) ? declared.schema : undefined;
    if (schema && typeof schema.$ref === "string") {
      problems.push(
        ...this.validate(schema.$ref, op.documentUrls, body).map(
          (p) => `${op.label} ${status}: ${p}`,
        ),
      );
    } else if (body !== undefined) {
      problems.push(`${op.label} ${status}: a body where the spec declares none`);
    }
    const declaredHeaders = isJsonObject(declared.headers) ? declared.headers : {};
    for (const [name, spec] of Object.entries(declaredHeaders)) {
      const value = headers[name.toLowerCase()];
      if (
        value !== undefined &&
        isJsonObject(spec) &&
        spec.type === "integer" &&
        !/^\d+$/.test(String(value))
      ) {
        problems.push(`${op.label} ${status}: header ${name} '${String(value)}' is not an integer`);
      }
    }
    return problems;
  }
}
