import { randomUUID } from "node:crypto";
import { connectionJson, parentJson } from "../arm/representation";
import { CONNECTION_STATUSES } from "../arm/putBody";
import { mergeBehavior } from "../behavior";
import { checkProviderTransition } from "../state/connectionRules";
import { consumerActions } from "./consumerActions";
import { DEFAULT_LOCATION, DEFAULT_SUBSCRIPTION_ID } from "../defaults";
import { ArmError, badRequest, conflict, parentResourceNotFound } from "../errors";
import type { FaultInjector } from "../faults/faults";
import type { FederatedCredentials } from "../identity/federatedCredentials";
import type { OidcIssuer } from "../identity/oidcIssuer";
import type { ConnectionIdentity, ParentIdentity } from "../state/ids";
import { newEtag } from "../state/lifecycle";
import type { ConnectionRecord } from "../state/records";
import type { RequestLog } from "../server/requestLog";
import type { EmulatorState } from "../state/state";
import type { Throttle } from "../faults/throttle";
import type { TokenAuthority } from "../identity/tokens";
import type {
  ConnectionChange,
  ConnectionJson,
  ConnectionRef,
  CreateConnectionParams,
  CreateParentParams,
  EmulatorBehavior,
  EmulatorControl,
  FaultRule,
  FederatedCredentialParams,
  OidcTokenParams,
  ParentKind,
  ParentRef,
} from "../types";

/**
 * The one implementation of EmulatorControl: tests call it in-process, and the /_emulator
 * HTTP routes (controlHttp.ts) call it with parsed JSON. Because JSON can hold anything,
 * every argument is checked here; mistakes throw an ArmError with a 4xx status.
 */

export interface BehaviorBox {
  current: EmulatorBehavior;
}

export interface ControlDeps {
  state: EmulatorState;
  faults: FaultInjector;
  log: RequestLog;
  tokens: TokenAuthority;
  throttle: Throttle;
  behavior: BehaviorBox;
  /** What reset() returns to: the built-in defaults with the start options applied. */
  initialBehavior: EmulatorBehavior;
  tenantId: string;
  federated: FederatedCredentials;
  oidcIssuer: OidcIssuer;
}

const FEDERATED_AUDIENCE = "api://AzureADTokenExchange";

