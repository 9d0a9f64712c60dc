/**
 * A parent given by its ARM id (`parentResourceId`), of any service in the profile table. The
 * type decides the profile, so a type not in the table is refused here, before any ARM call.
 */

import { serviceProfileOf, supportedResourceTypes, type ServiceProfile } from "./serviceProfiles";

/** A parent resource of a private-link service, by the parts of its ARM id. */
export interface ParentResource {
  subscriptionId: string;
  resourceGroupName: string;
  /** `Namespace/type`, as the profile spells it. */
  resourceType: string;
  name: string;
  profile: ServiceProfile;
}

/** The parts of a parent's id whose type is not in the table (for providerRegistration.ts). */
export type UnprofiledParent = Omit<ParentResource, "profile">;

export type ParsedParent =
  | { ok: true; parent: ParentResource }
  | { ok: false; problem: string; unprofiled?: UnprofiledParent };

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
  const [, subscriptionId, resourceGroupName, namespace, type, name] = match;
  const profile = serviceProfileOf(`${namespace}/${type}`);
  if (!profile) {
    const resourceType = `${namespace}/${type}`;
    return {
      ok: false,
      unprofiled: { subscriptionId, resourceGroupName, resourceType, name },
      problem:
        `${field}: ${namespace}/${type} is not a resource type whose private endpoint ` +
        `connections this provider manages; give the id of one of: ${supportedResourceTypes()}`,
    };
  }
  const parent = { subscriptionId, resourceGroupName, resourceType: profile.resourceType, name };
  return { ok: true, parent: { ...parent, profile } };
}

/** The parent's ARM id, in the profile's spelling. */
export function formatParentResourceId(parent: ParentResource): string {
  return (
    `/subscriptions/${parent.subscriptionId}/resourceGroups/${parent.resourceGroupName}` +
    `/providers/${parent.resourceType}/${parent.name}`
  );
}

/** The URL path of one connection of the parent, each name escaped (ids are not URLs). */
export function serviceConnectionPath(parent: ParentResource, connectionName: string): string {
  return `${parentPath(parent)}/${parent.profile.collection}/${encodeURIComponent(connectionName)}`;
}

/** The URL path of the parent's list of connections. */
export function serviceListPath(parent: ParentResource): string {
  return `${parentPath(parent)}/${parent.profile.listCollection}`;
}

function parentPath(parent: ParentResource): string {
  const e = encodeURIComponent;
  return (
    `/subscriptions/${e(parent.subscriptionId)}/resourceGroups/${e(parent.resourceGroupName)}` +
    `/providers/${parent.resourceType}/${e(parent.name)}`
  );
}
