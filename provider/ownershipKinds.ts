/** How the Managed HSM and key vault resources name their parent, for ownership.ts. */

import { KEY_VAULT, MANAGED_HSM } from "./arm/parentKinds";
import type { ParentOf } from "./ownership";

export const MANAGED_HSM_OWNER: ParentOf = {
  resourceType: MANAGED_HSM.profile.resourceType,
  displayName: MANAGED_HSM.displayName,
};

export const KEY_VAULT_OWNER: ParentOf = {
  resourceType: KEY_VAULT.profile.resourceType,
  displayName: KEY_VAULT.displayName,
};
