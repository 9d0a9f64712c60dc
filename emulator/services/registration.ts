import { profilesIn, typeSegmentOf } from "./lookup";
import { invalidResourceNamespace } from "./serviceErrors";

/**
 * ARM's provider registration, GET /subscriptions/{s}/providers/{namespace}: every modelled
 * namespace is Registered, listing each modelled parent type and its
 * `<type>/privateEndpointConnections` child (as ARM lists child types) with the api-versions
 * the emulator accepts. Real registrations list many more types (and the locations they are
 * offered in); only these are modelled. A namespace the emulator does not model answers 404
 * InvalidResourceNamespace, as ARM does for one that does not exist.
 */

/** Invented: ARM lists the display names of the regions a type is offered in. */
const LOCATIONS = ["East US", "West US", "West Europe", "North Europe"];

export interface ResourceTypeRegistration {
  resourceType: string;
  locations: string[];
  apiVersions: string[];
  capabilities: string;
}

export interface ProviderRegistration {
  id: string;
  namespace: string;
  registrationState: "Registered";
  registrationPolicy: "RegistrationRequired";
  resourceTypes: ResourceTypeRegistration[];
}

/** ARM lists api-versions newest first. */
function newestFirst(versions: readonly string[]): string[] {
  return [...versions].sort().reverse();
}

export function providerRegistration(
  subscriptionId: string,
  namespace: string,
): ProviderRegistration {
  const profiles = profilesIn(namespace);
  if (profiles.length === 0) {
    throw invalidResourceNamespace(namespace);
  }
  const spelled = profiles[0].resourceType.split("/")[0];
  const resourceTypes = profiles.flatMap((p) => {
    const type = typeSegmentOf(p.resourceType);
    const apiVersions = newestFirst(p.apiVersions);
    return [
      {
        resourceType: type,
        locations: LOCATIONS,
        apiVersions,
        capabilities: "SupportsTags, SupportsLocation",
      },
      {
        resourceType: `${type}/${p.collection}`,
        locations: LOCATIONS,
        apiVersions,
        capabilities: "None",
      },
    ];
  });
  return {
    id: `/subscriptions/${subscriptionId}/providers/${spelled}`,
    namespace: spelled,
    registrationState: "Registered",
    registrationPolicy: "RegistrationRequired",
    resourceTypes,
  };
}
