/**
 * The control API's arguments, checked: they may come from parsed JSON (controlHttp.ts),
 * which can hold anything, so each mistake throws a 400 naming the field.
 */
import { randomUUID } from "node:crypto";
import { DEFAULT_SUBSCRIPTION_ID } from "../defaults";
import { badRequest } from "../errors";
import type { ConnectionIdentity, ParentIdentity } from "../state/ids";
import { DEFAULT_RESOURCE_TYPE, resourceTypeArgument } from "../services/lookup";
import type {
  EmulatedConnectionRef,
  FederatedCredentialParams,
  OidcTokenParams,
  EmulatedParentRef,
} from "../types";

const FEDERATED_AUDIENCE = "api://AzureADTokenExchange";

export function federatedCredentialOf(c: FederatedCredentialParams) {
  const text = (value: unknown, field: string) => {
    if (typeof value !== "string" || value === "") {
      throw badRequest(`${field} must be a non-empty string`);
    }
    return value;
  };
  const audiences = c.audiences ?? [FEDERATED_AUDIENCE];
  if (!Array.isArray(audiences) || audiences.length === 0) {
    throw badRequest("audiences must be a non-empty array of strings");
  }
  return {
    name: c.name === undefined ? `credential-${randomUUID()}` : text(c.name, "name"),
    issuer: text(c.issuer, "issuer"),
    subject: text(c.subject, "subject"),
    audiences: audiences.map((a, i) => text(a, `audiences[${i}]`)),
  };
}

export function oidcTokenParamsOf(p: OidcTokenParams) {
  const audience = optionalString(p.audience, "audience");
  const subject = optionalString(p.subject, "subject");
  if (p.lifetimeSeconds !== undefined && !Number.isInteger(p.lifetimeSeconds)) {
    throw badRequest("lifetimeSeconds must be an integer (negative for an expired token)");
  }
  return { audience, subject, lifetimeSeconds: p.lifetimeSeconds };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function name(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "" || /[/?#]/.test(value)) {
    throw badRequest(`${field} must be a non-empty string without '/', '?' or '#'`);
  }
  return value;
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (value !== undefined && typeof value !== "string") {
    throw badRequest(`${field} must be a string`);
  }
  return value;
}

/**
 * The parent's type as its profile spells it: `resourceType` (any casing), else the older
 * `kind` of a Key Vault type, else Microsoft.KeyVault/managedHSMs.
 */
function resourceTypeOf(resourceType: unknown, kind: unknown): string {
  if (resourceType !== undefined) {
    return resourceTypeArgument(resourceType).resourceType;
  }
  if (kind === undefined) {
    return DEFAULT_RESOURCE_TYPE;
  }
  if (kind !== "managedHSMs" && kind !== "vaults") {
    throw badRequest(`kind must be "managedHSMs" or "vaults" (got ${JSON.stringify(kind)})`);
  }
  return `Microsoft.KeyVault/${kind}`;
}

function subscriptionOf(value: unknown): string {
  if (value === undefined) {
    return DEFAULT_SUBSCRIPTION_ID;
  }
  if (typeof value !== "string" || !GUID.test(value)) {
    throw badRequest(`subscriptionId must be a GUID (got ${JSON.stringify(value)})`);
  }
  return value;
}

export function objectArgument(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest(`${what} must be an object`);
  }
  return value as Record<string, unknown>;
}

export function parentIdentity(p: EmulatedParentRef | Record<string, unknown>): ParentIdentity {
  const args = objectArgument(p, "the parent reference");
  return {
    resourceType: resourceTypeOf(args.resourceType, args.kind),
    subscriptionId: subscriptionOf(args.subscriptionId),
    resourceGroupName: name(args.resourceGroupName, "resourceGroupName"),
    parentName: name(args.parentName, "parentName"),
  };
}

export function connectionIdentity(
  ref: EmulatedConnectionRef | Record<string, unknown>,
): ConnectionIdentity {
  const args = objectArgument(ref, "the connection reference");
  return { ...parentIdentity(args), connectionName: name(args.connectionName, "connectionName") };
}
