import { strict as assert } from "node:assert";
import type { RequestLogEntry } from "../../../emulator";
import type { CommandResult } from "../../../tools/lib/boundedProcess";
import type { PulumiStack } from "../../../tools/lib/pulumiStack";

/** A line of the suite's own narration, indented under mocha's test titles. */
export const log = (line: string) => process.stderr.write(`      ${line}\n`);

export function output(result: CommandResult): string {
  return `${result.stdout}\n${result.stderr}`;
}

/** Fails with the command's output when `predicate` does not hold. */
export function assertOutput(result: CommandResult, predicate: boolean, message: string) {
  assert.ok(predicate, `${message}\n--- ${result.command} ---\n${output(result).slice(-6000)}`);
}

/** The emulator's log, one request a line, for assertion messages. */
export function describeRequests(entries: RequestLogEntry[]): string {
  return entries
    .map((r) => `${r.time} ${r.method} ${r.status} ${r.op} ${r.path.split("?")[0]}`)
    .join("\n");
}

/** A destroy that leaves no resource in the stack, as a test's cleanup. */
export async function destroyQuietly(stack: PulumiStack | undefined) {
  if (stack) {
    await stack.destroy([], { allowFailure: true });
  }
}
