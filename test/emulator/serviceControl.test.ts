import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EMULATED_RESOURCE_TYPES } from "../../emulator";
import { RG, start, stopAll, stopEmulatorsAfterEach, withApi } from "./support/emulator";
import { arm, control, json } from "./support/https";
import {
  SERVICES,
  expectationOf,
  putService,
  readService,
  seedService,
  stateOf,
} from "./support/services";

/*
 * ARM's provider registration of every modelled namespace, the control API's resourceType on
 * every call that takes a parent, and faults, throttling and the state file for a service
 * other than Key Vault.
 */

const STORAGE = expectationOf("Microsoft.Storage/storageAccounts");
const POSTGRES = expectationOf("Microsoft.DBforPostgreSQL/flexibleServers");
const PROVIDERS_API = "2021-04-01";

interface Registration {
  id: string;
  namespace: string;
  registrationState: string;
  resourceTypes: { resourceType: string; apiVersions: string[]; locations: string[] }[];
}

const REF = {
  resourceType: "microsoft.storage/STORAGEACCOUNTS",
  resourceGroupName: RG,
  parentName: "parent1",
};

describe("emulator: provider registration", () => {
  stopEmulatorsAfterEach();

  it("models Key Vault's two types and every service of the spec README's table", () => {
    assert.deepEqual(
      [...EMULATED_RESOURCE_TYPES].sort(),
      [
        "Microsoft.KeyVault/managedHSMs",
        "Microsoft.KeyVault/vaults",
        ...SERVICES.map((s) => s.resourceType),
      ].sort(),
    );
  });

  it("answers each modelled namespace Registered, with each type and its privateEndpointConnections child", async () => {
    const emulator = await start();
    const base = `/subscriptions/${emulator.subscriptionId}/providers`;
    const postgres = await arm(
      emulator,
      "GET",
      withApi(`${base}/microsoft.dbforpostgresql`, PROVIDERS_API),
    );
    assert.equal(postgres.status, 200, postgres.text);
    const body = json<Registration>(postgres);
    assert.equal(body.namespace, "Microsoft.DBforPostgreSQL");
    assert.equal(
      body.id,
      `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.DBforPostgreSQL`,
    );
    assert.equal(body.registrationState, "Registered");
    const child = body.resourceTypes.find(
      (t) => t.resourceType === "flexibleServers/privateEndpointConnections",
    );
    assert.ok(child, JSON.stringify(body.resourceTypes));
    assert.ok(child.apiVersions.includes(POSTGRES.apiVersion));
    assert.ok(child.locations.length > 0);

    const keyVault = json<Registration>(
      await arm(emulator, "GET", withApi(`${base}/Microsoft.KeyVault`, PROVIDERS_API)),
    );
    assert.deepEqual(
      keyVault.resourceTypes.map((t) => t.resourceType),
      [
        "managedHSMs",
        "managedHSMs/privateEndpointConnections",
        "vaults",
        "vaults/privateEndpointConnections",
      ],
    );
    const factory = json<Registration>(
      await arm(emulator, "GET", withApi(`${base}/Microsoft.DataFactory`, PROVIDERS_API)),
    );
    assert.ok(
      factory.resourceTypes.some((t) => t.resourceType === "factories/privateEndpointConnections"),
    );
  });

  it("lists a type's parents in a subscription, and filters the resource list by it", async () => {
    const emulator = await start();
    seedService(emulator, STORAGE);
    emulator.control.createParent({ resourceGroupName: RG, parentName: "hsm1" });
    const base = `/subscriptions/${emulator.subscriptionId}`;
    const accounts = await arm(
      emulator,
      "GET",
      withApi(`${base}/providers/Microsoft.Storage/storageAccounts`, STORAGE.apiVersion),
    );
    assert.equal(accounts.status, 200, accounts.text);
    const value = json<{
      value: { name: string; properties: { privateEndpointConnections: unknown[] } }[];
    }>(accounts).value;
    assert.deepEqual(
      value.map((p) => p.name),
      ["parent1"],
    );
    assert.equal(value[0].properties.privateEndpointConnections.length, 2);
    const filter = encodeURIComponent("resourceType eq 'microsoft.storage/storageaccounts'");
    const resources = await arm(
      emulator,
      "GET",
      `${base}/resources?api-version=2021-04-01&$filter=${filter}`,
    );
    assert.deepEqual(
      json<{ value: { type: string }[] }>(resources).value.map((r) => r.type),
      ["Microsoft.Storage/storageAccounts"],
    );
  });

  it("answers 404 InvalidResourceNamespace for a namespace it does not know, and wants a known api-version", async () => {
    const emulator = await start();
    const base = `/subscriptions/${emulator.subscriptionId}/providers`;
    const unknown = await arm(emulator, "GET", withApi(`${base}/Microsoft.Contoso`, PROVIDERS_API));
    assert.equal(unknown.status, 404);
    assert.equal(json<{ error: { code: string } }>(unknown).error.code, "InvalidResourceNamespace");
    const noVersion = await arm(emulator, "GET", `${base}/Microsoft.Storage`);
    assert.equal(noVersion.status, 400);
    assert.equal(emulator.control.requestLog().at(-1)?.op, "getProvider");
  });
});

