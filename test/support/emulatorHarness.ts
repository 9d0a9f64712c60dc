import { strict as assert } from "node:assert";
import {
  FAST_TIMINGS,
  startEmulator,
  type EmulatorBehavior,
  type EmulatorOptions,
  type RequestLogEntry,
  type RunningEmulator,
} from "../../emulator";
import {
  MhsmPrivateEndpointConnectionProvider,
  KeyVaultPrivateEndpointConnectionProvider,
} from "../../provider";
import type { ProviderOptions } from "../../provider";
import { standaloneCalls } from "./standaloneCalls";

/** Retries fast in tests; the policy's shape is what is under test, not its pace. */
export const FAST_RETRY = { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 1500 };

export const RG = "rg-integration";
export const HSM = "hsm-integration";

export interface Harness {
  emulator: RunningEmulator;
  provider: MhsmPrivateEndpointConnectionProvider;
  vaultProvider: KeyVaultPrivateEndpointConnectionProvider;
  progress: string[];
  /** Builds a provider with other options (same environment). */
  providerWith(options: ProviderOptions): MhsmPrivateEndpointConnectionProvider;
  stop(): Promise<void>;
}

/**
 * An emulator over HTTPS on 127.0.0.1 and a provider pointed at it through the environment,
 * as a user would configure it: the real SDK, the real DefaultAzureCredential (client secret
 * from the environment), and NODE_EXTRA_CA_CERTS set by tools/with-emulator-ca.
 */
export async function startHarness(
  behavior: Partial<EmulatorBehavior> = {},
  emulatorOptions: Omit<EmulatorOptions, "behavior"> = {},
): Promise<Harness> {
  assert.ok(
    process.env.NODE_EXTRA_CA_CERTS,
    "run through tools/with-emulator-ca (npm run test:integration) so Node trusts the emulator",
  );
  const emulator = await startEmulator({
    ...emulatorOptions,
    behavior: {
      ...FAST_TIMINGS,
      putDurationMs: 100,
      deleteDurationMs: 100,
      putRetryAfterSeconds: null,
      deleteRetryAfterSeconds: null,
      ...behavior,
    },
  });
  const emulatorEnv = emulator.env();
  const saved = Object.fromEntries(Object.keys(emulatorEnv).map((k) => [k, process.env[k]]));
  Object.assign(process.env, emulatorEnv);
  const progress: string[] = [];
  const options = (extra: ProviderOptions = {}): ProviderOptions => ({
    retryPolicy: FAST_RETRY,
    report: (m) => progress.push(m),
    declarations: standaloneCalls(),
    ...extra,
  });
  return {
    emulator,
    provider: new MhsmPrivateEndpointConnectionProvider(options()),
    vaultProvider: new KeyVaultPrivateEndpointConnectionProvider(options()),
    progress,
    providerWith: (extra) => new MhsmPrivateEndpointConnectionProvider(options(extra)),
    async stop() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await emulator.stop();
    },
  };
}

/** Seeds an HSM with one Pending connection, as a consumer's private endpoint would. */
export function seedPendingConnection(
  h: Harness,
  connectionName = "pe-app.11111111-aaaa-bbbb-cccc-000000000001",
) {
  h.emulator.control.createParent({ resourceGroupName: RG, parentName: HSM });
  return h.emulator.control.createConnection({
    resourceGroupName: RG,
    parentName: HSM,
    connectionName,
    privateEndpointId: `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/consumer/providers/Microsoft.Network/privateEndpoints/pe-app`,
  });
}

export function inputsFor(h: Harness, connectionName: string, extra: Record<string, unknown> = {}) {
  return {
    subscriptionId: h.emulator.subscriptionId,
    resourceGroupName: RG,
    hsmName: HSM,
    privateEndpointConnectionName: connectionName,
    status: "Approved" as const,
    ...extra,
  };
}

/** The ARM requests the emulator saw (token and metadata routes left out). */
export function armRequests(h: Harness): RequestLogEntry[] {
  return h.emulator.control
    .requestLog()
    .filter((r) => !["token", "openid", "other"].includes(r.op));
}

export function countOps(h: Harness, op: RequestLogEntry["op"]): number {
  return armRequests(h).filter((r) => r.op === op).length;
}
