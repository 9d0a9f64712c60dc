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

/**
 * `pulumi preview`, then `pulumi up`: both must fail at check with every failure in `reasons`
 * (each naming a field and its rule), and ARM must see nothing, not even a token request.
 */
export async function assertRefusedAtCheck(
  stack: PulumiStack,
  requestLog: () => RequestLogEntry[],
  reasons: RegExp[],
  what: string,
): Promise<void> {
  for (const args of [["preview"], ["up", "--yes", "--skip-preview"]]) {
    const failed = await stack.run(args, { allowFailure: true });
    assertOutput(failed, failed.code !== 0, `pulumi ${args[0]} fails`);
    assertOutput(
      failed,
      reasons.every((r) => r.test(output(failed))),
      what,
    );
  }
  assert.deepEqual(requestLog(), [], "no request, not even for a token");
}
