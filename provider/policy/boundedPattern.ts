/**
 * A rule's `requestMessage` pattern is the policy author's, the text it is tried on the
 * requester's: a pattern that backtracks exponentially (`(a+)+$`) on a message written for it
 * would hold a preview or an up forever. Each test runs in a context of its own under a time
 * limit, which V8 enforces inside the regular expression engine too; past it, the evaluation
 * fails naming the pattern and the connection, rather than deciding anything.
 */

import * as vm from "node:vm";

export const PATTERN_TIME_LIMIT_MS = 250;

/** A test of one pattern, bounded in time; the pattern is checked valid by `check`. */
export function boundedPattern(
  source: string,
  flags: string,
): (text: string, of: string) => boolean {
  const context = vm.createContext({ source, flags, text: "" });
  vm.runInContext("var pattern = new RegExp(source, flags);", context);
  const test = new vm.Script("pattern.test(text)");
  return (text, of) => {
    context.text = text;
    try {
      return test.runInContext(context, { timeout: PATTERN_TIME_LIMIT_MS }) === true;
    } catch (error) {
      if ((error as { code?: string }).code !== "ERR_SCRIPT_EXECUTION_TIMEOUT") throw error;
      throw new Error(
        `the requestMessage pattern ${JSON.stringify(source)} ran for more than ` +
          `${PATTERN_TIME_LIMIT_MS} ms on the request message of ${of} and was stopped: it ` +
          `backtracks without bound on that text (nested quantifiers such as (a+)+). Nothing was ` +
          `decided or written; simplify the pattern (e.g. anchor it, or drop the nested quantifier)`,
      );
    }
  };
}
