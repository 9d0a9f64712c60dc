import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { CheckRequest, ConfigureRequest } from "@pulumi/pulumi/proto/provider_pb";
import { MhsmPrivateEndpointConnection } from "../../provider";
import { providerShim } from "../../provider/shim";
import type { PulumiCli } from "../lib/pulumiCli";
import type { PulumiWorkspace } from "../lib/pulumiWorkspace";
import { registeredInputsOf } from "../lib/registeredInputs";
import { hostRssUnder } from "./rss";

/**
 * Section 4: the size of the serialized provider, and the cold start of the dynamic-provider
 * host the engine launches, measured from outside as the engine sees it.
 */

export interface ColdStart {
  /** spawn → the host prints its gRPC port. */
  portMs: number;
  /** spawn → GetPluginInfo answered. */
  pluginInfoMs: number;
  /** spawn → the first Check answered (shim deserialized, this package required). */
  checkMs?: number;
  /** The host's RSS right after that Check (Linux). */
  rssAfterCheckBytes?: number;
  error?: string;
}

export interface ProgramCost {
  resources: number;
  /** Constructing them with the package's class until every one is registered. */
  packageClassMs: number;
  /** The same with one provider object shared by all (Pulumi serializes it once). */
  sharedProviderMs: number;
}

export interface HostResult {
  serializedBytes?: number;
  coldStarts: ColdStart[];
  program?: ProgramCost;
}

/** The inputs of one resource of examples/many, as the engine sends them to Check. */
export function sampleInputs(hsmName: string, connectionName: string) {
  return {
    resourceGroupName: "bench-rg",
    hsmName,
    privateEndpointConnectionName: connectionName,
    status: "Approved" as const,
  };
}

/**
 * `__provider` of one MhsmPrivateEndpointConnection, as the engine would receive it: the
 * resource is constructed under pulumi.runtime.setMocks and its inputs captured.
 */
export async function serializedProvider(): Promise<string> {
  const inputs = await registeredInputsOf(
    () => new MhsmPrivateEndpointConnection("pec", sampleInputs("bench-hsm", "pe-1.bench")),
  );
  const text = inputs.__provider;
  if (typeof text !== "string") {
    throw new Error("the resource was registered without a string __provider");
  }
  return text;
}

async function registerAll(resources: pulumi.CustomResource[]): Promise<void> {
  await Promise.all(
    resources.map((r) => new Promise<void>((resolve) => r.urn.apply(() => resolve()))),
  );
}

/**
 * What the program pays before the engine sees its resources: N resources constructed under
 * the mocks set by serializedProvider(), with the package's class, then with one provider
 * object shared by all (@pulumi/pulumi caches a provider's serialization per object).
 */
export async function programCost(n: number): Promise<ProgramCost> {
  const args = (i: number) => sampleInputs("bench-hsm", `pe-${i}.cost`);
  let t0 = performance.now();
  await registerAll(
    Array.from({ length: n }, (_, i) => new MhsmPrivateEndpointConnection(`cost-${i}`, args(i))),
  );
  const packageClassMs = performance.now() - t0;
  const shared = providerShim("MhsmPrivateEndpointConnectionProvider");
  class Shared extends pulumi.dynamic.Resource {
    constructor(name: string, props: Record<string, unknown>) {
      super(shared, name, props, undefined, "keyvault", "MhsmPrivateEndpointConnection");
    }
  }
  t0 = performance.now();
  await registerAll(Array.from({ length: n }, (_, i) => new Shared(`shared-${i}`, args(i))));
  return { resources: n, packageClassMs, sharedProviderMs: performance.now() - t0 };
}

