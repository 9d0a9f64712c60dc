/**
 * The one budget every ARM request of this process goes through: per subscription and
 * principal (what ARM's buckets are counted by), a RequestBudget for each of ARM's request
 * classes. The SDK client's pipeline takes a token before each request and tells the budget
 * how ARM answered (budgetPolicy.ts), so no read or write can go around it: the preview's
 * checks, the reads before a write, list pages, polls and retries alike.
 *
 * A request learns whether it is a wait's look from the async context it runs in (withClaim),
 * so the ranking of polls needs nothing from the layers in between.
 */

import { AsyncLocalStorage } from "node:async_hooks";
import type { Clock } from "./clock";
import { RequestBudget, type Answer, type BudgetSettings, type Claim } from "./requestBudget";

export type RequestClass = "reads" | "writes" | "deletes";

export type ArmBudget = Record<RequestClass, RequestBudget>;

/**
 * Below ARM's documented buckets (reads 250, refilling 25/s; writes and deletes 200, 10/s):
 * bursts that start 200 operations at once with part of each bucket left over (a fifth of the
 * reads, a tenth of the writes and deletes, whose every one starts an operation of up to a
 * minute), and a pace that leaves 40 % of reads and 10 % of writes and deletes for the
 * subscription's other clients. The first request of each class goes alone: its answer says
 * what ARM has left (a bucket smaller than documented, one other clients have spent), and the
 * burst is cut to that less a reserve (requestBudget.ts) before it goes.
 */
export const DEFAULT_BUDGETS: Readonly<Record<RequestClass, Readonly<BudgetSettings>>> = {
  reads: { perSecond: 15, burst: 200, beforeFirstAnswer: 1 },
  writes: { perSecond: 9, burst: 180, beforeFirstAnswer: 1 },
  deletes: { perSecond: 9, burst: 180, beforeFirstAnswer: 1 },
};

/** The class ARM counts a request of this HTTP method in. */
export function requestClassOf(method: string): RequestClass {
  const upper = method.toUpperCase();
  if (upper === "GET" || upper === "HEAD") return "reads";
  return upper === "DELETE" ? "deletes" : "writes";
}

export function newArmBudget(
  reads: BudgetSettings = DEFAULT_BUDGETS.reads,
  clock?: Clock,
): ArmBudget {
  return {
    reads: new RequestBudget(reads, clock),
    writes: new RequestBudget(DEFAULT_BUDGETS.writes, clock),
    deletes: new RequestBudget(DEFAULT_BUDGETS.deletes, clock),
  };
}

const budgets = new Map<string, ArmBudget>();

/**
 * The process's budget for one subscription and principal (endpoint, subscription, tenant and
 * client, as the caller names them), made on first use with the read settings of that moment.
 */
export function armBudgetFor(principal: string, reads: BudgetSettings): ArmBudget {
  const key = principal.toLowerCase();
  let budget = budgets.get(key);
  if (!budget) {
    budget = newArmBudget(reads);
    budgets.set(key, budget);
  }
  return budget;
}

/** Said when a request's deadline passes while it waits for its turn in the budget. */
export class BudgetOutOfTimeError extends Error {
  override name = "BudgetOutOfTimeError";
}

const claims = new AsyncLocalStorage<Claim>();

/** Runs `send` with its requests claiming their turn as `claim` says (merged into any outer). */
export function withClaim<T>(claim: Claim, send: () => Promise<T>): Promise<T> {
  return claims.run({ ...claims.getStore(), ...claim }, send);
}

/**
 * Waits for a turn of `requestClass` under the claim of the current async context; throws
 * BudgetOutOfTimeError when the claimant's deadline passes first.
 */
export async function takeTurn(
  budget: ArmBudget,
  requestClass: RequestClass,
  operation: string,
): Promise<Turn> {
  const classBudget = budget[requestClass];
  const ticket = await classBudget.admit(claims.getStore());
  if (ticket === undefined) {
    throw new BudgetOutOfTimeError(
      `${operation} was not sent: its timeout passed while it waited for a turn in this ` +
        `process's ARM ${requestClass} budget (${classBudget.waiting} others waiting, ` +
        `${classBudget.perSecond.toFixed(1)}/s). Re-running is safe; give the operation a ` +
        `longer timeout, or raise the budget when the subscription has room.`,
    );
  }
  return { answered: (answer) => classBudget.answered(answer, ticket) };
}

/** A request's turn: ARM's answer to it goes back to the budget that let it go. */
export interface Turn {
  answered(answer: Answer): void;
}
