/** The parts of a consumer's private endpoint id that rules match on. */
export interface PrivateEndpointParts {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const PRIVATE_ENDPOINT_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateEndpoints\/([^/]+)$/i;

/**
 * Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/privateEndpoints/{name}`;
 * undefined for anything else (a connection ARM reports without an endpoint), which then
 * matches no rule that asks about the endpoint.
 */
export function parsePrivateEndpointId(id: string | undefined): PrivateEndpointParts | undefined {
  const match = PRIVATE_ENDPOINT_ID.exec((id ?? "").trim());
  return match ? { subscriptionId: match[1], resourceGroup: match[2], name: match[3] } : undefined;
}

export function isPrivateEndpointId(id: string): boolean {
  return parsePrivateEndpointId(id) !== undefined;
}
