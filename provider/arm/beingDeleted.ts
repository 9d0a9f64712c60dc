/**
 * A PUT refused because someone else is deleting the connection. ARM answers it 409 Conflict,
 * a code it also gives a parent busy with other changes, which is worth waiting for; this one
 * is not (the connection will be gone), so it is not retried, and callers that only meant to
 * keep the connection from being used (onDelete "reject", a policy's writes) take it as gone.
 */

import { ArmOperationError } from "./errors";

export class ConnectionBeingDeletedError extends ArmOperationError {
  override name = "ConnectionBeingDeletedError";

  constructor(failure: ArmOperationError) {
    super(
      failure.operation,
      { ...failure.details, transient: false },
      "another client is deleting the connection (a GET shows it Deleting or gone), so no write " +
        "can succeed; nothing was changed. Re-running after the delete ends finds it gone",
    );
  }
}

/**
 * A 409 Conflict is what a busy parent and someone else's DELETE both answer: only a GET
 * tells them apart, and only the busy parent is worth retrying until the deadline.
 */
export async function unlessBeingDeleted(
  failure: ArmOperationError,
  get: () => Promise<{ provisioningState?: string } | undefined>,
): Promise<ArmOperationError> {
  if (failure.details.statusCode !== 409) return failure;
  const now = await get();
  return now === undefined || now.provisioningState === "Deleting"
    ? new ConnectionBeingDeletedError(failure)
    : failure;
}
