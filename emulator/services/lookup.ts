import { badRequest } from "../errors";
import type { ServiceProfile } from "./profile";
import { SERVICE_PROFILES } from "./table";

/** Finding a profile by what a request or a control call names, in any casing as ARM does. */

export const DEFAULT_RESOURCE_TYPE = "Microsoft.KeyVault/managedHSMs";

const BY_TYPE = new Map(SERVICE_PROFILES.map((p) => [p.resourceType.toLowerCase(), p]));

/** The profile of `Namespace/type`, any casing; undefined when the emulator does not model it. */
export function profileOf(resourceType: string): ServiceProfile | undefined {
  return BY_TYPE.get(resourceType.toLowerCase());
}

/** The profile a record names: records only ever hold modelled types. */
export function requireProfile(resourceType: string): ServiceProfile {
  const profile = profileOf(resourceType);
  if (!profile) {
    throw new Error(`the emulator models no ${resourceType}`);
  }
  return profile;
}

export function profilesIn(namespace: string): ServiceProfile[] {
  const wanted = namespace.toLowerCase();
  return SERVICE_PROFILES.filter((p) => namespaceOf(p.resourceType).toLowerCase() === wanted);
}

export function namespaceOf(resourceType: string): string {
  return resourceType.split("/")[0];
}

export function typeSegmentOf(resourceType: string): string {
  return resourceType.split("/")[1];
}

/** A control call's resourceType, checked: 400 naming the field and the types it may be. */
export function resourceTypeArgument(value: unknown, field = "resourceType"): ServiceProfile {
  const profile = typeof value === "string" ? profileOf(value) : undefined;
  if (!profile) {
    throw badRequest(
      `${field} must be one of ${SERVICE_PROFILES.map((p) => p.resourceType).join(", ")} ` +
        `(any casing; got ${JSON.stringify(value)})`,
    );
  }
  return profile;
}
