import { strict as assert } from "node:assert";
import type { PulumiStack } from "../../../tools/lib/pulumiStack";

/**
 * What the engine shows of a resource after drift (the `[diff: ...]` of `pulumi preview`, the
 * step's diffReasons) and what the state recorded as its inputs: nothing the program did not
 * declare may appear in either (plugin/declared.ts).
 */
export async function assertOnlyDeclaredInDiff(
  stack: PulumiStack,
  token: string,
  declared: string[],
  drifted: string[],
): Promise<void> {
  const preview = await stack.previewJson();
  const steps = preview.steps.filter((s) => s.urn.includes(`::${token}::`));
  assert.deepEqual(
    steps.map((s) => [s.op, [...(s.diffReasons ?? [])].sort()]),
    [["update", [...drifted].sort()]],
    `the preview shows the drift alone:\n${JSON.stringify(steps, null, 2)}`,
  );
  const [resource] = await stack.resources(token);
  const recorded = Object.keys(resource.inputs ?? {}).sort();
  const expected = [...new Set([...declared, ...drifted, "subscriptionId"])].sort();
  assert.deepEqual(recorded, expected, "the state's inputs are the declared ones (and the drift)");
}
