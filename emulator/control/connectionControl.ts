/**
 * The control API's parents and connections: what a consumer's private endpoint or the
 * portal would do, and reads that bypass ARM's checks.
 */
import { randomUUID } from "node:crypto";
import { connectionJson, parentJson } from "../arm/representation";
import { CONNECTION_STATUSES } from "../arm/putBody";
import { connectionNameFor } from "../services/naming";
import { requireProfile } from "../services/lookup";
import { DEFAULT_LOCATION } from "../defaults";
import { badRequest, conflict, controlConnectionNotFound, parentResourceNotFound } from "../errors";
import { checkProviderTransition } from "../state/connectionRules";
import { connectionKey, type ConnectionIdentity } from "../state/ids";
import { newEtag } from "../state/lifecycle";
import { operationDurationMs } from "../timings";
import type { ConnectionRecord, ParentRecord } from "../state/records";
import type {
  ConnectionChange,
  ConnectionJson,
  EmulatedConnectionRef,
  CreateConnectionParams,
  CreateParentParams,
  EmulatorControl,
  EmulatedParentRef,
} from "../types";
import {
  connectionIdentity,
  name,
  objectArgument,
  optionalString,
  parentIdentity,
} from "./arguments";
import type { ControlDeps } from "./controlDeps";
import { consumerActions, withoutStaleView } from "./consumerActions";

type ConnectionControl = Pick<
  EmulatorControl,
  | "createParent"
  | "createConnection"
  | "setConnection"
  | "requestConnectionAgain"
  | "deletePrivateEndpoint"
  | "getConnection"
  | "listConnections"
  | "operationDurationMs"
>;

function lastSegment(id: string): string {
  return id.split("/").filter(Boolean).pop() ?? "pe";
}

/** A new connection as a consumer's private endpoint makes it: Pending and Succeeded unless told. */
function newConnection(
  parent: ParentRecord,
  args: Record<string, unknown>,
  exists: (identity: ConnectionIdentity) => boolean,
): ConnectionRecord {
  const status = args.status ?? "Pending";
  if (!CONNECTION_STATUSES.includes(status as (typeof CONNECTION_STATUSES)[number])) {
    throw badRequest(`status must be one of ${CONNECTION_STATUSES.join(", ")}`);
  }
  const privateEndpointId =
    optionalString(args.privateEndpointId, "privateEndpointId") ??
    `/subscriptions/${parent.subscriptionId}/resourceGroups/${parent.resourceGroupName}` +
      `/providers/Microsoft.Network/privateEndpoints/pe-${randomUUID().slice(0, 8)}`;
  // Named as the service names them (services/naming.ts).
  const connectionName =
    args.connectionName === undefined
      ? connectionNameFor(parent, lastSegment(privateEndpointId))
      : name(args.connectionName, "connectionName");
  const identity: ConnectionIdentity = {
    resourceType: parent.resourceType,
    subscriptionId: parent.subscriptionId,
    resourceGroupName: parent.resourceGroupName,
    parentName: parent.parentName,
    connectionName,
  };
  if (exists(identity)) {
    throw conflict(`Private endpoint connection '${connectionName}' already exists.`);
  }
  return {
    ...identity,
    location: parent.location,
    etag: newEtag(),
    privateEndpointId,
    status: status as string,
    description: optionalString(args.description, "description"),
    actionsRequired: "None",
    provisioningState: "Succeeded",
  };
}

/** The connection with the change applied and a new etag; a status change follows ARM's rules. */
function changed(record: ConnectionRecord, change: ConnectionChange, deps: ControlDeps) {
  const c = objectArgument(change, "the change");
  const updated: ConnectionRecord = { ...withoutStaleView(record), etag: newEtag(), written: true };
  for (const field of ["status", "description", "actionsRequired", "provisioningState"] as const) {
    const value = optionalString(c[field], field);
    if (value !== undefined) {
      updated[field] = value;
    }
  }
  if (updated.status !== record.status) {
    const rules = requireProfile(record.resourceType).rules;
    checkProviderTransition(record, updated.status, deps.behavior.current, rules);
  }
  return updated;
}

export function connectionControl(deps: ControlDeps): ConnectionControl {
  const { state } = deps;
  // The control API shows the emulator's whole record, whatever shape ARM answers in.
  const style = () => ({ ...deps.behavior.current, responseShape: "specExample" as const });

  function existingConnection(ref: EmulatedConnectionRef): ConnectionRecord {
    const identity = connectionIdentity(ref);
    const record = state.findConnection(identity);
    if (!record) {
      throw controlConnectionNotFound(
        identity.connectionName,
        `${identity.resourceType} '${identity.parentName}'`,
      );
    }
    return record;
  }

  return {
    createParent(p: CreateParentParams) {
      const args = objectArgument(p, "createParent's argument");
      const identity = parentIdentity(args);
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
      const record = newConnection(parent, args, (identity) => !!state.findConnection(identity));
      state.update((writer) => writer.setConnection(record));
      return connectionJson(record, style());
    },

    setConnection(ref: EmulatedConnectionRef, change: ConnectionChange): ConnectionJson {
      const updated = changed(existingConnection(ref), change, deps);
      state.update((writer) => writer.setConnection(updated));
      return connectionJson(updated, style());
    },

    ...consumerActions(state, existingConnection, style),

    getConnection(ref: EmulatedConnectionRef): ConnectionJson | undefined {
      const record = state.findConnection(connectionIdentity(ref));
      return record ? connectionJson(record, style()) : undefined;
    },

    listConnections(p: EmulatedParentRef): ConnectionJson[] {
      return state.connectionsOf(parentIdentity(p)).map((c) => connectionJson(c, style()));
    },

    operationDurationMs(kind: "put" | "delete", ref: EmulatedConnectionRef): number {
      if (kind !== "put" && kind !== "delete") {
        throw badRequest(`operation must be "put" or "delete" (got ${JSON.stringify(kind)})`);
      }
      return operationDurationMs(kind, connectionKey(connectionIdentity(ref)), style());
    },
  };
}
