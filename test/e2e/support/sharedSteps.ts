import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatedConnectionRef } from "../../../emulator";
import type { CommandResult } from "../../../tools/lib/boundedProcess";
import type { PulumiStack } from "../../../tools/lib/pulumiStack";
import { assertOutput, describeRequests } from "./commandOutput";
import type { EngineHarness } from "./engineHarness";

/*
 * Steps that suites of several languages take alike against one stack: drift made by hand and
 * put back, and `pulumi import` of an existing connection.
 */

/**
 * Someone changes the connection's description by hand: refresh records it, and up puts the
 * declared one ("") back with exactly one PUT. Returns the up, for what a suite checks more.
 */
export async function descriptionDriftPutBack(
  h: EngineHarness,
  stack: PulumiStack,
  ref: EmulatedConnectionRef,
): Promise<CommandResult> {
  h.control.setConnection(ref, { description: "changed by hand" });
  const refresh = await stack.refresh(["--diff"]);
  assertOutput(refresh, /changed by hand/.test(refresh.stdout), "refresh shows the drift");
  h.control.clearRequestLog();
  const up = await stack.up();
  const state = h.control.getConnection(ref)?.properties.privateLinkServiceConnectionState;
  assert.equal(state?.description, "");
  assert.deepEqual(
    h.armWrites().map((r) => r.method),
    ["PUT"],
    describeRequests(h.armWrites()),
  );
  return up;
}

/**
 * `pulumi import <token> adopted <id> --out imported.yaml`: it only reads ARM. Returns the
 * command and the program it generated.
 */
export async function importAdopted(
  h: EngineHarness,
  stack: PulumiStack,
  token: string,
  id: string,
): Promise<{ imported: CommandResult; code: string }> {
  const generated = path.join(stack.projectDir, "imported.yaml");
  h.control.clearRequestLog();
  const imported = await stack.run([
    "import",
    token,
    "adopted",
    id,
    "--yes",
    "--protect=false",
    "--out",
    generated,
  ]);
  assert.deepEqual(h.armWrites(), [], "an import only reads");
  return { imported, code: fs.readFileSync(generated, "utf8") };
}
