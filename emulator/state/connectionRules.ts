import {
  connectionDisconnected,
  invalidStatusTransition,
  reapprovalNotSupported,
  requestAgainConflict,
} from "../errors";
import type { StateRules } from "../services/profile";
import {
  searchOperationNotAllowed,
  statusNotPending,
  storageInvalidStatus,
} from "../services/serviceErrors";
import type { ConnectionRecord } from "./records";
import type { EmulatorBehavior } from "../types";

/**
 * Azure's rules for the provider side of a private endpoint connection (the parent's owner,
 * through ARM or the portal), by the service's StateRules. Documented for Private Link: a
 * rejected connection cannot be approved ("Manage Azure private endpoints",
 * MicrosoftDocs/azure-docs#115121); only the consumer can ask again (azure-docs#81751).
 * Approved -> Rejected is allowed (the recordings). A Disconnected connection's endpoint is
 * gone, so nothing can change it. Pending and Disconnected are the consumer's doing.
 */

const PROVIDER_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  Pending: ["Pending", "Approved", "Rejected"],
  Approved: ["Approved", "Rejected"],
  Rejected: ["Rejected"],
  Disconnected: [],
};

function checkAzureRule(
  connection: ConnectionRecord,
  status: string,
  behavior: Pick<EmulatorBehavior, "allowReapproval">,
): void {
  const from = connection.status;
  if (from === "Rejected" && status === "Approved") {
    if (behavior.allowReapproval) {
      return;
    }
    throw reapprovalNotSupported();
  }
  if ((PROVIDER_TRANSITIONS[from] ?? []).includes(status)) {
    return;
  }
  if (from === "Disconnected") {
    throw connectionDisconnected(connection.connectionName);
  }
  throw invalidStatusTransition(connection.connectionName, from, status);
}

/** Throws the 400 ARM answers when the provider side asks for a status change Azure refuses. */
export function checkProviderTransition(
  connection: ConnectionRecord,
  status: string,
  behavior: Pick<EmulatorBehavior, "allowReapproval">,
  rules: StateRules = "azure",
): void {
  const from = connection.status;
  switch (rules) {
    case "changesOnlyFromPending":
      if (from !== "Pending") throw statusNotPending();
      return;
    case "storage":
      if (status === "Approved" && (from === "Rejected" || from === "Approved")) {
        throw storageInvalidStatus();
      }
      break;
    case "search":
      // The 2022-09-01 recording accepts Rejected -> Pending -> Approved; the 2020-08-01 one
      // refuses Rejected -> Approved.
      if (from === "Rejected" && status === "Pending") return;
      if (from === "Rejected" && status === "Approved") {
        throw searchOperationNotAllowed(connection.connectionName, from, status);
      }
      break;
    case "azure":
      break;
  }
  checkAzureRule(connection, status, behavior);
}

/** The consumer asks again (azure-docs#81751): Rejected (or still Pending) -> Pending. */
export function checkRequestAgain(connection: ConnectionRecord): void {
  if (connection.status !== "Rejected" && connection.status !== "Pending") {
    throw requestAgainConflict(connection.connectionName, connection.status);
  }
}