// google-protobuf as @pulumi/pulumi's generated code resolves it (not a dependency of ours).
const pbRequire = createRequire(require.resolve("@pulumi/pulumi/proto/provider_pb"));
const { Empty } = pbRequire("google-protobuf/google/protobuf/empty_pb") as {
  Empty: new () => Parameters<ResourceProviderClient["getPluginInfo"]>[0];
};
type StructValue = Parameters<CheckRequest["setNews"]>[0];
const { Struct } = pbRequire("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(value: Record<string, unknown>): NonNullable<StructValue> };
};

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * One cold start: the launcher the engine runs (pulumi-resource-pulumi-nodejs, from the CLI's
 * bin dir) spawned in the program directory with the engine's address as its argument (the
 * host does not dial the engine before it is asked to log, so any address does), then
 * GetPluginInfo and a Check of one resource over gRPC.
 */
export async function coldStartOnce(
  cli: PulumiCli,
  projectDir: string,
  env: NodeJS.ProcessEnv,
  provider: string,
): Promise<ColdStart> {
  const launcher = path.join(cli.binDir, "pulumi-resource-pulumi-nodejs");
  const t0 = performance.now();
  const child = spawn(launcher, ["127.0.0.1:1"], {
    cwd: projectDir,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  let client: ResourceProviderClient | undefined;
  const result: ColdStart = { portMs: Number.NaN, pluginInfoMs: Number.NaN };
  try {
    const port = await withTimeout(
      new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          out += chunk;
          const line = /^(\d+)\s*$/m.exec(out);
          if (line) resolve(line[1]);
        });
        child.once("exit", (code) => reject(new Error(`the host exited (${code}): ${stderr}`)));
        child.once("error", reject);
      }),
      30_000,
      "port",
    );
    result.portMs = performance.now() - t0;
    const c = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    client = c;
    await withTimeout(
      new Promise<void>((resolve, reject) =>
        c.getPluginInfo(new Empty(), (error) => (error ? reject(error) : resolve())),
      ),
      30_000,
      "GetPluginInfo",
    );
    result.pluginInfoMs = performance.now() - t0;
    // The engine configures every provider before its first Check (with the stack's config).
    const configure = new ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript({}));
    await withTimeout(
      new Promise<void>((resolve, reject) =>
        c.configure(configure, (error) => (error ? reject(error) : resolve())),
      ),
      30_000,
      "Configure",
    );
    const request = new CheckRequest();
    request.setUrn(
      "urn:pulumi:bench::bench::pulumi-nodejs:dynamic/keyvault:MhsmPrivateEndpointConnection::pe-1",
    );
    request.setOlds(Struct.fromJavaScript({}));
    request.setNews(
      Struct.fromJavaScript({ ...sampleInputs("bench-hsm", "pe-1.bench"), __provider: provider }),
    );
    const failures = await withTimeout(
      new Promise<number>((resolve, reject) =>
        c.check(request, (error, response) =>
          error ? reject(error) : resolve(response.getFailuresList().length),
        ),
      ),
      60_000,
      "Check",
    );
    if (failures > 0) throw new Error(`Check answered with ${failures} failures`);
    result.checkMs = performance.now() - t0;
    if (child.pid !== undefined) result.rssAfterCheckBytes = hostRssUnder(child.pid);
  } catch (error) {
    result.error = `${error instanceof Error ? error.message : String(error)} ${stderr}`.trim();
  } finally {
    client?.close();
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL"); // the launcher's group: sh and the node host
      } catch {
        // already gone
      }
    }
  }
  return result;
}

export async function coldStarts(
  cli: PulumiCli,
  workspace: PulumiWorkspace,
  exampleDir: string,
  provider: string,
  count: number,
  progress: (line: string) => void,
): Promise<ColdStart[]> {
  const project = workspace.prepareProject(exampleDir, { name: "cold-start" });
  const env = workspace.env();
  const out: ColdStart[] = [];
  for (let i = 1; i <= count; i++) {
    const run = await coldStartOnce(cli, project.dir, env, provider);
    progress(
      `cold start ${i}/${count}: port ${Math.round(run.portMs)} ms, GetPluginInfo ${Math.round(run.pluginInfoMs)} ms, ` +
        `Check ${run.checkMs === undefined ? `failed: ${run.error}` : `${Math.round(run.checkMs)} ms`}`,
    );
    out.push(run);
  }
  return out;
}