describe("emulator: the control API's resourceType", () => {
  stopEmulatorsAfterEach();

  it("creates parents and connections of any casing of a type, named as the service names them", async () => {
    const emulator = await start();
    const parent = emulator.control.createParent(REF) as { id: string; type: string };
    assert.equal(parent.type, "Microsoft.Storage/storageAccounts");
    assert.match(parent.id, /\/providers\/Microsoft\.Storage\/storageAccounts\/parent1$/);
    const created = emulator.control.createConnection(REF);
    assert.match(created.name, /^parent1\.[0-9a-f-]{36}$/, "Storage: <account>.<guid>");
    emulator.control.createParent({ ...REF, resourceType: "Microsoft.EventHub/namespaces" });
    const hub = emulator.control.createConnection({
      ...REF,
      resourceType: "Microsoft.EventHub/namespaces",
    });
    assert.match(hub.name, /^[0-9a-f]{8}-[0-9a-f-]{27}$/, "Event Hubs: a GUID");
    emulator.control.createParent({
      ...REF,
      resourceType: "Microsoft.ContainerRegistry/registries",
    });
    const acr = emulator.control.createConnection({
      ...REF,
      resourceType: "Microsoft.ContainerRegistry/registries",
    });
    assert.match(acr.name, /^parent1\.[0-9a-f]{32}$/, "ACR: <registry>.<hex>");
    assert.throws(
      () => emulator.control.createParent({ ...REF, resourceType: "Microsoft.Contoso/widgets" }),
      /resourceType must be one of/,
    );
    const vault = emulator.control.createParent({
      kind: "vaults",
      resourceGroupName: RG,
      parentName: "kv1",
    }) as {
      type: string;
    };
    assert.equal(vault.type, "Microsoft.KeyVault/vaults", "the older kind still works");
  });

  it("drifts, lists, re-requests and deletes the endpoint of a Storage connection, over HTTP too", async () => {
    const emulator = await start();
    seedService(emulator, STORAGE);
    const ref = { ...REF, connectionName: "pec-1" };
    const drifted = emulator.control.setConnection(ref, { status: "Rejected" });
    assert.equal(drifted.properties.privateLinkServiceConnectionState.status, "Rejected");
    assert.throws(
      () => emulator.control.setConnection(ref, { status: "Approved" }),
      /request parameters/,
    );
    assert.equal(
      emulator.control.requestConnectionAgain(ref).properties.privateLinkServiceConnectionState
        .status,
      "Pending",
    );
    assert.equal(emulator.control.listConnections(REF).length, 2);

    const listed = await control(
      emulator,
      "GET",
      `connections?resourceType=${encodeURIComponent(REF.resourceType)}&resourceGroupName=${RG}&parentName=parent1`,
    );
    assert.equal(listed.status, 200, listed.text);
    assert.equal(json<unknown[]>(listed).length, 2);
    const gone = await control(emulator, "POST", "connections/delete-endpoint", {
      ref: { ...ref, connectionName: "pec-2" },
      removeAfterMs: 1_000,
    });
    assert.equal(
      json<{ properties: { privateLinkServiceConnectionState: { status: string } } }>(gone)
        .properties.privateLinkServiceConnectionState.status,
      "Disconnected",
    );
    assert.equal(stateOf(await readService(emulator, STORAGE, "pec-2")).status, "Disconnected");
    const created = await control(emulator, "POST", "parents", {
      resourceType: "Microsoft.Web/sites",
      resourceGroupName: RG,
      parentName: "app1",
    });
    assert.equal(created.status, 201);
    const bad = await control(emulator, "POST", "connections", {
      resourceType: 7,
      resourceGroupName: RG,
      parentName: "app1",
    });
    assert.equal(bad.status, 400);
    assert.match(
      json<{ error: { message: string } }>(bad).error.message,
      /resourceType must be one of/,
    );
  });

  it("applies faults and throttling to another service's routes, and keeps it in the state file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-emulator-services-"));
    try {
      const stateFile = path.join(dir, "state.json");
      const first = await start({ stateFile });
      seedService(first, STORAGE);
      first.control.injectFault({
        match: { op: "put", pathIncludes: "Microsoft.Storage" },
        fault: { kind: "status", status: 503 },
      });
      assert.equal((await putService(first, STORAGE, "pec-1", "Approved")).status, 503);
      first.control.setBehavior({ throttle: { writes: { capacity: 1, refillPerSecond: 0 } } });
      assert.equal((await putService(first, STORAGE, "pec-1", "Approved")).status, 200);
      assert.equal((await putService(first, STORAGE, "pec-2", "Approved")).status, 429);
      await stopAll();
      const second = await start({ stateFile });
      assert.equal(stateOf(await readService(second, STORAGE, "pec-1")).status, "Approved");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a state file whose records name a Key Vault type by kind", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-emulator-legacy-"));
    try {
      const stateFile = path.join(dir, "state.json");
      const parent = {
        kind: "vaults",
        subscriptionId: "00000000-0000-0000-0000-000000000001",
        resourceGroupName: RG,
        parentName: "kv1",
        location: "eastus",
        createdAt: "2026-01-01T00:00:00.000Z",
      };
      const connection = {
        ...parent,
        connectionName: "pec-1",
        etag: "0".repeat(32),
        privateEndpointId: "/x/pe",
        status: "Pending",
        actionsRequired: "None",
        provisioningState: "Succeeded",
      };
      fs.writeFileSync(
        stateFile,
        JSON.stringify({
          version: 1,
          parents: [parent],
          connections: [connection],
          operations: [],
        }),
      );
      const emulator = await start({ stateFile });
      const listed = emulator.control.listConnections({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: "kv1",
      });
      assert.deepEqual(
        listed.map((c) => c.name),
        ["pec-1"],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
