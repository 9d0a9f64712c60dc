/**
 * The part of Pulumi's package schema this plugin uses, typed so that a resource's schema is
 * checked against the TypeScript interfaces of its inputs and outputs at compile time: every
 * property of the interface must be described, none may be invented, and each one's schema
 * type follows from its TypeScript type.
 */

/**
 * The schema type of a TypeScript property type: a list is an array of its element's type, a
 * record with string keys a map (`additionalProperties`), any other object a `$ref`.
 */
export type SchemaTypeOf<T> = [T] extends [string]
  ? { type: "string" }
  : [T] extends [number]
    ? { type: "number" }
    : [T] extends [boolean]
      ? { type: "boolean" }
      : [T] extends [readonly (infer E)[]]
        ? { type: "array"; items: SchemaTypeOf<E> }
        : string extends keyof T
          ? { type: "object"; additionalProperties: SchemaTypeOf<T[string]> }
          : { $ref: string };

export type PropertySpec<T> = SchemaTypeOf<T> & {
  description: string;
  /*
   * No `default`: the SDKs would send it as if the program had set it, and the engine would
   * record and diff an input the program never declared (plugin/declared.ts). The defaults
   * live in check, and the descriptions say them.
   */
  /** Environment variables an SDK reads when the property is not set. */
  defaultInfo?: { environment: string[] };
};

/** One entry per property of T, optional or not. */
export type PropertiesOf<T> = { [K in keyof T]-?: PropertySpec<NonNullable<T[K]>> };

/** The names of T's properties that are not optional. */
export type RequiredKeys<T> = {
  [K in keyof T]-?: undefined extends T[K] ? never : K;
}[keyof T] &
  string;

export interface ObjectTypeSpec<T> {
  type: "object";
  description: string;
  properties: PropertiesOf<T>;
  required?: RequiredKeys<T>[];
}

export interface ResourceSpec<Inputs, Outputs> {
  description: string;
  inputProperties: PropertiesOf<Inputs>;
  requiredInputs: (keyof Inputs & string)[];
  properties: PropertiesOf<Outputs>;
  required: (keyof Outputs & string)[];
}

export interface PackageSpec {
  name: string;
  /** The Registry's title of the package (docs/_index.md has the same). */
  displayName: string;
  publisher: string;
  homepage: string;
  repository: string;
  logoUrl: string;
  version: string;
  /** Where the CLI downloads this plugin when a program needs it and it is not installed. */
  pluginDownloadURL: string;
  description: string;
  keywords: string[];
  license: string;
  meta: { moduleFormat: string };
  language: Record<string, Record<string, unknown>>;
  provider: { description: string };
  types: Record<string, SpecJson>;
  resources: Record<string, SpecJson>;
}

/** A type or resource spec once built: its property types no longer matter to the package. */
export interface SpecJson {
  description: string;
}

/** What a parent's name parts become when the parent is given by its ARM id instead. */
type NamedParentKeys = "hsmName" | "vaultName" | "subscriptionId" | "resourceGroupName";

/** The properties of a resource whose parent is given by `parentResourceId`. */
export type ByParentId<T> = Omit<T, NamedParentKeys>;

/** The common properties without those the parent's ARM id replaces. */
export function withoutParentNameParts<
  T extends { subscriptionId: unknown; resourceGroupName: unknown },
>(common: T): Omit<T, "subscriptionId" | "resourceGroupName"> {
  const { subscriptionId: _subscription, resourceGroupName: _group, ...rest } = common;
  return rest;
}
