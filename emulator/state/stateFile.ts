import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import type { ConnectionRecord, OperationRecord, ParentRecord } from "./records";

/**
 * The optional file the state lives in between runs (the CLI's --state). Written to a
 * temporary file and renamed over the old one, so a crash never leaves half a file.
 */

export interface PersistedState {
  version: 1;
  parents: ParentRecord[];
  connections: ConnectionRecord[];
  operations: OperationRecord[];
}

export function emptyState(): PersistedState {
  return { version: 1, parents: [], connections: [], operations: [] };
}

export function loadStateFile(file: string): PersistedState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return undefined;
    }
    throw error;
  }
  let parsed: Partial<PersistedState>;
  try {
    parsed = JSON.parse(text) as Partial<PersistedState>;
  } catch (error) {
    throw new Error(`state file ${file} is not JSON: ${(error as Error).message}`);
  }
  if (
    parsed?.version !== 1 ||
    !Array.isArray(parsed.parents) ||
    !Array.isArray(parsed.connections) ||
    !Array.isArray(parsed.operations)
  ) {
    throw new Error(
      `state file ${file} is not an emulator state (version 1 with parents, connections, operations)`,
    );
  }
  return parsed as PersistedState;
}

export function saveStateFile(file: string, state: PersistedState): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temporary, file);
}

/**
 * A record written before parents had a resourceType names a Key Vault type by `kind`
 * ("managedHSMs" or "vaults"): read as Microsoft.KeyVault/<kind>.
 */
export function withResourceType<T extends { resourceType: string }>(record: T): T {
  const legacy = record as T & { kind?: string };
  if (legacy.resourceType !== undefined || legacy.kind === undefined) {
    return record;
  }
  const { kind, ...rest } = legacy;
  return { ...rest, resourceType: `Microsoft.KeyVault/${kind}` } as unknown as T;
}
