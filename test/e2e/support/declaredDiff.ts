import { strict as assert } from "node:assert";
import { isDeepStrictEqual } from "node:util";
import type { PulumiStack } from "../../../tools/lib/pulumiStack";

/**
 * What the engine shows of a resource after drift and what the state recorded as its inputs:
 * nothing the program did not declare may appear in either (plugin/declared.ts). The plugin's
 * diff carries no detailed diff (@pulumi/pulumi's server passes none on), so the engine shows
 * the recorded inputs against the program's: those are compared here.
 */
export async function assertOnlyDeclaredInDiff(
  stack: PulumiStack,
  token: string,
  declared: string[],
  drifted: string[],
): Promise<void> {
  const preview = await stack.previewJson();
  const steps = preview.steps.filter((s) => s.urn.includes(`::${token}::`));
  const context = JSON.stringify(
    steps.map((s) => ({ op: s.op, olds: s.oldState?.inputs, news: s.newState?.inputs })),
    null,
    2,
  );
  assert.deepEqual(
    steps.map((s) => s.op),
    ["update"],
    context,
  );
  const olds = steps[0].oldState?.inputs ?? {};
  const news = steps[0].newState?.inputs ?? {};
  const shown = [...new Set([...Object.keys(olds), ...Object.keys(news)])]
    .filter((key) => !isDeepStrictEqual(olds[key], news[key]))
    .sort();
  assert.deepEqual(shown, [...drifted].sort(), `the preview shows the drift alone:\n${context}`);
  const expected = [...new Set([...declared, ...drifted, "subscriptionId"])].sort();
  assert.deepEqual(Object.keys(olds).sort(), expected, `the state's inputs:\n${context}`);
  assert.deepEqual(
    Object.keys(news).sort(),
    [...new Set([...declared, "subscriptionId"])].sort(),
    `the program's inputs:\n${context}`,
  );
}
