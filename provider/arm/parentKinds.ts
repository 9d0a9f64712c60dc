/**
 * The two Key Vault resource types that accept private endpoint connections. Everything that
 * differs between them is here, so the hooks and the ARM plumbing stay kind-agnostic.
 */
export type ParentType = "managedHSMs" | "vaults";

export interface ParentKind {
  /** The resource type segment in ARM ids, as the spec spells it. */
  readonly armType: ParentType;
  /** What users call it, for messages. */
  readonly displayName: string;
  /** The input property that names the parent. */
  readonly nameProperty: "hsmName" | "vaultName";
}

export const MANAGED_HSM: ParentKind = {
  armType: "managedHSMs",
  displayName: "Managed HSM",
  nameProperty: "hsmName",
};

export const KEY_VAULT: ParentKind = {
  armType: "vaults",
  displayName: "key vault",
  nameProperty: "vaultName",
};

export function parentKindOf(armType: string): ParentKind | undefined {
  const lower = armType.toLowerCase();
  return [MANAGED_HSM, KEY_VAULT].find((kind) => kind.armType.toLowerCase() === lower);
}
