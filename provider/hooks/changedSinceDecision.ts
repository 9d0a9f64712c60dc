/**
 * What can be seen of another owner from ARM alone: this stack's decision record says which
 * status its last write set, and ARM now reports another one. ARM keeps no author of a change,
 * so whether a person, a script, the consumer's re-request or another stack (or policy) made it
 * cannot be told; the sentence says what is known and what to do if another declaration exists.
 */

import type { DecisionRecord } from "../inputs";

/** The status this stack last wrote, when ARM's status now is another one (else undefined). */
export function overriddenDecision(
  recorded: DecisionRecord | undefined,
  statusNow: string | undefined,
): DecisionRecord | undefined {
  if (!recorded) return undefined;
  return recorded.superseded !== undefined || recorded.status !== statusNow ? recorded : undefined;
}

/** One sentence naming this stack's last decision and that ARM's status changed since. */
export function changedSinceDecision(recorded: DecisionRecord, statusNow: string | undefined) {
  const request = recorded.requestId ? `, ARM request ${recorded.requestId}` : "";
  return (
    `This stack set it ${recorded.status} at ${recorded.decidedAt}${request}; ARM now reports ` +
    `${statusNow ?? "no status"}, so someone else changed it since (the portal, a script, the ` +
    "consumer's re-request, an approval policy or another stack). If another stack or policy " +
    "declares this connection, the two undo each other: leave it to one of them " +
    "(docs/approval-policy.md, one owner per connection)."
  );
}
