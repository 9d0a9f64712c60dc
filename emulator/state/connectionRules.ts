import {
  connectionDisconnected,
  invalidStatusTransition,
  reapprovalNotSupported,
  requestAgainConflict,
} from "../errors";
import type { ConnectionRecord } from "./records";
import type { EmulatorBehavior } from "../types";

/**
 * Azure's rules for the provider side of a private endpoint connection (the HSM's or vault's
 * owner, through ARM or the portal). Documented: a rejected connection cannot be approved
 * ("Manage Azure private endpoints", MicrosoftDocs/azure-docs#115121); only the consumer can
 * ask again (azure-docs#81751). Approved -> Rejected is allowed (the az CLI recording). A
 * Disconnected connection's endpoint is gone, so nothing can change it. Pending and
 * Disconnected are the consumer's doing, never the provider's.
 */

const PROVIDER_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  Pending: ["Pending", "Approved", "Rejected"],
  Approved: ["Approved", "Rejected"],
  Rejected: ["Rejected"],
  Disconnected: [],
};

/** Throws the 400 ARM answers when the provider side asks for a status change Azure refuses. */
export function checkProviderTransition(
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

/** The consumer asks again (azure-docs#81751): Rejected (or still Pending) -> Pending. */
export function checkRequestAgain(connection: ConnectionRecord): void {
  if (connection.status !== "Rejected" && connection.status !== "Pending") {
    throw requestAgainConflict(connection.connectionName, connection.status);
  }
}
