import type { RunningEmulator } from "../../emulator";
import { MhsmPrivateEndpointConnectionProvider } from "../../provider";
import { DeclaredInDeployment } from "../../provider/declarations";
import { DirectLifecycle } from "./directLifecycle";
import { EngineLifecycle, propertyChanges } from "./engineLifecycle";
import type { PulumiCli } from "./pulumiCli";

/**
 * One demo program (examples/basic: one connection, one declared status) as the demo's story
 * sees it, whether the real engine runs it or the provider is driven as the engine would.
 */
export interface DemoProgram {
  connectionName: string;
  status: "Approved" | "Rejected";
  description: string;
}

export interface UpOutcome {
  summary: string;
  /** The update was refused: the provider's message. */
  error?: string;
}

export interface DemoStack {
  up(): Promise<UpOutcome>;
  /** The properties that drifted, as "status: ..." lines. */
  refresh(): Promise<string[]>;
  destroy(): Promise<string>;
  dispose(): void;
}

export const RG = "demo-rg";
export const HSM = "demo-hsm";

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function directStack(program: DemoProgram, log: (line: string) => void): DemoStack {
  const lifecycle = new DirectLifecycle(
    () =>
      new MhsmPrivateEndpointConnectionProvider({
        report: (m) => log(`    ... ${m}`),
        declarations: new DeclaredInDeployment(),
      }),
  );
  const inputs = {
    resourceGroupName: RG,
    hsmName: HSM,
    privateEndpointConnectionName: program.connectionName,
    status: program.status,
    description: program.description,
  };
  return {
    async up() {
      try {
        const done = await lifecycle.up(inputs);
        return { summary: `${done}; status ${lifecycle.outputs?.status}` };
      } catch (error) {
        return { summary: "failed", error: errorMessage(error) };
      }
    },
    async refresh() {
      const before = lifecycle.outputs;
      const drifted = await lifecycle.refresh();
      const after = lifecycle.outputs;
      return drifted.map((k) =>
        k === "status" || k === "description"
          ? `${k}: ${JSON.stringify(before?.[k])} => ${JSON.stringify(after?.[k])}`
          : k,
      );
    },
    async destroy() {
      await lifecycle.destroy();
      return "deleted";
    },
    dispose() {},
  };
}

/** The refusal the engine printed: the provider's message, from its diagnostics. */
function refusalOf(stdout: string, stderr: string): string {
  const lines = `${stdout}\n${stderr}`.split("\n").map((l) => l.trim());
  const line =
    lines.find((l) => /ARM reports status/.test(l)) ?? lines.find((l) => /error:/.test(l));
  return line ? line.slice(Math.max(0, line.indexOf("error:"))) : "the update failed";
}

export async function engineStack(
  emulator: RunningEmulator,
  cli: PulumiCli,
  program: DemoProgram,
  stackName: string,
  log: (line: string) => void,
): Promise<DemoStack> {
  const lifecycle = await EngineLifecycle.start({
    cli,
    env: emulator.env(),
    stackName,
    config: {
      resourceGroupName: RG,
      hsmName: HSM,
      connectionName: program.connectionName,
      status: program.status,
      description: program.description,
    },
    onOutput: (line) => {
      if (line.trim() !== "") log(`    | ${line}`);
    },
  });
  return {
    async up() {
      const up = await lifecycle.up({ allowFailure: true });
      const summary = up.changes.join(", ") || `exit code ${up.result.code}`;
      return up.result.code === 0
        ? { summary }
        : { summary, error: refusalOf(up.result.stdout, up.result.stderr) };
    },
    async refresh() {
      const refresh = await lifecycle.refresh();
      return propertyChanges(refresh.result.stdout).filter((c) => /^(status|description):/.test(c));
    },
    async destroy() {
      return (await lifecycle.destroy()).changes.join(", ");
    },
    dispose() {
      lifecycle.dispose();
    },
  };
}
