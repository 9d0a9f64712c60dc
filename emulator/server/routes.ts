import { profileOf } from "../services/lookup";
import type { ConnectionIdentity, ParentIdentity } from "../state/ids";
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
  | { resource: "connection"; connection: ConnectionIdentity }
  | { resource: "operation"; operation: OperationTarget };

/**
 * An operation's poll URL of a service other than Key Vault (whose polls are its connection's
 * URL): /subscriptions/{s}/providers/{Namespace}/locations/{location}/{operationStatuses|operationResults}/{id}.
 */
export interface OperationTarget {
  subscriptionId: string;
  namespace: string;
  location: string;
  /** operationStatuses: the Azure-AsyncOperation URL; operationResults: the Location URL. */
  view: "status" | "location";
  operationId: string;
}

export const OPERATION_STATUS_SEGMENT = "operationStatuses";
export const OPERATION_RESULT_SEGMENT = "operationResults";

/** ARM's routes above one resource group: subscriptions and subscription-wide lists. */
export type SubscriptionTarget =
  | { resource: "subscriptions" }
  | { resource: "subscription"; subscriptionId: string }
  | { resource: "parents"; subscriptionId: string; resourceType: string }
  | { resource: "provider"; subscriptionId: string; namespace: string }
  | { resource: "resources"; subscriptionId: string };

export type Route =
  | { area: "control"; path: string[] }
  | { area: "metadata" }
  | { area: "subscriptions"; target: SubscriptionTarget }
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

function operationRoute(s: string[]): OperationTarget | undefined {
  // subscriptions/{s}/providers/{Namespace}/locations/{location}/{operationStatuses|operationResults}/{id}
  if (s.length !== 8 || !is(s[2], "providers") || !is(s[4], "locations")) {
    return undefined;
  }
  const view = is(s[6], OPERATION_STATUS_SEGMENT)
    ? "status"
    : is(s[6], OPERATION_RESULT_SEGMENT)
      ? "location"
      : undefined;
  return view
    ? { subscriptionId: s[1], namespace: s[3], location: s[5], view, operationId: s[7] }
    : undefined;
}

function armRoute(s: string[]): ArmTarget | undefined {
  if (!is(s[0], "subscriptions")) {
    return undefined;
  }
  const operation = operationRoute(s);
  if (operation) {
    return { resource: "operation", operation };
  }
  // subscriptions/{s}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/{collection}[/{c}]]
  if (s.length < 8 || s.length > 10 || !is(s[2], "resourceGroups") || !is(s[4], "providers")) {
    return undefined;
  }
  const profile = profileOf(`${s[5]}/${s[6]}`);
  if (!profile) {
    return undefined;
  }
  const parent: ParentIdentity = {
    resourceType: profile.resourceType,
    subscriptionId: s[1],
    resourceGroupName: s[3],
    parentName: s[7],
  };
  if (s.length === 8) {
    return { resource: "parent", parent };
  }
  if (!is(s[8], profile.collection)) {
    return undefined;
  }
  return s.length === 9
    ? { resource: "connections", parent }
    : { resource: "connection", connection: { ...parent, connectionName: s[9] } };
}

function subscriptionRoute(s: string[]): SubscriptionTarget | undefined {
  if (!is(s[0], "subscriptions") || s.length > 5) {
    return undefined;
  }
  const [, subscriptionId] = s;
  switch (s.length) {
    case 1:
      return { resource: "subscriptions" };
    case 2:
      return { resource: "subscription", subscriptionId };
    case 3:
      return is(s[2], "resources") ? { resource: "resources", subscriptionId } : undefined;
    case 4:
      return is(s[2], "providers")
        ? { resource: "provider", subscriptionId, namespace: s[3] }
        : undefined;
    case 5: {
      const profile = is(s[2], "providers") ? profileOf(`${s[3]}/${s[4]}`) : undefined;
      return profile
        ? { resource: "parents", subscriptionId, resourceType: profile.resourceType }
        : undefined;
    }
    default:
      return undefined;
  }
}

function isMetadata(s: string[]): boolean {
  return s.length === 2 && is(s[0], "metadata") && is(s[1], "endpoints");
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

const SUBSCRIPTION_OPS: Readonly<Record<SubscriptionTarget["resource"], RequestOp>> = {
  subscriptions: "listSubscriptions",
  subscription: "getSubscription",
  parents: "listParents",
  resources: "listResources",
  provider: "getProvider",
};

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
  if (route.area === "metadata") {
    return method === "GET" ? "metadata" : "other";
  }
  if (route.area === "subscriptions") {
    return method === "GET" ? SUBSCRIPTION_OPS[route.target.resource] : "other";
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
    case "operation":
      return method === "GET" ? "poll" : "other";
    case "connection":
      if (method === "GET") {
        return url.searchParams.has("kv-operation") ? "poll" : "get";
      }
      return method === "PUT" ? "put" : method === "DELETE" ? "delete" : "other";
  }
}

function routeOf(url: URL): Route {
  const segments = segmentsOf(url);
  if (segments && segments[0] === CONTROL_PREFIX) {
    return { area: "control", path: segments.slice(1) };
  }
  if (url.pathname === OIDC_REQUEST_PATH) {
    return { area: "oidc" };
  }
  if (url.pathname === MSI_TOKEN_PATH) {
    return { area: "msi" };
  }
  if (!segments) {
    return { area: "unknown" };
  }
  if (isMetadata(segments)) {
    return { area: "metadata" };
  }
  const subscriptions = subscriptionRoute(segments);
  if (subscriptions) {
    return { area: "subscriptions", target: subscriptions };
  }
  const arm = armRoute(segments);
  if (arm) {
    return { area: "arm", target: arm };
  }
  const aad = aadRoute(segments);
  return aad ? { area: "aad", ...aad } : { area: "unknown" };
}

export function classify(method: string, rawUrl: string): ClassifiedRequest {
  // Prefixed, not resolved: a request line such as "//metadata/endpoints" (the Azure CLI joins
  // its endpoint's trailing slash to the path) is a path, not a protocol-relative URL.
  const url = new URL(`https://127.0.0.1${rawUrl.startsWith("/") ? "" : "/"}${rawUrl}`);
  const route = routeOf(url);
  return { route, op: opOf(method.toUpperCase(), route, url), url };
}
