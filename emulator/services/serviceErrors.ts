import { ArmError } from "../errors";
import type { AbsentAnswer, AbsentContext } from "./profile";

/** The errors only some services answer, in their words as recorded. */

/** The SQL family (recorded for PostgreSQL single server; listed in the Sql 2025-01-01 spec). */
export function statusNotPending(): ArmError {
  return new ArmError(
    400,
    "PrivateEndpointConnectionStatusNotPending",
    "Private Endpoint Connection Status is not Pending",
  );
}

/** Storage, approving a Rejected or an already Approved connection (2023-01-01 recording). */
export function storageInvalidStatus(): ArmError {
  return new ArmError(
    400,
    "InvalidValuesForRequestParameters",
    "Values for request parameters are invalid: privateLinkServiceConnectionState.status.",
  );
}

/** Search, approving a Rejected connection (2020-08-01 recording). */
export function searchOperationNotAllowed(
  connectionName: string,
  from: string,
  to: string,
): ArmError {
  return new ArmError(
    400,
    "OperationNotAllowed",
    `Could not update Private Endpoint connection status from '${from}' to '${to}': ${connectionName}.`,
  );
}

/** A 404 of an absent connection as the service words it. */
export function absentConnection(
  answer: Extract<AbsentAnswer, { status: 404 }>,
  context: AbsentContext,
  armText: string,
): ArmError {
  return new ArmError(404, answer.code, answer.message ? answer.message(context) : armText);
}

/** ARM's answer for a provider namespace it does not know. */
export function invalidResourceNamespace(namespace: string): ArmError {
  return new ArmError(
    404,
    "InvalidResourceNamespace",
    `The resource namespace '${namespace}' is invalid.`,
  );
}
