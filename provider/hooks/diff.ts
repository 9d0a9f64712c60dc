/**
 * diff: the names in the ARM id replace the resource, compared case-insensitively as ARM
 * compares them. The engine then creates the replacement before deleting the old resource, so
 * a new name that is wrong fails the create with the old connection untouched, and a delete of
 * a connection the replacement took over writes nothing (declarations.ts);
 * status, description and onDelete update in place (onDelete with no ARM write: it is recorded
 * for the delete to come). Nothing else is a change, so no perpetual diff comes
 * from casing, an absent vs empty description, key order or the serialized provider's text.
 */

import { sameArmName } from "../arm/ids";
import { DEFAULT_CONNECTION_ON_DELETE, normalizedDescription } from "../inputs";
import { parentProperties, type ParentNaming } from "../parentInputs";

/** What diff tells the engine. */
export interface DiffResult {
  changes: boolean;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
}

/**
 * The properties that say which connection this is. The connection is selected by its name,
 * or by its private endpoint's id; the outputs carry both, so a program may switch from one
 * to the other without a replace when they denote the same connection.
 */
export function identityProperties(
  kind: ParentNaming,
  news: Record<string, unknown> = {},
): string[] {
  const selector =
    news.privateEndpointConnectionName === undefined && news.privateEndpointId !== undefined
      ? "privateEndpointId"
      : "privateEndpointConnectionName";
  return [...parentProperties(kind), selector];
}

export function diff(
  kind: ParentNaming,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): DiffResult {
  const identity = identityProperties(kind, news);
  const replaces = identity.filter(
    (property) => !sameArmName(asString(olds[property]), asString(news[property])),
  );
  const updates = [
    olds.status !== news.status ? "status" : undefined,
    normalizedDescription(asString(olds.description)) !==
    normalizedDescription(asString(news.description))
      ? "description"
      : undefined,
    // A state written before onDelete existed records none: it meant the default.
    onDeleteOf(olds) !== onDeleteOf(news) ? "onDelete" : undefined,
  ].filter((p): p is string => p !== undefined);
  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    stables: replaces.length > 0 ? [] : [...identity, "connectionId"],
    deleteBeforeReplace: false,
  };
}

function onDeleteOf(props: Record<string, unknown>): unknown {
  return props.onDelete ?? DEFAULT_CONNECTION_ON_DELETE;
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
