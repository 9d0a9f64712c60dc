/**
 * The connection resource of any private-link service, through the hooks with a fake door:
 * each profile's behaviour as its service answers (the answers are shaped as the services'
 * recordings show them), on a virtual clock.
 */
import { strict as assert } from "node:assert";
import type { PutAnswer } from "../../provider/arm/connectionsApi";
import type { Registered, RegistrationLookup } from "../../provider/arm/providerRegistration";
import { registeredServiceProfile } from "../../provider/arm/serviceProfiles";
import type { ConnectionInputs, ConnectionOutputs } from "../../provider/inputs";
import {
  AnyPrivateEndpointConnectionProvider,
  MhsmPrivateEndpointConnectionProvider,
} from "../../provider/provider";
import {
  CONN,
  PE_ID,
  SUB,
  connection,
  fakeApi,
  harness,
  rejection,
  totalApiCalls,
} from "./support/fakes";

const RG = "rg-apps";
const parentId = (typeAndName: string) =>
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/${typeAndName}`;
const STORAGE = parentId("Microsoft.Storage/storageAccounts/acct");
const SQL = parentId("Microsoft.Sql/servers/sql1");
const WEB = parentId("Microsoft.Web/sites/web1");
const COSMOS = parentId("Microsoft.DocumentDB/databaseAccounts/db1");
const ACR = parentId("Microsoft.ContainerRegistry/registries/reg1");
const SEARCH = parentId("Microsoft.Search/searchServices/search1");
const FACTORY = parentId("Microsoft.DataFactory/factories/adf1");
const TWINS = parentId("Microsoft.DigitalTwins/digitalTwinsInstances/twins1");
const OP = "https://management.azure.com/subscriptions/s/providers/X/operations/1";

function setup(registration?: RegistrationLookup) {
  const h = harness({ registration });
  const provider = new AnyPrivateEndpointConnectionProvider({
    connectionsApi: h.factory,
    registration: registration ?? h.ctx.registration,
    declarations: h.ctx.declarations,
    clock: h.clock,
    report: (m) => h.reports.push(m),
    warning: (m) => h.warnings.push(m),
    env: h.env,
  });
  return { ...h, provider };
}

function declared(parentResourceId: string, status = "Approved"): ConnectionInputs {
  return {
    parentResourceId,
    privateEndpointConnectionName: CONN,
    status: status as ConnectionInputs["status"],
    onDelete: "delete",
  };
}

/** What a refresh recorded: the declared connection, with a description changed by hand. */
const refreshed = (parentResourceId: string): ConnectionOutputs => ({
  ...declared(parentResourceId),
  privateEndpointConnectionName: CONN,
  status: "Approved",
  description: "changed by hand",
  connectionId: of(parentResourceId),
  provisioningState: "Succeeded",
  actionsRequired: "None",
  privateEndpointId: PE_ID,
  etag: 'W/"1"',
});

const of = (parentResourceId: string) => `${parentResourceId}/privateEndpointConnections/${CONN}`;
const state = (parent: string, status: string, provisioningState = "Succeeded") =>
  connection({ id: of(parent), status, provisioningState });

describe("PrivateEndpointConnection of any service, through the hooks", () => {
  it("Storage: takes the synchronous PUT's 200 as the connection written, with no read after it", async () => {
    const h = setup();
    h.api.get.resolves(state(STORAGE, "Pending"));
    h.api.put.resolves({ state: state(STORAGE, "Approved"), requestId: "r-1" });
    const { id, outs } = await h.provider.create(declared(STORAGE));
    assert.equal(id, of(STORAGE));
    assert.equal(outs.status, "Approved");
    assert.equal(outs.parentResourceId, STORAGE);
    assert.equal(outs.decision?.requestId, "r-1");
    assert.equal(h.api.get.callCount, 1, "only the read before the write");
    const ref = h.api.put.firstCall.args[0];
    assert.equal(ref.profile.resourceType, "Microsoft.Storage/storageAccounts");
    assert.equal(ref.parentName, "acct");
    assert.equal(h.factory.firstCall.args[0], SUB);
  });

  it("SQL: refuses to change an Approved connection to Rejected, before any PUT, saying why", async () => {
    const h = setup();
    h.api.get.resolves(state(SQL, "Approved"));
    const error = await rejection(h.provider.create(declared(SQL, "Rejected")));
    assert.match(error.message, /SQL server changes a connection's status only from Pending/);
    assert.match(error.message, /PrivateEndpointConnectionStatusNotPending/);
    assert.match(error.message, /Nothing was sent to ARM/);
    assert.equal(h.api.put.callCount, 0);
  });

  for (const [parent, rule] of [
    [SQL, /SQL server changes a connection only while it is Pending/],
    [STORAGE, /storage account refuses to approve an Approved connection again/],
  ] as const) {
    it(`${parent.split("/")[6]}: a description changed by hand is refused, not PUT back`, async () => {
      const h = setup();
      h.api.get.resolves({ ...state(parent, "Approved"), description: "changed by hand" });
      const error = await rejection(
        h.provider.update(of(parent), refreshed(parent), declared(parent)),
      );
      assert.match(error.message, rule);
      assert.match(error.message, /declared Approved with another description/);
      assert.match(error.message, /Nothing was sent to ARM/);
      assert.equal(h.api.put.callCount, 0);
    });
  }

  it("Event Hubs: a description changed by hand is PUT back", async () => {
    const h = setup();
    const EVENTHUB = parentId("Microsoft.EventHub/namespaces/ns1");
    h.api.get.resolves({ ...state(EVENTHUB, "Approved"), description: "changed by hand" });
    h.api.put.resolves({ state: state(EVENTHUB, "Approved") });
    await h.provider.update(of(EVENTHUB), refreshed(EVENTHUB), declared(EVENTHUB));
    assert.equal(h.api.put.callCount, 1);
    assert.equal(h.api.put.firstCall.args[1].description, "");
  });

  it("SQL: approves a Pending connection, reading until Approving gives way to Ready", async () => {
    const h = setup();
    h.api.get.onFirstCall().resolves(state(SQL, "Pending", "Ready"));
    h.api.get.onSecondCall().resolves(state(SQL, "Approved", "Approving"));
    h.api.get.onThirdCall().resolves(state(SQL, "Approved", "Ready"));
    h.api.put.resolves({ state: state(SQL, "Pending", "Approving") });
    const { outs } = await h.provider.create(declared(SQL));
    assert.equal(outs.provisioningState, "Ready");
    assert.equal(h.api.get.callCount, 3);
  });

  it("App Service: reads through its interim statuses until the declared one", async () => {
    const h = setup();
    h.api.get.onFirstCall().resolves(state(WEB, "Pending"));
    h.api.get.onSecondCall().resolves(state(WEB, "Approving", "Pending"));
    h.api.get.onThirdCall().resolves(state(WEB, "Approved"));
    h.api.put.resolves({ state: state(WEB, "Approving", "Pending") });
    const { outs } = await h.provider.create(declared(WEB));
    assert.equal(outs.status, "Approved");
    assert.equal(h.api.get.callCount, 3);
  });

  it("Cosmos DB: the operation decides, and a stale GET after it is read again", async () => {
    const h = setup();
    h.api.get.onFirstCall().resolves(state(COSMOS, "Pending"));
    h.api.get.onSecondCall().resolves(state(COSMOS, "Pending"));
    h.api.get.onThirdCall().resolves(state(COSMOS, "Approved"));
    const answer: PutAnswer = { operation: { pollUrl: OP, style: "azure-asyncoperation" } };
    h.api.put.resolves(answer);
    h.api.poll.onFirstCall().resolves({ statusCode: 200, body: { status: "Enqueued" } });
    h.api.poll.onSecondCall().resolves({ statusCode: 200, body: { status: "Succeeded" } });
    const { outs } = await h.provider.create(declared(COSMOS));
    assert.equal(outs.status, "Approved");
    assert.equal(h.api.poll.callCount, 2);
    assert.ok(h.api.poll.secondCall.calledBefore(h.api.get.secondCall), "the operation first");
  });

  it("ACR: polls the operation through its 201s, then reads the connection", async () => {
    const h = setup();
    h.api.get.onFirstCall().resolves(state(ACR, "Pending"));
    h.api.get.onSecondCall().resolves(state(ACR, "Approved"));
    h.api.put.resolves({
      state: state(ACR, "Pending", "Updating"),
      operation: { pollUrl: OP, style: "azure-asyncoperation" },
    });
    h.api.poll.onFirstCall().resolves({ statusCode: 201, body: { status: "InProgress" } });
    h.api.poll.onSecondCall().resolves({ statusCode: 201, body: { status: "InProgress" } });
    h.api.poll.onThirdCall().resolves({ statusCode: 200, body: { status: "Succeeded" } });
    const { outs } = await h.provider.create(declared(ACR));
    assert.equal(outs.status, "Approved");
    assert.equal(h.api.poll.callCount, 3);
  });

  it("Search: a refresh of a connection its service says is absent drops it", async () => {
    const h = setup();
    h.api.get.resolves(undefined);
    const read = await h.provider.read(of(SEARCH), {
      parentResourceId: SEARCH,
      status: "Approved",
    });
    assert.equal(read.id, "");
    assert.equal(h.api.get.firstCall.args[0].profile.absentOnGet, 404);
  });

  it("Data Factory: selects by endpoint from its own list segment", async () => {
    const h = setup();
    h.api.list.resolves([state(FACTORY, "Pending")]);
    h.api.put.resolves({ state: state(FACTORY, "Approved") });
    const { outs } = await h.provider.create({
      ...declared(FACTORY),
      privateEndpointConnectionName: undefined,
      privateEndpointId: PE_ID,
    });
    assert.equal(outs.privateEndpointConnectionName, CONN);
    assert.equal(h.api.list.firstCall.args[0].profile.listCollection, "privateEndPointConnections");
  });

  it("imports a connection of any service by its id, naming the parent by parentResourceId", async () => {
    const h = setup();
    h.api.get.resolves(state(STORAGE, "Approved"));
    const read = await h.provider.read(of(STORAGE), undefined);
    assert.equal(read.id, of(STORAGE));
    assert.equal(read.inputs?.parentResourceId, STORAGE);
    assert.equal(read.inputs?.privateEndpointConnectionName, CONN);
    assert.equal(read.inputs?.subscriptionId, undefined);
    const checked = await h.provider.check({}, { ...read.inputs });
    assert.deepEqual(checked.failures, []);
  });
});

describe("PrivateEndpointConnection's check", () => {
  it("names parentResourceId when it is not an ARM id, asking ARM nothing", async () => {
    const h = setup();
    const checked = await h.provider.check(
      {},
      { parentResourceId: "acct", privateEndpointConnectionName: CONN },
    );
    assert.equal(checked.failures.length, 1);
    assert.equal(checked.failures[0].property, "parentResourceId");
    assert.match(checked.failures[0].reason, /is not the ARM id of a resource/);
    assert.equal(totalApiCalls(h.api), 0);
    assert.equal(h.factory.callCount, 0);
  });

  it("refuses a malformed part of the id by its rule", async () => {
    const h = setup();
    const bad = parentId("Microsoft.KeyVault/vaults/a--b").replace(SUB, "not-a-guid");
    const checked = await h.provider.check(
      {},
      { parentResourceId: bad, privateEndpointConnectionName: CONN },
    );
    assert.equal(checked.failures[0].property, "parentResourceId");
    assert.match(checked.failures[0].reason, /its subscription must be a GUID/);
  });

  it("refuses hsmName and the other Key Vault inputs", async () => {
    const h = setup();
    const checked = await h.provider.check(
      {},
      { parentResourceId: STORAGE, hsmName: "x", privateEndpointConnectionName: CONN },
    );
    assert.deepEqual(
      checked.failures.map((f) => f.property),
      ["hsmName"],
    );
  });

  it("serves a type the table lacks from ARM's provider registration", async () => {
    const asked: string[] = [];
    const registration: RegistrationLookup = async (subscriptionId, resourceType) => {
      asked.push(`${subscriptionId} ${resourceType}`);
      const profile = registeredServiceProfile(
        "Microsoft.DigitalTwins/digitalTwinsInstances",
        "2023-01-31",
      );
      return { ok: true, profile } satisfies Registered;
    };
    const h = setup(registration);
    h.api.get.resolves(state(TWINS, "Pending"));
    h.api.list.resolves([state(TWINS, "Pending")]);
    const checked = await h.provider.check(
      {},
      { parentResourceId: TWINS, privateEndpointConnectionName: CONN },
    );
    assert.deepEqual(checked.failures, []);
    assert.deepEqual(asked, [`${SUB} Microsoft.DigitalTwins/digitalTwinsInstances`]);
    h.api.put.resolves({ state: state(TWINS, "Approved") });
    h.api.get.resetHistory();
    h.api.get.resolves(state(TWINS, "Approved"));
    h.api.get.onFirstCall().resolves(state(TWINS, "Pending"));
    const { outs } = await h.provider.create(checked.inputs as unknown as ConnectionInputs);
    assert.equal(outs.status, "Approved");
    assert.equal(h.api.put.firstCall.args[0].profile.apiVersion, "2023-01-31");
  });

  it("leaves an unreadable registration to the operation, which reads it again", async () => {
    let calls = 0;
    const registration: RegistrationLookup = async () => {
      calls++;
      if (calls === 1) throw new Error("no credentials in this preview");
      const profile = registeredServiceProfile("Microsoft.Contoso/gadgets", "2024-02-02");
      return { ok: true, profile };
    };
    const h = setup(registration);
    const gadget = parentId("Microsoft.Contoso/gadgets/g1");
    const checked = await h.provider.check(
      {},
      { parentResourceId: gadget, privateEndpointConnectionName: CONN },
    );
    assert.deepEqual(checked.failures, []);
    h.api.get.resolves(state(gadget, "Approved"));
    const { outs } = await h.provider.create(checked.inputs as unknown as ConnectionInputs);
    assert.equal(outs.status, "Approved");
    assert.equal(calls, 2);
    assert.equal(h.api.get.firstCall.args[0].profile.apiVersion, "2024-02-02");
  });

  it("refuses at preview a type whose registration has no private endpoint connections", async () => {
    const problem =
      "parentResourceId: Microsoft.Compute/virtualMachines has no private endpoint connections";
    const h = setup(async () => ({ ok: false, problem }));
    const vm = parentId("Microsoft.Compute/virtualMachines/vm1");
    const checked = await h.provider.check(
      {},
      { parentResourceId: vm, privateEndpointConnectionName: CONN },
    );
    assert.equal(checked.failures.length, 1);
    assert.equal(checked.failures[0].property, "parentResourceId");
    assert.equal(checked.failures[0].reason, problem);
    assert.equal(totalApiCalls(h.api), 0);
  });
});

describe("one owner per connection, whichever class declares it", () => {
  it("a delete by the generic class leaves a connection the HSM class declares", async () => {
    const h = setup();
    const hsmId = parentId("Microsoft.KeyVault/managedHSMs/hsm1");
    const hsmApi = fakeApi();
    hsmApi.get.resolves(connection());
    const hsm = new MhsmPrivateEndpointConnectionProvider({
      connectionsApi: () => hsmApi,
      declarations: h.ctx.declarations,
      clock: h.clock,
      env: h.env,
    });
    await hsm.check(
      {},
      {
        subscriptionId: SUB,
        resourceGroupName: RG.toUpperCase(),
        hsmName: "HSM1",
        privateEndpointConnectionName: CONN,
      },
    );
    await h.provider.delete(of(hsmId), { parentResourceId: hsmId, onDelete: "delete" } as never);
    assert.equal(totalApiCalls(h.api), 0);
    assert.match(h.reports.join("\n"), /declared by a connection resource of this deployment/);
  });
});
