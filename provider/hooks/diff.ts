import { sameArmName } from "../arm/ids";
import type { ParentKind } from "../arm/parentKinds";
import { normalizedDescription } from "../inputs";

/**
 * diff: the names in the ARM id replace the resource (deleting first: the connection is the
 * same ARM object, it cannot exist twice), compared case-insensitively as ARM compares them;
 * status and description update in place. Nothing else is a change, so no perpetual diff comes
 * from casing, an absent vs empty description, key order or the serialized provider's text.
 */
export interface DiffResult {
  changes: boolean;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
}

export function identityProperties(kind: ParentKind): string[] {
  return [
    "subscriptionId",
    "resourceGroupName",
    kind.nameProperty,
    "privateEndpointConnectionName",
  ];
}

export function diff(
  kind: ParentKind,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): DiffResult {
  const replaces = identityProperties(kind).filter(
    (property) => !sameArmName(asString(olds[property]), asString(news[property])),
  );
  const updates = [
    olds.status !== news.status ? "status" : undefined,
    normalizedDescription(asString(olds.description)) !==
    normalizedDescription(asString(news.description))
      ? "description"
      : undefined,
  ].filter((p): p is string => p !== undefined);
  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    stables: replaces.length > 0 ? [] : [...identityProperties(kind), "connectionId"],
    deleteBeforeReplace: replaces.length > 0,
  };
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
