import { randomUUID } from "node:crypto";
import type { ParentIdentity } from "../state/ids";
import { requireProfile } from "./lookup";
import type { ConnectionNaming } from "./profile";

/**
 * The name a service gives the connection a consumer's private endpoint creates, in the form
 * its recordings show (e.g. Storage `saplr000002.671d25fe-...`, ACR
 * `testreg000002.3ba0720f23a34e82b11ddc580b694fac`, Event Hubs a bare GUID).
 */
const NAMERS: Readonly<Record<ConnectionNaming, (parent: string, endpoint: string) => string>> = {
  endpointDotGuid: (_parent, endpoint) => `${endpoint}.${randomUUID()}`,
  endpointDashGuid: (_parent, endpoint) => `${endpoint}-${randomUUID()}`,
  parentDotGuid: (parent) => `${parent}.${randomUUID()}`,
  parentDotHex: (parent) => `${parent}.${randomUUID().replace(/-/g, "")}`,
  guid: () => randomUUID(),
  endpoint: (_parent, endpoint) => endpoint,
};

export function connectionNameFor(parent: ParentIdentity, endpointName: string): string {
  return NAMERS[requireProfile(parent.resourceType).naming](parent.parentName, endpointName);
}
