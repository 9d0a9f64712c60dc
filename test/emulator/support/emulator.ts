import * as os from "node:os";
import * as path from "node:path";
import {
  ensureCertificate,
  FAST_TIMINGS,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../../emulator";

/**
 * Emulators for tests: one certificate directory for the whole run (generated once), and a
 * registry so every emulator a test starts is stopped after it, even when it fails.
 */

export const TEST_CERT_DIR =
  process.env.MHSM_EMULATOR_CERT_DIR || path.join(os.tmpdir(), "mhsm-arm-emulator-tests");

// A root hook: on a machine without the certificate yet, generating it takes a second or two,
// which must not count against the first test's timeout.
before(function () {
  this.timeout(60_000);
  ensureCertificate(TEST_CERT_DIR);
});

/** Fast lifecycles: tests wait for them (the one named profile every harness selects). */
export const FAST = FAST_TIMINGS;

const running = new Set<RunningEmulator>();

export async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    certDir: TEST_CERT_DIR,
    // Time moves only when a test says so (control.advanceClock): no verdict depends on how
    // fast the machine answers between two requests.
    virtualClock: true,
    ...options,
    behavior: { ...FAST, ...options.behavior },
  });
  running.add(emulator);
  return emulator;
}

export async function stopAll(): Promise<void> {
  const stopping = [...running].map((e) => e.stop());
  running.clear();
  await Promise.all(stopping);
}

/** Registers afterEach(stopAll) for the calling suite. */
export function stopEmulatorsAfterEach(): void {
  afterEach(stopAll);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const RG = "rg-test";
export const HSM = "hsm-test";
export const VAULT = "kv-test";
export const API = "2025-05-01";

/** An HSM (and a vault) with one Pending connection each, named pec-1. */
export function seed(emulator: RunningEmulator): void {
  emulator.control.createParent({ resourceGroupName: RG, parentName: HSM });
  emulator.control.createConnection({
    resourceGroupName: RG,
    parentName: HSM,
    connectionName: "pec-1",
  });
  emulator.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: VAULT });
  emulator.control.createConnection({
    kind: "vaults",
    resourceGroupName: RG,
    parentName: VAULT,
    connectionName: "pec-1",
  });
}

export function parentPath(
  emulator: RunningEmulator,
  kind: "managedHSMs" | "vaults" = "managedHSMs",
  name = kind === "vaults" ? VAULT : HSM,
  resourceGroupName = RG,
): string {
  return (
    `/subscriptions/${emulator.subscriptionId}/resourceGroups/${resourceGroupName}` +
    `/providers/Microsoft.KeyVault/${kind}/${name}`
  );
}

export function connectionsPath(
  emulator: RunningEmulator,
  kind: "managedHSMs" | "vaults" = "managedHSMs",
): string {
  return `${parentPath(emulator, kind)}/privateEndpointConnections`;
}

export function connectionPath(
  emulator: RunningEmulator,
  name = "pec-1",
  kind: "managedHSMs" | "vaults" = "managedHSMs",
): string {
  return `${connectionsPath(emulator, kind)}/${name}`;
}

export function withApi(path: string, apiVersion = API): string {
  return `${path}${path.includes("?") ? "&" : "?"}api-version=${apiVersion}`;
}

export const APPROVE = {
  properties: { privateLinkServiceConnectionState: { status: "Approved", description: "ok" } },
};
