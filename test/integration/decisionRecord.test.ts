import { strict as assert } from "node:assert";
import { DEFAULT_CLIENT_ID, DEFAULT_TENANT_ID } from "../../emulator";
import { SERVICE_PRINCIPAL_OBJECT_ID } from "../../emulator/defaults";
import {
  HSM,
  RG,
  armRequests,
  inputsFor,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";

describe("integration: the decision record, through the real SDK and credential", function () {
  this.timeout(30_000);
  let h: Harness;

  beforeEach(async () => (h = await startHarness()));
  afterEach(async () => h.stop());

  it("names the token's appid, oid and tid and the PUT's x-ms-request-id, and holds no secret", async () => {
    const name = seedPendingConnection(h).name;
    const { id, outs } = await h.provider.create(inputsFor(h, name));
    const puts = armRequests(h).filter((r) => r.op === "put");
    assert.equal(puts.length, 1);
    assert.ok(outs.decision, "a write was made, so there is a record");
    assert.deepEqual(outs.decision.decidedBy, {
      appId: DEFAULT_CLIENT_ID,
      objectId: SERVICE_PRINCIPAL_OBJECT_ID,
      tenantId: DEFAULT_TENANT_ID,
    });
    assert.equal(outs.decision.requestId, puts[0].requestId);
    assert.equal(outs.decision.previousStatus, "Pending");
    assert.equal(outs.decision.status, "Approved");
    assert.ok(!Number.isNaN(Date.parse(outs.decision.decidedAt)));

    const text = JSON.stringify(outs);
    assert.ok(!text.includes(h.emulator.clientSecret), "the client secret is in the outputs");
    const tokens = h.emulator.control.issuedTokens();
    assert.ok(tokens.length >= 1);
    for (const token of tokens) {
      assert.ok(!text.includes(token.split(".")[1]), "a token's payload is in the outputs");
    }

    const same = await h.provider.read(id, outs);
    assert.deepEqual(same.props?.decision, outs.decision, "kept by a refresh");
    h.emulator.control.setConnection(
      { resourceGroupName: RG, parentName: HSM, connectionName: name },
      { status: "Rejected" },
    );
    const flipped = await h.provider.read(id, outs);
    assert.equal(flipped.props?.decision?.requestId, puts[0].requestId, "the evidence is kept");
    assert.equal(flipped.props?.decision?.superseded?.status, "Rejected");
  });
});
