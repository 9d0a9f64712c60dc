/**
 * The two Key Vault resource types that accept private endpoint connections, as ARM knows
 * them: the type segment of their ids and the noun messages use. Which input names each one
 * is the Pulumi side's business (provider/parentInputs.ts).
 */

import { requireServiceProfile, type ServiceProfile } from "./serviceProfiles";

export type ParentType = "managedHSMs" | "vaults";

/** One of the two parent resource types. */
export interface ParentKind {
  /** The resource type segment in ARM ids, as the spec spells it. */
  readonly armType: ParentType;
  /** What users call it, for messages. */
  readonly displayName: string;
  /** What ARM answers for this type: the same table as every other service's. */
  readonly profile: ServiceProfile;
}

export const MANAGED_HSM: ParentKind = {
  armType: "managedHSMs",
  displayName: "Managed HSM",
  profile: requireServiceProfile("Microsoft.KeyVault/managedHSMs"),
};

export const KEY_VAULT: ParentKind = {
  armType: "vaults",
  displayName: "key vault",
  profile: requireServiceProfile("Microsoft.KeyVault/vaults"),
};

export function parentKindOf(armType: string): ParentKind | undefined {
  const lower = armType.toLowerCase();
  return [MANAGED_HSM, KEY_VAULT].find((kind) => kind.armType.toLowerCase() === lower);
}
