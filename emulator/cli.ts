#!/usr/bin/env node
import { parseArgs } from "node:util";
import { DEFAULT_SUBSCRIPTION_ID } from "./defaults";
import { startEmulator } from "./server/startEmulator";
import type { RunningEmulator } from "./types";

/**
 * `npm run emulator -- --port 8443`: starts the emulator, prints where it is and the
 * environment a client needs, and logs each request until SIGINT or SIGTERM.
 */

const SECRET_ENV = "MHSM_EMULATOR_CLIENT_SECRET";

const USAGE = `Usage: mhsm-arm-emulator [options]

An offline HTTPS emulator of Azure Resource Manager (the private endpoint
connections of Key Vault and other private-link services) and of the Entra ID
token endpoint.

Options:
  --port N         port on 127.0.0.1 (default 0: any free port)
  --state FILE     load the state from FILE if it exists, save it there after every change
  --cert-dir DIR   where the TLS certificate is kept (default $MHSM_EMULATOR_CERT_DIR,
                   else ~/.cache/mhsm-arm-emulator)
  --seed           create managed HSM 'demo-hsm' in resource group 'demo-rg' with one
                   Pending private endpoint connection (unless it already has connections)
  --help           show this help

Environment:
  ${SECRET_ENV}   the client secret to accept instead of the well-known default
                                (it is never printed)

Control API: https://127.0.0.1:<port>/_emulator/... (see emulator/README.md)
`;

interface CliOptions {
  port: number;
  stateFile?: string;
  certDir?: string;
  seed: boolean;
}

function parseCommandLine(argv: string[]): CliOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      state: { type: "string" },
      "cert-dir": { type: "string" },
      seed: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    return "help";
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535 (got '${values.port}')`);
  }
  return { port, stateFile: values.state, certDir: values["cert-dir"], seed: values.seed ?? false };
}

/** Single-quoted for POSIX shells unless plainly safe. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The seeded parent and its connections, for the announcement. */
interface Seeded {
  resourceGroupName: string;
  hsmName: string;
  connections: { name: string; status: string }[];
}

function seed(emulator: RunningEmulator): Seeded {
  const parent = { resourceGroupName: "demo-rg", parentName: "demo-hsm" };
  emulator.control.createParent({
    resourceGroupName: parent.resourceGroupName,
    parentName: "demo-hsm",
  });
  if (emulator.control.listConnections(parent).length === 0) {
    emulator.control.createConnection({
      ...parent,
      privateEndpointId:
        `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/resourceGroups/demo-rg` +
        "/providers/Microsoft.Network/privateEndpoints/demo-pe",
      description: "Please approve my connection.",
    });
  }
  const connections = emulator.control.listConnections(parent).map((c) => ({
    name: c.name,
    status: c.properties.privateLinkServiceConnectionState?.status ?? "unknown",
  }));
  return { resourceGroupName: parent.resourceGroupName, hsmName: parent.parentName, connections };
}

/** What a user needs to point a program at the seeded connection. */
function describeSeed(seeded: Seeded): string[] {
  return [
    `Seeded: managed HSM '${seeded.hsmName}' in resource group '${seeded.resourceGroupName}'`,
    ...seeded.connections.map((c) => `Seeded connection: ${c.name} (${c.status})`),
  ];
}

function describe(emulator: RunningEmulator, secretFromEnv: boolean, seeded?: Seeded): string {
  const lines = [
    `MHSM ARM emulator listening on ${emulator.url}`,
    `CA certificate to trust: ${emulator.caPath}`,
    ...(seeded ? describeSeed(seeded) : []),
    "",
    "# Environment for clients (paste into a shell):",
  ];
  for (const [name, value] of Object.entries(emulator.env())) {
    const shown =
      name === "AZURE_CLIENT_SECRET" && secretFromEnv ? `"$${SECRET_ENV}"` : shellQuote(value);
    lines.push(`export ${name}=${shown}`);
  }
  lines.push("", "Press Ctrl+C to stop.", "");
  return lines.join("\n");
}

async function main(): Promise<void> {
  const parsed = parseCommandLine(process.argv.slice(2));
  if (parsed === "help") {
    process.stdout.write(USAGE);
    return;
  }
  const secret = process.env[SECRET_ENV] || undefined;
  const emulator = await startEmulator({
    port: parsed.port,
    stateFile: parsed.stateFile,
    certDir: parsed.certDir,
    clientSecret: secret,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const seeded = parsed.seed ? seed(emulator) : undefined;
  // Before announcing readiness: whoever reads the announcement may signal at once.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.stdout.write(describe(emulator, secret !== undefined, seeded));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `mhsm-arm-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.stderr.write("Run with --help for usage.\n");
  process.exit(1);
});
