import { connectionJson, type IdStyle } from "../arm/representation";
import { checkRequestAgain } from "../state/connectionRules";
import { badRequest } from "../errors";
import { newEtag } from "../state/lifecycle";
import type { ConnectionRecord } from "../state/records";
import type { EmulatorState } from "../state/state";
import type {
  ConnectionJson,
  EmulatedConnectionRef,
  DeleteEndpointParams,
  EmulatorControl,
  RequestAgainParams,
} from "../types";

/**
 * What the consumer (the private endpoint's owner) does to a connection, which ARM's
 * connection routes cannot: ask for approval again, or delete its endpoint. Part of the
 * control API because the consumer's side (Microsoft.Network) is not emulated.
 */

const DEFAULT_REQUEST_MESSAGE = "Please approve my connection.";

/** A change made since a PUT is what ARM shows from then on, whatever it showed stale before. */
export function withoutStaleView(record: ConnectionRecord): ConnectionRecord {
  const { stale: _stale, ...rest } = record;
  return rest;
}

function argumentsOf(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined) {
    return {};
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest(`${what} must be an object`);
  }
  return value as Record<string, unknown>;
}

function removeAfterMsOf(value: unknown): number {
  if (value === undefined) {
    return 0;
  }
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw badRequest(`removeAfterMs must be a number >= 0 (got ${JSON.stringify(value)})`);
  }
  return value;
}

export function consumerActions(
  state: EmulatorState,
  existingConnection: (ref: EmulatedConnectionRef) => ConnectionRecord,
  style: () => IdStyle,
): Pick<EmulatorControl, "requestConnectionAgain" | "deletePrivateEndpoint"> {
  return {
    requestConnectionAgain(
      ref: EmulatedConnectionRef,
      params?: RequestAgainParams,
    ): ConnectionJson {
      const record = existingConnection(ref);
      const message = argumentsOf(params, "the request").requestMessage ?? DEFAULT_REQUEST_MESSAGE;
      if (typeof message !== "string") {
        throw badRequest("requestMessage must be a string");
      }
      checkRequestAgain(record);
      const updated: ConnectionRecord = {
        ...withoutStaleView(record),
        status: "Pending",
        description: message,
        actionsRequired: "None",
        etag: newEtag(),
      };
      state.update((writer) => writer.setConnection(updated));
      return connectionJson(updated, style());
    },

    deletePrivateEndpoint(
      ref: EmulatedConnectionRef,
      params?: DeleteEndpointParams,
    ): ConnectionJson | undefined {
      const record = existingConnection(ref);
      const removeAfterMs = removeAfterMsOf(argumentsOf(params, "the request").removeAfterMs);
      if (removeAfterMs === 0) {
        state.update((writer) => writer.removeConnection(record));
        return undefined;
      }
      const updated: ConnectionRecord = {
        ...withoutStaleView(record),
        status: "Disconnected",
        actionsRequired: "None",
        etag: newEtag(),
        removeAt: state.now() + removeAfterMs,
      };
      state.update((writer) => writer.setConnection(updated));
      return connectionJson(updated, style());
    },
  };
}
