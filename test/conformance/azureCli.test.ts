import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { start, stopEmulatorsAfterEach } from "../emulator/support/emulator";
import { createVenv, PYTHON_DIR, runVenvCommand, type Venv } from "./pythonVenv";

/**
 * The Azure CLI (azure-cli from PyPI, in a venv made here) pointed at the emulator as the
 * emulator README says: cloud register through /metadata/endpoints, a service-principal login
 * (GET /subscriptions), then connection commands with and without -g. Nothing is skipped.
 */

const RG = "rg-az-cli";
const HSM = "hsm-az-cli";
const PIP_TIMEOUT_MS = 480_000;
const AZ_TIMEOUT_MS = 120_000;

interface Connection {
  id: string;
  privateLinkServiceConnectionState: { status: string };
}

describe("conformance: the Azure CLI (azure-cli from PyPI)", function () {
  this.timeout(PIP_TIMEOUT_MS + 10 * AZ_TIMEOUT_MS);
  stopEmulatorsAfterEach();
  let venv: Venv | undefined;
  let configDir: string | undefined;

  before(async function () {
    this.timeout(PIP_TIMEOUT_MS + 60_000);
    venv = await createVenv(PIP_TIMEOUT_MS, {}, path.join(PYTHON_DIR, "requirements-cli.txt"));
  });

  after(() => {
    venv?.remove();
    if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
  });

  async function az(
    emulator: RunningEmulator,
    args: string[],
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    assert.ok(venv && configDir);
    return runVenvCommand(
      venv,
      "az",
      [...args, "--only-show-errors"],
      {
        AZURE_CONFIG_DIR: configDir,
        REQUESTS_CA_BUNDLE: emulator.caPath,
        AZURE_CORE_COLLECT_TELEMETRY: "0",
        AZURE_CORE_NO_COLOR: "1",
      },
      AZ_TIMEOUT_MS,
    );
  }

  async function azOk<T = unknown>(emulator: RunningEmulator, args: string[]): Promise<T> {
    const result = await az(emulator, [...args, "-o", "json"]);
    assert.equal(result.code, 0, `az ${args.join(" ")}:\n${result.stderr}`);
    return (result.stdout.trim() === "" ? undefined : JSON.parse(result.stdout)) as T;
  }

  it("registers the cloud from /metadata/endpoints, logs in, lists, approves, rejects, is refused the re-approval and deletes", async () => {
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-az-config-"));
    const emulator = await start({ virtualClock: false });
    emulator.control.createParent({ resourceGroupName: RG, parentName: HSM });
    for (const connectionName of ["pec-a", "pec-b", "pec-c"]) {
      emulator.control.createConnection({ resourceGroupName: RG, parentName: HSM, connectionName });
    }
    await azOk(emulator, [
      "cloud",
      "register",
      "--name",
      "MhsmEmulator",
      "--endpoint-resource-manager",
      `${emulator.url}/`,
    ]);
    await azOk(emulator, ["cloud", "set", "--name", "MhsmEmulator"]);
    await azOk(emulator, ["config", "set", "core.instance_discovery=false"]);
    const accounts = await azOk<Array<{ id: string; state: string; tenantId: string }>>(emulator, [
      "login",
      "--service-principal",
      "--tenant",
      emulator.tenantId,
      "--username",
      emulator.clientId,
      "--password",
      emulator.clientSecret,
    ]);
    assert.deepEqual(
      accounts.map((a) => [a.id, a.state, a.tenantId]),
      [[emulator.subscriptionId, "Enabled", emulator.tenantId]],
    );

    const pec = ["keyvault", "private-endpoint-connection"];
    const listed = await azOk<Connection[]>(emulator, [
      ...pec,
      "list",
      "--hsm-name",
      HSM,
      "-g",
      RG,
    ]);
    assert.deepEqual(
      listed.map((c) => c.id.split("/").at(-1)),
      ["pec-a", "pec-b", "pec-c"],
    );
    const withoutGroup = await azOk<Connection[]>(emulator, [...pec, "list", "--hsm-name", HSM]);
    assert.equal(withoutGroup.length, 3);

    const at = (name: string) => ["--hsm-name", HSM, "-g", RG, "-n", name];
    const approved = await azOk<Connection>(emulator, [
      ...pec,
      "approve",
      ...at("pec-a"),
      "--description",
      "ok",
    ]);
    assert.equal(approved.privateLinkServiceConnectionState.status, "Approved");
    const rejected = await azOk<Connection>(emulator, [
      ...pec,
      "reject",
      ...at("pec-b"),
      "--description",
      "no",
    ]);
    assert.equal(rejected.privateLinkServiceConnectionState.status, "Rejected");
    const refused = await az(emulator, [
      ...pec,
      "approve",
      ...at("pec-b"),
      "--description",
      "again",
    ]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /BadRequest/);
    await azOk(emulator, [...pec, "delete", ...at("pec-c")]);

    const names = emulator.control
      .listConnections({ resourceGroupName: RG, parentName: HSM })
      .map((c) => c.name);
    assert.deepEqual(names, ["pec-a", "pec-b"]);
    const ops = new Set(emulator.control.requestLog().map((e) => e.op));
    for (const op of [
      "metadata",
      "token",
      "listSubscriptions",
      "listParents",
      "list",
      "put",
      "delete",
    ]) {
      assert.ok(ops.has(op as never), `no ${op} request in the log: ${[...ops].join(", ")}`);
    }
  });
});
