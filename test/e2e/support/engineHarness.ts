import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  ensureCertificate,
  FAST_TIMINGS,
  startEmulator,
  type RequestLogEntry,
  type RunningEmulator,
} from "../../../emulator";
import type { ConnectionJson, EmulatorBehavior } from "../../../emulator";
import { findOrInstallPulumiCli, type PulumiCli } from "../../../tools/lib/pulumiCli";
import { PulumiStack } from "../../../tools/lib/pulumiStack";
import { PulumiWorkspace } from "../../../tools/lib/pulumiWorkspace";
import { REPO_ROOT } from "../../../tools/lib/repoRoot";
import type { DeploymentResource } from "../../../tools/lib/stackJson";
import { processTrustsCa } from "../../../tools/lib/emulatorTrust";

/**
 * The e2e suite's world: the real Pulumi CLI (engine, language host, dynamic-provider
 * launcher) in an isolated workspace, talking to the ARM emulator that runs in this mocha
 * process over HTTPS on 127.0.0.1. The pulumi subprocesses get the emulator's environment
 * (endpoint, authority, client secret, subscription, NODE_EXTRA_CA_CERTS) and nothing Azure
 * of the caller's.
 */

export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/keyvault:MhsmPrivateEndpointConnection";
export const RG = "rg-e2e";

/**
 * Short ARM durations: every intermediate state is still exercised, the suite stays quick. The
 * outcomes are named, so that setting this back ends a test's `"Never"` for what comes next.
 */
export const E2E_BEHAVIOR: Partial<EmulatorBehavior> = {
  ...FAST_TIMINGS,
  putOutcome: "Succeeded",
  deleteOutcome: "Succeeded",
  putDurationMs: 200,
  deleteDurationMs: 300,
  putRetryAfterSeconds: null,
  deleteRetryAfterSeconds: 1,
};

export const EXAMPLES = {
  basic: path.join(REPO_ROOT, "examples", "basic"),
  many: path.join(REPO_ROOT, "examples", "many"),
  byPrivateEndpoint: path.join(REPO_ROOT, "examples", "by-private-endpoint"),
  vault: path.join(REPO_ROOT, "examples", "vault"),
};

export class EngineHarness {
  private constructor(
    readonly cli: PulumiCli,
    readonly emulator: RunningEmulator,
    readonly workspace: PulumiWorkspace,
    /** The package as built when the suite started: what every stack's program installs. */
    readonly packageDir: string,
  ) {}

  /** Finds (or builds, the first time on a machine) the CLI, then starts the emulator. */
  static async start(log: (line: string) => void = () => undefined): Promise<EngineHarness> {
    const { caPath } = ensureCertificate();
    assert.ok(
      processTrustsCa(caPath),
      "run through dist/tools/with-emulator-ca.js (npm run test:e2e) so that Node trusts the emulator",
    );
    const cli = await findOrInstallPulumiCli({ log });
    // A secret of this run only, so finding it anywhere means it leaked.
    const clientSecret = `e2e-client-secret-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const emulator = await startEmulator({ clientSecret, behavior: E2E_BEHAVIOR });
    let workspace: PulumiWorkspace | undefined;
    try {
      workspace = new PulumiWorkspace({
        cli,
        env: emulator.env(),
        timeoutMs: 240_000,
        onOutput: process.env.E2E_VERBOSE
          ? (line, stream) => log(`[${stream}] ${line}`)
          : undefined,
      });
      // A snapshot, so that a rebuild of dist/ while the suite runs cannot break a program.
      const packageDir = workspace.copyPackage("package");
      return new EngineHarness(cli, emulator, workspace, packageDir);
    } catch (error) {
      workspace?.dispose();
      await emulator.stop();
      throw error;
    }
  }

  get control() {
    return this.emulator.control;
  }

  async stop() {
    try {
      this.workspace.dispose();
    } finally {
      await this.emulator.stop();
    }
  }

  /** A Managed HSM with `count` Pending connections, as consumers' private endpoints make them. */
  seedHsm(hsmName: string, count: number): string[] {
    this.control.createParent({ resourceGroupName: RG, parentName: hsmName });
    return Array.from({ length: count }, (_, i) => {
      const created = this.control.createConnection({
        resourceGroupName: RG,
        parentName: hsmName,
        connectionName: `pe-${hsmName}-${i + 1}.${guidLike(i + 1)}`,
      });
      return created.name;
    });
  }

  connection(hsmName: string, connectionName: string): ConnectionJson | undefined {
    return this.control.getConnection({
      resourceGroupName: RG,
      parentName: hsmName,
      connectionName,
    });
  }

  /** ARM requests since the last clear, token and metadata routes left out. */
  armRequests(): RequestLogEntry[] {
    return this.control.requestLog().filter((r) => !["token", "openid", "other"].includes(r.op));
  }

  /** The writes (PUT, DELETE) among them. */
  armWrites(): RequestLogEntry[] {
    return this.armRequests().filter((r) => r.method === "PUT" || r.method === "DELETE");
  }

  /** A stack of a fresh copy of an example, with its config set. */
  async newStack(
    example: keyof typeof EXAMPLES,
    stackName: string,
    config: Record<string, string>,
    options: { packageDir?: string } = {},
  ): Promise<PulumiStack> {
    const project = this.workspace.prepareProject(EXAMPLES[example], {
      name: `${example}-${stackName}`,
      packageDir: options.packageDir ?? this.packageDir,
    });
    const stack = await PulumiStack.init(this.workspace, project.dir, stackName);
    await stack.setConfig({ resourceGroupName: RG, ...config });
    return stack;
  }
}

/**
 * Registers the mocha hooks of a suite run against one EngineHarness: started before the suite
 * (building the CLI on a clean machine takes minutes), stopped after it, the emulator's request
 * log cleared before each test. `started` receives it.
 */
export function useEngineHarness(started: (h: EngineHarness) => void, log: (line: string) => void) {
  let h: EngineHarness | undefined;
  before(async function () {
    this.timeout(45 * 60_000);
    h = await EngineHarness.start(log);
    log(`Pulumi CLI ${h.cli.version} (${h.cli.source}: ${h.cli.binDir}); ARM at ${h.emulator.url}`);
    started(h);
  });
  after(async function () {
    this.timeout(60_000);
    await h?.stop();
  });
  beforeEach(() => {
    h?.control.clearRequestLog();
  });
}

/** The dynamic resources of a stack's state. */
export async function connectionsInState(stack: PulumiStack): Promise<DeploymentResource[]> {
  return stack.resources(RESOURCE_TYPE);
}

/** The last path segment of a request's path (the connection name), without the query. */
export function connectionNameOf(entry: RequestLogEntry): string {
  return decodeURIComponent(entry.path.split("?")[0].split("/").pop() ?? "");
}

function guidLike(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `e2e00000-0000-4000-8000-${hex}`;
}

/** Every regular file under dir (symlinks not followed), with its text. */
export function filesUnder(dir: string, skip: (name: string) => boolean = () => false) {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (skip(entry.name)) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push({ file: full, text: fs.readFileSync(full, "utf8") });
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}
