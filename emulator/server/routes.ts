import { parseParentKind, type ConnectionIdentity, type ParentIdentity } from "../state/ids";
import type { RequestOp } from "../types";

/**
 * Which part of the emulator a request is for, and the op it is logged and matched by.
 * ARM matches fixed segments ("resourceGroups", "providers", the resource types)
 * case-insensitively; names are kept as sent and compared case-insensitively later.
 */

export type AadEndpoint = "openid" | "token" | "instanceDiscovery" | "jwks";

export type ArmTarget =
  | { resource: "parent"; parent: ParentIdentity }
  | { resource: "connections"; parent: ParentIdentity }
  | { resource: "connection"; connection: ConnectionIdentity };

export type Route =
  | { area: "control"; path: string[] }
  | { area: "aad"; endpoint: AadEndpoint; tenant: string }
  | { area: "arm"; target: ArmTarget }
  | { area: "oidc" }
  | { area: "msi" }
  | { area: "unknown" };

export interface ClassifiedRequest {
  route: Route;
  op: RequestOp;
  url: URL;
}

export const CONTROL_PREFIX = "_emulator";
/** The GitHub-Actions-like OIDC token service: its issuer and its request URL's path. */
export const OIDC_PREFIX = "github-oidc";
export const OIDC_REQUEST_PATH = `/${OIDC_PREFIX}/idtoken`;
/** The managed-identity endpoint (IDENTITY_ENDPOINT). */
export const MSI_TOKEN_PATH = "/msi/token";

function segmentsOf(url: URL): string[] | undefined {
  try {
    return url.pathname
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined; // malformed percent-encoding
  }
}

function is(segment: string | undefined, literal: string): boolean {
  return segment?.toLowerCase() === literal.toLowerCase();
}

function armRoute(s: string[]): ArmTarget | undefined {
  // subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.KeyVault/{type}/{name}[/privateEndpointConnections[/{c}]]
  if (
    s.length < 8 ||
    s.length > 10 ||
    !is(s[0], "subscriptions") ||
    !is(s[2], "resourceGroups") ||
    !is(s[4], "providers") ||
    !is(s[5], "Microsoft.KeyVault")
  ) {
    return undefined;
  }
  const kind = parseParentKind(s[6]);
  if (!kind) {
    return undefined;
  }
  const parent: ParentIdentity = {
    kind,
    subscriptionId: s[1],
    resourceGroupName: s[3],
    parentName: s[7],
  };
  if (s.length === 8) {
    return { resource: "parent", parent };
  }
  if (!is(s[8], "privateEndpointConnections")) {
    return undefined;
  }
  return s.length === 9
    ? { resource: "connections", parent }
    : { resource: "connection", connection: { ...parent, connectionName: s[9] } };
}

function aadRoute(s: string[]): { endpoint: AadEndpoint; tenant: string } | undefined {
  const [tenant, ...rest] = s;
  const tail = rest.join("/").toLowerCase();
  switch (tail) {
    case "v2.0/.well-known/openid-configuration":
    case ".well-known/openid-configuration":
      return { endpoint: "openid", tenant };
    case "oauth2/v2.0/token":
      return { endpoint: "token", tenant };
    case "discovery/instance":
      return { endpoint: "instanceDiscovery", tenant };
    case "discovery/v2.0/keys":
    case "discovery/keys":
      return { endpoint: "jwks", tenant };
    default:
      return undefined;
  }
}

function opOf(method: string, route: Route, url: URL): RequestOp {
  if (route.area === "aad") {
    if (route.endpoint === "token") {
      return method === "POST" ? "token" : "other";
    }
    return method === "GET" ? "openid" : "other";
  }
  if (route.area === "oidc") {
    return "oidcToken";
  }
  if (route.area === "msi") {
    return "msiToken";
  }
  if (route.area !== "arm") {
    return "other";
  }
  const target = route.target;
  switch (target.resource) {
    case "parent":
      return method === "GET" ? "getParent" : "other";
    case "connections":
      return method === "GET" ? "list" : "other";
    case "connection":
      if (method === "GET") {
        return url.searchParams.has("kv-operation") ? "poll" : "get";
      }
      return method === "PUT" ? "put" : method === "DELETE" ? "delete" : "other";
  }
}

export function classify(method: string, rawUrl: string): ClassifiedRequest {
  const url = new URL(rawUrl, "https://127.0.0.1");
  const segments = segmentsOf(url);
  let route: Route = { area: "unknown" };
  if (segments && segments[0] === CONTROL_PREFIX) {
    route = { area: "control", path: segments.slice(1) };
  } else if (url.pathname === OIDC_REQUEST_PATH) {
    route = { area: "oidc" };
  } else if (url.pathname === MSI_TOKEN_PATH) {
    route = { area: "msi" };
  } else if (segments) {
    const arm = armRoute(segments);
    const aad = arm ? undefined : aadRoute(segments);
    if (arm) {
      route = { area: "arm", target: arm };
    } else if (aad) {
      route = { area: "aad", ...aad };
    }
  }
  return { route, op: opOf(method.toUpperCase(), route, url), url };
}
