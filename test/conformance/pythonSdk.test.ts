import { strict as assert } from "node:assert";
import type { EmulatedParentKind, EmulatorBehavior, RunningEmulator } from "../../emulator";
import { start, stopEmulatorsAfterEach } from "../emulator/support/emulator";
import { createVenv, installedVersion, runScript, type Venv } from "./pythonVenv";

/**
 * Microsoft's Python SDK (azure-mgmt-keyvault with azure-identity, from PyPI, in a venv made
 * here) as an independent client: python/sdk_conformance.py lists, gets, approves, rejects,
 * tries the refused re-approval and deletes, for an HSM and a vault. Nothing is skipped: without
 * python3 or PyPI the suite fails, saying which.
 */

const RG = "rg-python-sdk";
const HSM = "hsm-python-sdk";
const VAULT = "kv-python-sdk";
const CONNECTIONS = ["pec-a", "pec-b", "pec-c"];
/** azure-mgmt-keyvault 14.1.0's default api-version (its _configuration.py). */
const SDK_API_VERSION = "2026-05-15";
const PIP_TIMEOUT_MS = 240_000;
const SCRIPT_TIMEOUT_MS = 90_000;

interface KindResult {
  listed: string[];
  listedWithName: number;
  approved: string;
  rejected: string;
  reapprovalCode: string;
  afterDelete: string;
}

type Results = Record<EmulatedParentKind, KindResult>;

async function emulatorWithConnections(
  behavior: Partial<EmulatorBehavior>,
): Promise<RunningEmulator> {
  // The SDK polls in real time: the emulator's clock must move by itself.
  const emulator = await start({ virtualClock: false, behavior: { listPageSize: 2, ...behavior } });
  for (const [kind, parentName] of [
    ["managedHSMs", HSM],
    ["vaults", VAULT],
  ] as const) {
    emulator.control.createParent({ kind, resourceGroupName: RG, parentName });
    for (const connectionName of CONNECTIONS) {
      emulator.control.createConnection({
        kind,
        resourceGroupName: RG,
        parentName,
        connectionName,
      });
    }
  }
  return emulator;
}

