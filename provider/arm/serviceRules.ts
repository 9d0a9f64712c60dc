/**
 * Azure's rules on changing a connection's status, as each service applies them (its profile):
 * no one changes a Disconnected connection; a Rejected one is approved again only where the
 * service allows it (no recorded service does, Storage and Search answer 400); and the SQL
 * family changes a status only from Pending (400 PrivateEndpointConnectionStatusNotPending).
 * Checked before any write, so the refusal says why and what to do instead of ARM's 400.
 */

import type { ServiceProfile } from "./serviceProfiles";

/** Why `current` cannot become `declared` on this service; undefined when it can. */
export function transitionProblem(
  profile: ServiceProfile,
  current: string | undefined,
  declared: string,
): string | undefined {
  if (current === undefined || current === declared) return undefined;
  const ask = "only the consumer can ask again (re-request, or recreate its private endpoint)";
  if (current === "Disconnected") {
    return `its consumer deleted the private endpoint, and Azure lets no one change a Disconnected connection; ${ask}`;
  }
  if (profile.changesOnlyFromPending && current !== "Pending") {
    return (
      `a ${profile.displayName} changes a connection's status only from Pending ` +
      `(ARM answers PrivateEndpointConnectionStatusNotPending); ${ask}, or delete the connection`
    );
  }
  if (current === "Rejected" && declared === "Approved" && !profile.approvesRejected) {
    return `a ${profile.displayName} does not let a rejected connection be approved again; ${ask}`;
  }
  return undefined;
}

/**
 * Why a PUT that keeps the status `current` and changes only the description is refused on this
 * service; undefined when it is accepted. The SQL family changes nothing but a Pending
 * connection, and Storage answers 400 to approving an Approved one.
 */
export function rewriteProblem(profile: ServiceProfile, current: string): string | undefined {
  const keep =
    "declare the description ARM reports, or delete the connection and let the consumer ask again";
  if (profile.changesOnlyFromPending && current !== "Pending") {
    return (
      `a ${profile.displayName} changes a connection only while it is Pending (ARM answers ` +
      `PrivateEndpointConnectionStatusNotPending), so its description cannot be put back; ${keep}`
    );
  }
  if (current === "Approved" && !profile.rewritesApproved) {
    return (
      `a ${profile.displayName} refuses to approve an Approved connection again (ARM answers 400 ` +
      `InvalidValuesForRequestParameters), so its description cannot be put back; ${keep}`
    );
  }
  return undefined;
}
