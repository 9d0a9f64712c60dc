/**
 * The profiles this process resolved from ARM's provider registration (providerRegistration.ts),
 * by resource type: a type's registration is read once, at the check that first names it (or
 * the refresh or delete of a connection of it), and every later id of that type parses.
 */

import type { ServiceProfile } from "./serviceProfiles";

const registered = new Map<string, ServiceProfile>();

export function rememberRegisteredProfile(profile: ServiceProfile): void {
  registered.set(profile.resourceType.toLowerCase(), profile);
}

/** The profile resolved for `Namespace/type` (any casing); undefined when none was. */
export function registeredProfileOf(resourceType: string): ServiceProfile | undefined {
  return registered.get(resourceType.toLowerCase());
}