async function runSdk(venv: Venv, emulator: RunningEmulator): Promise<Results> {
  const result = await runScript(
    venv,
    "sdk_conformance.py",
    {
      EMULATOR_URL: emulator.url,
      AZURE_TENANT_ID: emulator.tenantId,
      AZURE_CLIENT_ID: emulator.clientId,
      AZURE_CLIENT_SECRET: emulator.clientSecret,
      AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
      REQUESTS_CA_BUNDLE: emulator.caPath,
      SSL_CERT_FILE: emulator.caPath,
      CONFORMANCE_RESOURCE_GROUP: RG,
      CONFORMANCE_HSM: HSM,
      CONFORMANCE_VAULT: VAULT,
      CONFORMANCE_CONNECTIONS: CONNECTIONS.join(","),
      CONFORMANCE_REAPPROVAL_CODE: "BadRequest",
    },
    SCRIPT_TIMEOUT_MS,
  );
  assert.equal(result.code, 0, `sdk_conformance.py failed:\n${result.stderr}\n${result.stdout}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as Results;
}

function assertSteps(results: Results): void {
  for (const kind of ["managedHSMs", "vaults"] as const) {
    const r = results[kind];
    assert.deepEqual(r.listed, CONNECTIONS, kind);
    assert.equal(r.approved, "Approved", kind);
    assert.equal(r.rejected, "Rejected", kind);
    assert.equal(r.reapprovalCode, "BadRequest", kind);
    assert.equal(r.afterDelete, kind === "vaults" ? "204" : "404", kind);
  }
}

function armEntries(emulator: RunningEmulator) {
  return emulator.control.requestLog().filter((e) => e.path.startsWith("/subscriptions/"));
}

describe("conformance: Microsoft's Python SDK (azure-mgmt-keyvault from PyPI)", function () {
  this.timeout(PIP_TIMEOUT_MS + 4 * SCRIPT_TIMEOUT_MS);
  stopEmulatorsAfterEach();
  let venv: Venv | undefined;

  before(async function () {
    this.timeout(PIP_TIMEOUT_MS + 60_000);
    venv = await createVenv(PIP_TIMEOUT_MS);
  });

  after(() => venv?.remove());

  it("lists (paged), gets, approves, rejects, is refused the re-approval and deletes, for an HSM and a vault", async () => {
    assert.ok(venv);
    assert.equal(await installedVersion(venv, "azure-mgmt-keyvault"), "14.1.0");
    const emulator = await emulatorWithConnections({});
    const results = await runSdk(venv, emulator);
    assertSteps(results);
    // The recording's shape: list items without name; the script derives it from the id.
    assert.equal(results.managedHSMs.listedWithName, 0);
    assert.equal(results.vaults.listedWithName, 0);
    const state = (kind: EmulatedParentKind, parentName: string) =>
      emulator.control
        .listConnections({ kind, resourceGroupName: RG, parentName })
        .map((c) => [c.name, c.properties.privateLinkServiceConnectionState.status]);
    for (const [kind, parentName] of [
      ["managedHSMs", HSM],
      ["vaults", VAULT],
    ] as const) {
      assert.deepEqual(
        state(kind, parentName),
        [
          ["pec-a", "Approved"],
          ["pec-b", "Rejected"],
        ],
        kind,
      );
    }
  });

  it("sends the SDK's default api-version on every ARM call, pages the list and logs in once", async () => {
    assert.ok(venv);
    const emulator = await emulatorWithConnections({});
    await runSdk(venv, emulator);
    const log = emulator.control.requestLog();
    const entries = armEntries(emulator);
    assert.ok(entries.length > 0);
    for (const entry of entries) {
      const apiVersion = new URL(entry.path, emulator.url).searchParams.get("api-version");
      assert.equal(apiVersion, SDK_API_VERSION, `${entry.method} ${entry.path}`);
    }
    assert.deepEqual(
      log.filter((e) => e.op === "token").map((e) => e.status),
      [200],
      "one token, cached",
    );
    for (const kind of ["managedHSMs", "vaults"]) {
      const ofKind = entries.filter((e) => e.path.includes(`/${kind}/`));
      const lists = ofKind.filter((e) => e.op === "list");
      assert.equal(lists.length, 2, `${kind}: three connections at two per page`);
      assert.ok(lists[1].path.includes("$skipToken=2"), lists[1].path);
      assert.deepEqual(
        ofKind.filter((e) => e.op === "put").map((e) => e.status),
        [200, 200, 400],
        kind,
      );
      assert.deepEqual(
        ofKind.filter((e) => e.op === "delete").map((e) => e.status),
        [202],
        kind,
      );
      assert.equal(
        ofKind.filter((e) => e.op === "poll").at(-1)?.status,
        204,
        `${kind}: the poller ends on ARM's 204`,
      );
    }
  });

  it("reads list items in the spec example's shape too (with name)", async () => {
    assert.ok(venv);
    const emulator = await emulatorWithConnections({ responseShape: "specExample" });
    const results = await runSdk(venv, emulator);
    assertSteps(results);
    assert.equal(results.managedHSMs.listedWithName, CONNECTIONS.length);
    assert.equal(results.vaults.listedWithName, CONNECTIONS.length);
  });

  it("fails, saying so, when pip cannot reach the package index", async function () {
    this.timeout(PIP_TIMEOUT_MS);
    await assert.rejects(
      createVenv(PIP_TIMEOUT_MS, {
        PIP_INDEX_URL: "http://127.0.0.1:9/simple",
        PIP_NO_CACHE_DIR: "1",
      }),
      /pip could not install .* from PyPI \(is PyPI reachable from this machine\?\)/,
    );
  });
});
