/**
 * A parent given by its ARM id (`parentResourceId`), of any service in the profile table. The
 * type decides the profile: the table's, or one resolved from ARM's provider registration
 * (registeredProfiles.ts); another type is returned unprofiled, for providerRegistration.ts.
 */

import type { ParentRef } from "./ids";
import { registeredProfileOf } from "./registeredProfiles";
import { serviceProfileOf, supportedResourceTypes } from "./serviceProfiles";

/** The parts of a parent's id whose type is not in the table (for providerRegistration.ts). */
export interface UnprofiledParent {
  subscriptionId: string;
  resourceGroupName: string;
  /** `Namespace/type`, as the id spells it. */
  resourceType: string;
  parentName: string;
}

export type ParsedParent =
  { ok: true; parent: ParentRef } | { ok: false; problem: string; unprofiled?: UnprofiledParent };

const PARENT_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i;

/**
 * Parses `field`'s value. ARM compares segment names and types without regard to case, so any
 * casing is accepted; the profile's spelling is what requests use.
 */
export function parseParentResourceId(field: string, id: string): ParsedParent {
  const match = PARENT_ID.exec(id.trim());
  if (!match) {
    return {
      ok: false,
      problem:
        `${field}: '${id}' is not the ARM id of a resource (expected ` +
        `/subscriptions/{id}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}; ` +
        `the portal shows it under the resource's Properties, the CLI as 'id')`,
    };
  }
  const [, subscriptionId, resourceGroupName, namespace, type, parentName] = match;
  const profile =
    serviceProfileOf(`${namespace}/${type}`) ?? registeredProfileOf(`${namespace}/${type}`);
  if (!profile) {
    const resourceType = `${namespace}/${type}`;
    return {
      ok: false,
      unprofiled: { subscriptionId, resourceGroupName, resourceType, parentName },
      problem:
        `${field}: ${namespace}/${type} is not a resource type whose private endpoint ` +
        `connections this provider manages; give the id of one of: ${supportedResourceTypes()}`,
    };
  }
  return { ok: true, parent: { subscriptionId, resourceGroupName, parentName, profile } };
}
