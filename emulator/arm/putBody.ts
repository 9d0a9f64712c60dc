import { badRequest } from "../errors";
import type { ServiceProfile } from "../services/profile";
import type { PutConnectionState } from "../state/lifecycle";

/**
 * The PUT body, checked against the service's PrivateEndpointConnection definition: only
 * privateLinkServiceConnectionState is writable; read-only fields (id, name, type, etag,
 * provisioningState, privateEndpoint) and location are ignored, as ARM does, when they have
 * the right JSON type. The statuses and actionsRequired values are the profile's (any string
 * where the spec leaves them open); Storage's field is `actionRequired`.
 */

export const CONNECTION_STATUSES = ["Pending", "Approved", "Rejected", "Disconnected"] as const;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function expectType(value: unknown, path: string, type: "string" | "object"): void {
  const ok = type === "object" ? isObject(value) : typeof value === type;
  if (value !== undefined && value !== null && !ok) {
    throw badRequest(
      `The request content was invalid: '${path}' must be a JSON ${type} (got ${JSON.stringify(value)}).`,
    );
  }
}

function oneOf(value: unknown, path: string, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw badRequest(
      `The request content was invalid: '${path}' must be one of ${allowed.map((a) => `'${a}'`).join(", ")} (got ${JSON.stringify(value)}).`,
    );
  }
}

export function parsePutBody(text: string, profile: ServiceProfile): PutConnectionState {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw badRequest(
      `The request content was invalid and could not be deserialized: ${(error as Error).message}`,
    );
  }
  if (!isObject(body)) {
    throw badRequest("The request content was invalid: the body must be a JSON object.");
  }
  for (const key of ["id", "name", "type", "etag", "location"]) {
    expectType(body[key], key, "string");
  }
  expectType(body.properties, "properties", "object");
  const properties = (body.properties ?? {}) as JsonObject;
  expectType(properties.privateEndpoint, "properties.privateEndpoint", "object");
  expectType(properties.provisioningState, "properties.provisioningState", "string");
  const statePath = "properties.privateLinkServiceConnectionState";
  expectType(properties.privateLinkServiceConnectionState, statePath, "object");
  const state = properties.privateLinkServiceConnectionState as JsonObject | undefined;
  if (!state || state.status === undefined || state.status === null) {
    throw badRequest(`The request content was invalid: '${statePath}.status' is required.`);
  }
  expectType(state.status, `${statePath}.status`, "string");
  if (profile.statuses) {
    oneOf(state.status, `${statePath}.status`, profile.statuses);
  }
  expectType(state.description, `${statePath}.description`, "string");
  const actionsPath = `${statePath}.${profile.actionsRequiredField}`;
  const actions = state[profile.actionsRequiredField];
  expectType(actions, actionsPath, "string");
  if (actions !== null && profile.actionsRequiredValues) {
    oneOf(actions, actionsPath, profile.actionsRequiredValues);
  }
  return {
    status: state.status as string,
    description: typeof state.description === "string" ? state.description : undefined,
    actionsRequired: typeof actions === "string" ? actions : undefined,
  };
}
