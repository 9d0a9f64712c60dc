/**
 * The hooks' one ConnectionsApi: Key Vault's two types on the SDK's typed operations
 * (sdkConnectionsApi.ts), every other type through the generic door (serviceConnectionsApi.ts),
 * both on the same client (credential, origin guard, budget), retry policy and deadline. Which
 * door serves a ref is its profile's business, never a hook's.
 */

import type { ConnectionsApi } from "./connectionsApi";
import type { ParentRef } from "./ids";
import { KEY_VAULT, MANAGED_HSM } from "./parentKinds";

const SDK_PROFILES = [MANAGED_HSM.profile, KEY_VAULT.profile];

export function oneDoor(sdk: ConnectionsApi, service: ConnectionsApi): ConnectionsApi {
  const door = (parent: ParentRef) => (SDK_PROFILES.includes(parent.profile) ? sdk : service);
  return {
    get: (ref) => door(ref).get(ref),
    list: (parent, pages) => door(parent).list(parent, pages),
    put: (ref, desired) => door(ref).put(ref, desired),
    beginDelete: (ref) => door(ref).beginDelete(ref),
    // Both read an operation's URL alike (operationAnswers.ts), on the same client.
    poll: (url) => service.poll(url),
  };
}
