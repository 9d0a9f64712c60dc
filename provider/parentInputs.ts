/**
 * How a resource's inputs name its parent: the Managed HSM and key vault resources by
 * subscriptionId, resourceGroupName and hsmName or vaultName (their kind, parentKinds.ts); the
 * resources of any private-link service by the parent's ARM id, `parentResourceId`. The input
 * names are Pulumi's, so this mapping lives here, on the Pulumi side of arm/.
 */

import { formatParentId, type ParentRef } from "./arm/ids";
import type { ParentKind, ParentType } from "./arm/parentKinds";
import { parseParentResourceId } from "./arm/parentResourceId";

/** The input property that names a Key Vault parent: `hsmName` or `vaultName`. */
export type ParentNameProperty = "hsmName" | "vaultName";

/** The resources of any service: the parent given by its ARM id. */
export const ANY_PARENT = Object.freeze({ naming: "parentResourceId" as const });

/** How a resource names its parent: a Key Vault kind by names, or any parent by its id. */
export type ParentNaming = ParentKind | typeof ANY_PARENT;

/** The input that holds the parent's ARM id. */
export const PARENT_RESOURCE_ID = "parentResourceId";

const NAME_PROPERTIES: Readonly<Record<ParentType, ParentNameProperty>> = {
  managedHSMs: "hsmName",
  vaults: "vaultName",
};

export function parentNameProperty(kind: ParentKind): ParentNameProperty {
  return NAME_PROPERTIES[kind.armType];
}

/** The parent's name as the inputs give it ("" when they do not). */
export function parentNameOf(
  kind: ParentKind,
  props: Partial<Record<ParentNameProperty, string>>,
): string {
  return props[parentNameProperty(kind)] ?? "";
}

export function namesByParentId(kind: ParentNaming): kind is typeof ANY_PARENT {
  return "naming" in kind;
}

/** The inputs that together say which parent: they replace the resource when they change. */
export function parentProperties(kind: ParentNaming): string[] {
  return namesByParentId(kind)
    ? [PARENT_RESOURCE_ID]
    : ["subscriptionId", "resourceGroupName", parentNameProperty(kind)];
}

/** What the resource calls its parent in messages ("Managed HSM", or the parent's own noun). */
export function parentNoun(kind: ParentNaming): string {
  return namesByParentId(kind) ? "private-link resource" : kind.displayName;
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * The parent the inputs name; undefined when they do not name one whose type is known (a
 * preview's unknown value, an id of a type not yet resolved from its registration).
 */
export function parentOfInputs(
  kind: ParentNaming,
  props: Record<string, unknown>,
): ParentRef | undefined {
  if (namesByParentId(kind)) {
    const id = text(props[PARENT_RESOURCE_ID]);
    const parsed = id === undefined ? undefined : parseParentResourceId(PARENT_RESOURCE_ID, id);
    return parsed?.ok ? parsed.parent : undefined;
  }
  const subscriptionId = text(props.subscriptionId);
  const resourceGroupName = text(props.resourceGroupName);
  const parentName = text(props[parentNameProperty(kind)]);
  if (!subscriptionId || !resourceGroupName || !parentName) return undefined;
  return { subscriptionId, resourceGroupName, parentName, profile: kind.profile };
}

/** The inputs that name `parent`, as read and import record them. */
export function parentInputsOf(kind: ParentNaming, parent: ParentRef): Record<string, string> {
  if (namesByParentId(kind)) return { [PARENT_RESOURCE_ID]: formatParentId(parent) };
  return {
    subscriptionId: parent.subscriptionId,
    resourceGroupName: parent.resourceGroupName,
    [parentNameProperty(kind)]: parent.parentName,
  };
}
