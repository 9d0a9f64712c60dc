import { strict as assert } from "node:assert";
import { AnyPrivateEndpointConnectionProvider } from "../../provider/provider";
import type { ConnectionInputs } from "../../provider/inputs";
import { FAST_RETRY, RG, countOps, startHarness, type Harness } from "../support/emulatorHarness";
import { standaloneCalls } from "../support/standaloneCalls";

/*
 * A parent type the provider has no profile of, through the real SDK client and HTTPS to the
 * emulator, whose provider registration (GET /subscriptions/{id}/providers/{namespace}) lists it:
 * a PostgreSQL flexible server's connection is approved on ARM's common behaviour at the
 * api-version the registration gives; a namespace ARM does not know is refused at check, naming
 * the field, before anything is written.
 */
describe("integration: a parent type outside the profile table, by ARM's provider registration", function () {
  this.timeout(30_000);
  let h: Harness;
  let provider: AnyPrivateEndpointConnectionProvider;

  beforeEach(async () => {
    h = await startHarness();
    const options = { retryPolicy: FAST_RETRY, declarations: standaloneCalls(), report: () => {} };
    provider = new AnyPrivateEndpointConnectionProvider(options);
  });
  afterEach(() => h.stop());

  const parentId = (typeAndName: string) =>
    `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/${RG}/providers/${typeAndName}`;

  it("approves a PostgreSQL flexible server's connection on the registered api-version", async () => {
    const resourceType = "Microsoft.DBforPostgreSQL/flexibleServers";
    h.emulator.control.createParent({ resourceType, resourceGroupName: RG, parentName: "pg1" });
    const { name } = h.emulator.control.createConnection({
      resourceType,
      resourceGroupName: RG,
      parentName: "pg1",
      privateEndpointId: `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/consumer/providers/Microsoft.Network/privateEndpoints/pe-pg`,
    });
    const parentResourceId = parentId(`${resourceType}/pg1`);
    const checked = await provider.check(
      {},
      { parentResourceId, privateEndpointConnectionName: name },
    );
    assert.deepEqual(checked.failures, []);
    const { outs } = await provider.create(checked.inputs as unknown as ConnectionInputs);
    assert.equal(outs.status, "Approved");
    const ref = { resourceType, resourceGroupName: RG, parentName: "pg1", connectionName: name };
    const stored = h.emulator.control.getConnection(ref);
    assert.equal(stored?.properties.privateLinkServiceConnectionState.status, "Approved");
    assert.equal(countOps(h, "getProvider"), 1, "one read of the registration");
    assert.equal(countOps(h, "put"), 1);
  });

  it("refuses a namespace ARM does not register, at check, naming the field", async () => {
    const checked = await provider.check(
      {},
      {
        parentResourceId: parentId("Microsoft.Contoso/widgets/w1"),
        privateEndpointConnectionName: "pe-1",
      },
    );
    assert.equal(checked.failures?.length, 1);
    const [failure] = checked.failures ?? [];
    assert.equal(failure.property, "parentResourceId");
    assert.match(failure.reason, /Microsoft\.Contoso\/widgets/);
    assert.equal(countOps(h, "put"), 0);
  });
});
