import { strict as assert } from "node:assert";
import type { EmulatorBehavior } from "../../emulator";
import {
  RG,
  connectionPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
} from "./support/emulator";
import { arm } from "./support/https";

const ETAG = /^[0-9a-f]{32}$/;

describe("emulator control API (in-process)", () => {
  stopEmulatorsAfterEach();

  it("creates an HSM or a vault once and answers its ARM JSON", async () => {
    const emulator = await start();
    const hsm = emulator.control.createParent({
      resourceGroupName: RG,
      parentName: "h1",
      location: "westeurope",
    }) as {
      id: string;
      type: string;
      location: string;
    };
    assert.equal(hsm.type, "Microsoft.KeyVault/managedHSMs");
    assert.equal(hsm.location, "westeurope");
    assert.match(
      hsm.id,
      /\/resourceGroups\/rg-test\/providers\/Microsoft\.KeyVault\/managedHSMs\/h1$/,
    );
    const again = emulator.control.createParent({
      resourceGroupName: RG,
      parentName: "H1",
      location: "eastus",
    }) as {
      location: string;
    };
    assert.equal(again.location, "westeurope", "creating an existing parent returns it unchanged");
    const vault = emulator.control.createParent({
      kind: "vaults",
      resourceGroupName: RG,
      parentName: "v1",
    }) as {
      type: string;
    };
    assert.equal(vault.type, "Microsoft.KeyVault/vaults");
  });

  it("createParent requires parentName", async () => {
    const emulator = await start();
    assert.throws(
      () => emulator.control.createParent({ resourceGroupName: RG } as never),
      /parentName must be a non-empty string/,
    );
  });

  it("creates connections as a consumer's private endpoint would", async () => {
    const emulator = await start();
    emulator.control.createParent({
      resourceGroupName: RG,
      parentName: "h1",
      location: "westeurope",
    });
    const c = emulator.control.createConnection({
      resourceGroupName: RG,
      parentName: "h1",
      privateEndpointId:
        "/subscriptions/x/resourceGroups/consumer/providers/Microsoft.Network/privateEndpoints/app-pe",
    });
    assert.match(c.name, /^app-pe\.[0-9a-f-]{36}$/);
    assert.equal(c.properties.provisioningState, "Succeeded");
    assert.equal(c.properties.privateLinkServiceConnectionState.status, "Pending");
    assert.equal(c.location, "westeurope");
    assert.match(c.etag ?? "", ETAG, "the control API shows the record's etag");
    assert.equal(c.type, "Microsoft.KeyVault/vaults/privateEndpointConnections");

    const named = emulator.control.createConnection({
      resourceGroupName: RG,
      parentName: "h1",
      connectionName: "explicit",
      status: "Approved",
      description: "auto-approved",
    });
    assert.equal(named.properties.privateLinkServiceConnectionState.description, "auto-approved");
    assert.throws(
      () =>
        emulator.control.createConnection({
          resourceGroupName: RG,
          parentName: "h1",
          connectionName: "EXPLICIT",
        }),
      /already exists/,
    );
    assert.throws(
      () => emulator.control.createConnection({ resourceGroupName: RG, parentName: "nope" }),
      /Parent resource 'nope' not found/,
    );
    assert.deepEqual(
      emulator.control
        .listConnections({ resourceGroupName: RG, parentName: "h1" })
        .map((x) => x.name),
      [c.name, "explicit"],
    );
  });

  it("drifts a connection out of band with a new etag, and reads it back", async () => {
    const emulator = await start();
    seed(emulator);
    const ref = { resourceGroupName: RG, parentName: "hsm-test", connectionName: "pec-1" };
    const before = emulator.control.getConnection(ref);
    const after = emulator.control.setConnection(ref, {
      status: "Rejected",
      description: "by hand",
    });
    assert.notEqual(after.etag, before?.etag);
    assert.deepEqual(after.properties.privateLinkServiceConnectionState, {
      status: "Rejected",
      description: "by hand",
      actionsRequired: "None",
    });
    assert.deepEqual(emulator.control.getConnection({ ...ref, connectionName: "PEC-1" }), after);
    assert.equal(emulator.control.getConnection({ ...ref, connectionName: "other" }), undefined);
    assert.throws(
      () => emulator.control.setConnection({ ...ref, connectionName: "other" }, {}),
      /No private endpoint connection/,
    );
  });

  it("checks behavior changes key by key", async () => {
    const emulator = await start();
    const defaults = emulator.control.getBehavior();
    assert.equal(defaults.deleteFinalStatus, 204);
    assert.equal(defaults.asyncStyle, "location");
    const bad: Array<Partial<Record<keyof EmulatorBehavior, unknown>> & Record<string, unknown>> = [
      { putDurationMs: -1 },
      { putOutcome: "Maybe" },
      { deleteFinalStatus: 201 },
      { listPageSize: 0 },
      { throttle: { writes: { capacity: 0, refillPerSecond: 1 } } },
      { throttle: { everything: { capacity: 1, refillPerSecond: 1 } } },
      { putDuration: 5 },
    ];
    for (const change of bad) {
      assert.throws(
        () => emulator.control.setBehavior(change as Partial<EmulatorBehavior>),
        /behavior/,
        JSON.stringify(change),
      );
    }
    assert.deepEqual(emulator.control.getBehavior(), defaults, "a rejected change changes nothing");
    const changed = emulator.control.setBehavior({ deleteOutcome: "Never", listPageSize: 3 });
    assert.equal(changed.deleteOutcome, "Never");
    assert.equal(emulator.control.getBehavior().listPageSize, 3);
  });

  it("resets state, behavior, faults and the request log to how it started", async () => {
    const emulator = await start({ behavior: { listPageSize: 7 } });
    seed(emulator);
    emulator.control.setBehavior({ listPageSize: 1, deleteMode: "sync200" });
    emulator.control.injectFault({ match: { op: "get" }, fault: { kind: "status", status: 500 } });
    await arm(emulator, "GET", withApi(connectionPath(emulator)));
    emulator.control.reset();
    assert.equal(emulator.control.getBehavior().listPageSize, 7);
    assert.equal(emulator.control.getBehavior().deleteMode, "async");
    assert.deepEqual(emulator.control.requestLog(), []);
    assert.deepEqual(
      emulator.control.listConnections({ resourceGroupName: RG, parentName: "hsm-test" }),
      [],
    );
    seed(emulator);
    assert.equal(
      (await arm(emulator, "GET", withApi(connectionPath(emulator)))).status,
      200,
      "fault cleared",
    );
  });

  it("lists every access token it issued", async () => {
    const emulator = await start();
    seed(emulator);
    assert.deepEqual(emulator.control.issuedTokens(), []);
    await arm(emulator, "GET", withApi(connectionPath(emulator)));
    const tokens = emulator.control.issuedTokens();
    assert.equal(tokens.length, 1);
    assert.match(tokens[0], /^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("gives clients the environment they need", async () => {
    const emulator = await start();
    assert.deepEqual(emulator.env(), {
      AZURE_RESOURCE_MANAGER_ENDPOINT: emulator.url,
      AZURE_AUTHORITY_HOST: emulator.url,
      AZURE_TENANT_ID: emulator.tenantId,
      AZURE_CLIENT_ID: emulator.clientId,
      AZURE_CLIENT_SECRET: emulator.clientSecret,
      AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
      NODE_EXTRA_CA_CERTS: emulator.caPath,
    });
    assert.match(emulator.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(emulator.url, `https://127.0.0.1:${emulator.port}`);
  });
});
