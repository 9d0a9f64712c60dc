/**
 * The wait after the provider's own PUT, of any service: the operation ARM named
 * (serviceLro.ts), then the GETs lro.ts paces, each read as the parent's profile says.
 */

import type { Deadline } from "./clock";
import type { ConnectionsApi, PutAnswer } from "./connectionsApi";
import type { ConnectionState } from "./connectionState";
import { formatConnectionId, type ConnectionRef } from "./ids";
import { waitUntilProvisioned, type Pacing, type Report } from "./lro";
import { waitForOperation } from "./serviceLro";
import { settled } from "./serviceWire";

/**
 * The wait after the provider's own PUT, as the parent's service answers it: the operation ARM
 * named first, when it named one (its status is the outcome; a GET may lag behind it), then
 * GETs until the service has settled the connection: no busy provisioningState (SQL's
 * Approving, ...) and no interim status (App Service's Approving, ...). A service whose GETs
 * show the old status for a while after an accepted PUT (staleReadsAfterPut) is read until
 * they show the status written, within the deadline.
 */
export async function waitForPut(
  api: ConnectionsApi,
  ref: ConnectionRef,
  put: PutAnswer,
  written: string,
  deadline: Deadline,
  report: Report,
  pacing: Pacing = {},
): Promise<ConnectionState> {
  const answered = put.state;
  if (ref.profile.putStyle === "synchronous" && answered && settled(ref.profile, answered)) {
    // Storage, Search, Data Factory, Cognitive Services: the 200 is the connection as written.
    return answered;
  }
  if (put.operation) {
    const operation = `PUT ${formatConnectionId(ref)}`;
    await waitForOperation(api, operation, put.operation, put.retryAfterMs, deadline, pacing);
  }
  const done = put.operation !== undefined || (put.state && settled(ref.profile, put.state));
  let state = await waitUntilProvisioned(
    api,
    ref,
    done ? 0 : put.retryAfterMs,
    deadline,
    report,
    pacing,
  );
  while (ref.profile.staleReadsAfterPut && state.status !== written) {
    state = await waitUntilProvisioned(api, ref, undefined, deadline, report, pacing);
  }
  return state;
}
