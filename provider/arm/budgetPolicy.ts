import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { requestClassOf, takeTurn, type ArmBudget } from "./armBudget";
import { parseRetryAfterMs } from "./errors";

export const BUDGET_POLICY_NAME = "armBudget";

/**
 * The SDK client's gate to ARM: every request it sends (each try of a retried one too) waits
 * for its turn in the budget of its class, and ARM's answer (what is left of its bucket, a 429
 * and its Retry-After) goes back to that budget. See armBudget.ts.
 */
export function budgetPolicy(budget: ArmBudget): PipelinePolicy {
  return {
    name: BUDGET_POLICY_NAME,
    async sendRequest(request, next) {
      const requestClass = requestClassOf(request.method);
      const turn = await takeTurn(budget, requestClass, `${request.method} ${request.url}`);
      let response;
      try {
        response = await next(request);
      } catch (error) {
        turn.answered({ status: 0 });
        throw error;
      }
      const remaining = Number(
        response.headers.get(`x-ms-ratelimit-remaining-subscription-${requestClass}`) ?? NaN,
      );
      turn.answered({
        status: response.status,
        remaining: Number.isFinite(remaining) ? remaining : undefined,
        retryAfterMs: parseRetryAfterMs(response.headers.get("retry-after")),
      });
      return response;
    },
  };
}
