import { strict as assert } from "node:assert";
import {
  TERMINAL_PROVISIONING_STATES,
  connectionStateOf,
  isTerminalProvisioningState,
} from "../../provider/arm/connectionState";
import { CONN, CONN_ID, PE_ID } from "./support/fakes";

describe("connectionState", () => {
  it("maps the SDK model to the provider's terms", () => {
    assert.deepEqual(
      connectionStateOf({
        id: CONN_ID,
        name: CONN,
        etag: 'W/"1"',
        privateEndpoint: { id: PE_ID },
        privateLinkServiceConnectionState: {
          status: "Approved",
          description: "ok",
          actionsRequired: "None",
        },
        provisioningState: "Succeeded",
      }),
      {
        id: CONN_ID,
        name: CONN,
        status: "Approved",
        description: "ok",
        actionsRequired: "None",
        provisioningState: "Succeeded",
        privateEndpointId: PE_ID,
        etag: 'W/"1"',
      },
    );
  });

  it("takes the name from the id when ARM omits it, as its list items do", () => {
    const state = connectionStateOf({
      id: CONN_ID,
      privateLinkServiceConnectionState: { status: "Pending" },
    });
    assert.equal(state.name, CONN);
    assert.equal(state.etag, undefined);
    const lowercase = connectionStateOf({
      id: CONN_ID.replace("privateEndpointConnections", "privateendpointconnections"),
    });
    assert.equal(lowercase.name, CONN);
  });

  it("maps an empty model without throwing", () => {
    const state = connectionStateOf({});
    assert.equal(state.id, "");
    assert.equal(state.name, "");
    assert.equal(state.status, undefined);
    assert.equal(state.privateEndpointId, undefined);
  });

  it("terminal states", () => {
    assert.deepEqual(TERMINAL_PROVISIONING_STATES, ["Succeeded", "Failed", "Disconnected"]);
    for (const s of ["Succeeded", "Failed", "Disconnected", undefined]) {
      assert.equal(isTerminalProvisioningState(s), true, String(s));
    }
    for (const s of ["Creating", "Updating", "Deleting", "succeeded"]) {
      assert.equal(isTerminalProvisioningState(s), false, s);
    }
  });
});