function federatedCredentialOf(c: FederatedCredentialParams) {
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

function oidcTokenParamsOf(p: OidcTokenParams) {
  const audience = optionalString(p.audience, "audience");
  const subject = optionalString(p.subject, "subject");
  if (p.lifetimeSeconds !== undefined && !Number.isInteger(p.lifetimeSeconds)) {
    throw badRequest("lifetimeSeconds must be an integer (negative for an expired token)");
  }
  return { audience, subject, lifetimeSeconds: p.lifetimeSeconds };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function name(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "" || /[/?#]/.test(value)) {
    throw badRequest(`${field} must be a non-empty string without '/', '?' or '#'`);
  }
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value !== undefined && typeof value !== "string") {
    throw badRequest(`${field} must be a string`);
  }
  return value;
}

function kindOf(value: unknown): ParentKind {
  if (value === undefined) {
    return "managedHSMs";
  }
  if (value !== "managedHSMs" && value !== "vaults") {
    throw badRequest(`kind must be "managedHSMs" or "vaults" (got ${JSON.stringify(value)})`);
  }
  return value;
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

function objectArgument(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest(`${what} must be an object`);
  }
  return value as Record<string, unknown>;
}

export function parentIdentity(p: ParentRef | Record<string, unknown>): ParentIdentity {
  const args = objectArgument(p, "the parent reference");
  return {
    kind: kindOf(args.kind),
    subscriptionId: subscriptionOf(args.subscriptionId),
    resourceGroupName: name(args.resourceGroupName, "resourceGroupName"),
    parentName: name(args.parentName, "parentName"),
  };
}

export function connectionIdentity(
  ref: ConnectionRef | Record<string, unknown>,
): ConnectionIdentity {
  const args = objectArgument(ref, "the connection reference");
  return { ...parentIdentity(args), connectionName: name(args.connectionName, "connectionName") };
}

function lastSegment(id: string): string {
  return id.split("/").filter(Boolean).pop() ?? "pe";
}

export function createControl(deps: ControlDeps): EmulatorControl {
  const { state } = deps;
  const style = () => deps.behavior.current;

  function existingConnection(ref: ConnectionRef): ConnectionRecord {
    const identity = connectionIdentity(ref);
    const record = state.findConnection(identity);
    if (!record) {
      throw new ArmError(
        404,
        "ResourceNotFound",
        `No private endpoint connection '${identity.connectionName}' on ${identity.kind} '${identity.parentName}'.`,
      );
    }
    return record;
  }

  return {
    createParent(p: CreateParentParams) {
      const args = objectArgument(p, "createParent's argument");
      const identity = parentIdentity({ ...args, parentName: args.name });
      const location = optionalString(args.location, "location") ?? DEFAULT_LOCATION;
      const parent =
        state.findParent(identity) ??
        state.update((writer) => {
          const record = { ...identity, location, createdAt: new Date(state.now()).toISOString() };
          writer.setParent(record);
          return record;
        });
      return parentJson(parent, state.connectionsOf(parent), style(), deps.tenantId);
    },

    createConnection(p: CreateConnectionParams): ConnectionJson {
      const args = objectArgument(p, "createConnection's argument");
      const parentRef = parentIdentity(args);
      const parent = state.findParent(parentRef);
      if (!parent) {
        throw parentResourceNotFound(parentRef.parentName);
      }
      const status = args.status ?? "Pending";
      if (!CONNECTION_STATUSES.includes(status as (typeof CONNECTION_STATUSES)[number])) {
        throw badRequest(`status must be one of ${CONNECTION_STATUSES.join(", ")}`);
      }
      const privateEndpointId =
        optionalString(args.privateEndpointId, "privateEndpointId") ??
        `/subscriptions/${parent.subscriptionId}/resourceGroups/${parent.resourceGroupName}` +
          `/providers/Microsoft.Network/privateEndpoints/pe-${randomUUID().slice(0, 8)}`;
      // Named as ARM names them: the private endpoint's name, a dot, a GUID.
      const connectionName =
        args.connectionName === undefined
          ? `${lastSegment(privateEndpointId)}.${randomUUID()}`
          : name(args.connectionName, "connectionName");
      const identity: ConnectionIdentity = {
        kind: parent.kind,
        subscriptionId: parent.subscriptionId,
        resourceGroupName: parent.resourceGroupName,
        parentName: parent.parentName,
        connectionName,
      };
      if (state.findConnection(identity)) {
        throw conflict(`Private endpoint connection '${connectionName}' already exists.`);
      }
      const record: ConnectionRecord = {
        ...identity,
        location: parent.location,
        etag: newEtag(),
        privateEndpointId,
        status: status as string,
        description: optionalString(args.description, "description"),
        actionsRequired: "None",
        provisioningState: "Succeeded",
      };
      state.update((writer) => writer.setConnection(record));
      return connectionJson(record, style());
    },

    setConnection(ref: ConnectionRef, change: ConnectionChange): ConnectionJson {
      const record = existingConnection(ref);
      const c = objectArgument(change, "the change");
      const updated: ConnectionRecord = { ...record, etag: newEtag() };
      for (const field of [
        "status",
        "description",
        "actionsRequired",
        "provisioningState",
      ] as const) {
        const value = optionalString(c[field], field);
        if (value !== undefined) {
          updated[field] = value;
        }
      }
      if (updated.status !== record.status) {
        checkProviderTransition(record, updated.status, deps.behavior.current);
      }
      state.update((writer) => writer.setConnection(updated));
      return connectionJson(updated, style());
    },

    ...consumerActions(state, existingConnection, style),

    getConnection(ref: ConnectionRef): ConnectionJson | undefined {
      const record = state.findConnection(connectionIdentity(ref));
      return record ? connectionJson(record, style()) : undefined;
    },

    listConnections(p: ParentRef): ConnectionJson[] {
      return state.connectionsOf(parentIdentity(p)).map((c) => connectionJson(c, style()));
    },

    setBehavior(b: Partial<EmulatorBehavior>): EmulatorBehavior {
      const merged = mergeBehavior(deps.behavior.current, b);
      deps.behavior.current = merged;
      if (Object.prototype.hasOwnProperty.call(b, "throttle")) {
        deps.throttle.configure(merged.throttle);
      }
      return structuredClone(merged);
    },

    getBehavior(): EmulatorBehavior {
      return structuredClone(deps.behavior.current);
    },

    injectFault(rule: FaultRule): void {
      deps.faults.add(rule);
    },

    clearFaults(): void {
      deps.faults.clear();
    },

    requestLog() {
      return deps.log.all();
    },

    clearRequestLog(): void {
      deps.log.clear();
    },

    expireTokens(): void {
      deps.tokens.expireAll();
    },

    issuedTokens(): string[] {
      return deps.tokens.issuedTokens();
    },

    addFederatedCredential(c: FederatedCredentialParams) {
      return deps.federated.add(federatedCredentialOf(c));
    },

    federatedCredentials() {
      return deps.federated.list();
    },

    issueOidcToken(p: OidcTokenParams = {}): string {
      return deps.oidcIssuer.issue(oidcTokenParamsOf(p));
    },

    issuedOidcTokens(): string[] {
      return deps.oidcIssuer.issuedTokens();
    },

    reset(): void {
      deps.federated.clear();
      state.clear();
      deps.behavior.current = structuredClone(deps.initialBehavior);
      deps.throttle.configure(deps.behavior.current.throttle);
      deps.faults.clear();
      deps.log.clear();
    },
  };
}
