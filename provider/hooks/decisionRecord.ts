/**
 * The decision record: made from the answer of the provider's own PUT, and carried across
 * updates without a write and refreshes, so that the state says who last decided, until ARM
 * shows that someone else decided since (then it is marked superseded, not dropped: a
 * security review wants to see both the decision and that it was overridden).
 */

import type { PutAnswer } from "../arm/connectionsApi";
import type { DecisionRecord } from "../inputs";

/** The record of one write that ARM accepted. */
export function decisionOf(
  put: PutAnswer,
  previousStatus: string | undefined,
  status: string,
  nowMs: number,
  rule?: string,
): DecisionRecord {
  return {
    decidedAt: new Date(nowMs).toISOString(),
    decidedBy: put.identity ?? { appId: "", objectId: "", tenantId: "" },
    previousStatus: previousStatus ?? "",
    status,
    ...(rule !== undefined ? { rule } : {}),
    requestId: put.requestId ?? "",
  };
}

/**
 * A recorded decision held against ARM's status now: kept while the status is the recorded
 * one; marked superseded by the first refresh that sees another. It stays superseded even if
 * the status later comes back: who put it back is unknown, and the record must not claim it.
 */
export function carriedDecision(
  recorded: unknown,
  statusNow: string,
  nowMs: number,
): DecisionRecord | undefined {
  if (!isDecisionRecord(recorded)) return undefined;
  const seen = recorded.superseded?.status ?? recorded.status;
  if (seen === statusNow) return recorded;
  return {
    ...recorded,
    superseded: { observedAt: new Date(nowMs).toISOString(), status: statusNow },
  };
}

function isDecisionRecord(value: unknown): value is DecisionRecord {
  const v = value as Partial<DecisionRecord> | null | undefined;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.decidedAt === "string" &&
    typeof v.status === "string" &&
    typeof v.decidedBy === "object"
  );
}
