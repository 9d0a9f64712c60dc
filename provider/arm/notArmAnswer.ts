/**
 * A success that is not ARM's answer about the connection: a 200 whose body is no connection
 * or list of connections (an HTML page, JSON without an id or a value), or a 204 from an HSM,
 * whose spec has none. A proxy, a
 * captive portal or a mistyped endpoint serving a web app answers so; taken as "absent", it
 * would drop a resource from the state while the connection stays in Azure.
 */

import { ArmOperationError } from "./errors";

export function notArmAnswerError(
  operation: string,
  statusCode: number,
  requestId: string | undefined,
  endpoint: string,
): ArmOperationError {
  return new ArmOperationError(
    operation,
    {
      statusCode,
      armMessage: "the answer's body is not a private endpoint connection, nor a list of them",
      requestId,
      transient: false,
    },
    `${endpoint} answered ${statusCode} without ARM's body (no connection id, no list), so this is not ARM's ` +
      `answer (a proxy, a captive portal, or a mistyped AZURE_RESOURCE_MANAGER_ENDPOINT); the ` +
      `resource is kept in the state and nothing was deleted. Check the endpoint and the cloud ` +
      `(ARM_ENVIRONMENT)`,
  );
}
