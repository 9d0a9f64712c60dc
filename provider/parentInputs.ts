/**
 * Which input names the parent HSM or vault: the resources' input names are Pulumi's, so the
 * mapping from ARM's parent type to them lives here, on the Pulumi side of arm/.
 */

import type { ParentKind, ParentType } from "./arm/parentKinds";

/** The input property that names the parent: `hsmName` or `vaultName`. */
export type ParentNameProperty = "hsmName" | "vaultName";

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
