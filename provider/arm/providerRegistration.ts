/**
 * A resource type not in the profile table, resolved from ARM's provider registration
 * (`GET /subscriptions/{id}/providers/{namespace}` lists each resource type with its
 * api-versions): the type has private endpoint connections when `{type}/privateEndpointConnections`
 * is registered, and is then served on ARM's common behaviour at its newest stable api-version.
 */

import { createRestError, type Client } from "@azure-rest/core-client";
import { armErrorOfBody } from "./errors";
import { parseParentResourceId, type ParsedParent } from "./parentResourceId";
import { rememberRegisteredProfile } from "./registeredProfiles";
import { withRetry, type RetryContext } from "./retry";
import { registeredServiceProfile, type ServiceProfile } from "./serviceProfiles";

/** ARM's 404 code for a namespace that names no resource provider. */
const UNKNOWN_NAMESPACE = "InvalidResourceNamespace";

/** Microsoft.Resources' providers api-version. */
export const PROVIDERS_API_VERSION = "2021-04-01";

export type Registered = { ok: true; profile: ServiceProfile } | { ok: false; problem: string };

interface Registration {
  namespace?: string;
  resourceTypes?: { resourceType?: string; apiVersions?: string[] }[];
}

/** The newest stable api-version (ARM's are dates, so they sort as text); else the newest preview. */
export function newestApiVersion(versions: readonly string[]): string | undefined {
  const sorted = [...versions].sort().reverse();
  return sorted.find((v) => !v.includes("preview")) ?? sorted[0];
}

/** The profile of `Namespace/type` from its registration, or what is wrong, naming `field`. */
export async function profileFromRegistration(
  client: Client,
  subscriptionId: string,
  resourceType: string,
  field: string,
  retry: RetryContext,
): Promise<Registered> {
  const [namespace, type] = resourceType.split("/");
  const path = `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/${encodeURIComponent(namespace)}`;
  const registration = await withRetry(`GET ${path}`, retry, async () => {
    const r = await client.pathUnchecked(`${path}?api-version=${PROVIDERS_API_VERSION}`).get();
    // ARM's answer for a namespace no resource provider has: as final as a registration.
    if (r.status === "404" && armErrorOfBody(r.body).code === UNKNOWN_NAMESPACE) return undefined;
    if (r.status !== "200") throw createRestError(r);
    return r.body as Registration;
  });
  if (registration === undefined) {
    return {
      ok: false,
      problem:
        `${field}: ${resourceType} is no type ARM knows: it has no resource provider ` +
        `${namespace} (${UNKNOWN_NAMESPACE}); check the ` +
        `id's namespace against the resource's id in the portal (Properties) or 'az resource show'`,
    };
  }
  const child = `${type}/privateEndpointConnections`.toLowerCase();
  const entry = registration.resourceTypes?.find((t) => t.resourceType?.toLowerCase() === child);
  const apiVersion = newestApiVersion(entry?.apiVersions ?? []);
  if (!apiVersion) {
    return {
      ok: false,
      problem:
        `${field}: ${resourceType} has no private endpoint connections (ARM's registration of ` +
        `${namespace} lists no ${type}/privateEndpointConnections); give the id of the ` +
        `private-link resource the endpoint connects to`,
    };
  }
  // Requests use ARM's spelling of the type, as the registration gives it.
  const registeredType = entry?.resourceType?.split("/")[0] ?? type;
  const spelled = `${registration.namespace ?? namespace}/${registeredType}`;
  return { ok: true, profile: registeredServiceProfile(spelled, apiVersion) };
}

/** How a type's registration is looked up: profileFromRegistration on a subscription's client. */
export type RegistrationLookup = (
  subscriptionId: string,
  resourceType: string,
  field: string,
) => Promise<Registered>;

/**
 * A parent of any type: the table's profile when it has one, else the one ARM's registration
 * gives, else the refusal (the registration's, naming the field).
 */
export async function resolveParentResource(
  field: string,
  id: string,
  lookup: RegistrationLookup,
): Promise<ParsedParent> {
  const parsed = parseParentResourceId(field, id);
  if (parsed.ok || !parsed.unprofiled) return parsed;
  const { subscriptionId, resourceType } = parsed.unprofiled;
  const registered = await lookup(subscriptionId, resourceType, field);
  if (!registered.ok) return registered;
  rememberRegisteredProfile(registered.profile);
  const { resourceGroupName, parentName } = parsed.unprofiled;
  return {
    ok: true,
    parent: { subscriptionId, resourceGroupName, parentName, profile: registered.profile },
  };
}
