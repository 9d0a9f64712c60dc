import type { Deadline } from "../arm/clock";
import type { ConnectionsApi, DesiredConnectionState } from "../arm/connectionsApi";
import { ArmOperationError } from "../arm/errors";
import type { ConnectionRef } from "../arm/ids";
import type { Report } from "../arm/lro";

const DEFAULT_THROTTLE_WAIT_MS = 1000;

/**
 * A PUT that outlasts ARM's write throttling. The retry policy gives a request a few attempts;
 * a policy's own writes are what fill the subscription's write bucket, so a write that is
 * still answered 429 after them is queued again (after Retry-After) until the deadline, rather
 * than failing the update. So is a write still answered 409 ConflictError or
 * AnotherOperationInProgress (Key Vault serializes changes to one vault or HSM): it waits for
 * the parent's other operations to finish. Any other failure is returned as it is.
 */
export async function throttledPut(
  api: ConnectionsApi,
  ref: ConnectionRef,
  desired: DesiredConnectionState,
  deadline: Deadline,
  report: Report,
): ReturnType<ConnectionsApi["put"]> {
  for (;;) {
    try {
      return await api.put(ref, desired);
    } catch (error) {
      const details = error instanceof ArmOperationError ? error.details : undefined;
      const busy = details?.statusCode === 409 && details.transient === true;
      const throttled = details?.statusCode === 429 || busy;
      const waitMs = throttled ? (details?.retryAfterMs ?? DEFAULT_THROTTLE_WAIT_MS) : 0;
      if (!throttled || deadline.remainingMs() <= waitMs) {
        throw error;
      }
      report(
        `${busy ? "The parent is busy with another operation" : "ARM is throttling writes"}; ${ref.connectionName} waits ${Math.ceil(waitMs / 1000)}s for its turn`,
      );
      await deadline.sleep(waitMs);
    }
  }
}
