import { strict as assert } from "node:assert";
import { requireServiceProfile } from "../../provider/arm/serviceProfiles";
import { rewriteProblem, transitionProblem } from "../../provider/arm/serviceRules";

/* Each service's rules on a status change, as its spec and recordings show them. */
const storage = requireServiceProfile("Microsoft.Storage/storageAccounts");
const sql = requireServiceProfile("Microsoft.Sql/servers");
const eventHub = requireServiceProfile("Microsoft.EventHub/namespaces");

describe("a status change, by each service's rules", () => {
  it("lets a Pending connection be approved or rejected anywhere", () => {
    for (const profile of [storage, sql, eventHub]) {
      assert.equal(transitionProblem(profile, "Pending", "Approved"), undefined);
      assert.equal(transitionProblem(profile, "Pending", "Rejected"), undefined);
    }
  });

  it("lets an Approved connection be rejected, as recorded, except in the SQL family", () => {
    assert.equal(transitionProblem(storage, "Approved", "Rejected"), undefined);
    assert.equal(transitionProblem(eventHub, "Approved", "Rejected"), undefined);
    assert.match(
      transitionProblem(sql, "Approved", "Rejected") ?? "",
      /a SQL server changes a connection's status only from Pending \(ARM answers PrivateEndpointConnectionStatusNotPending\)/,
    );
  });

  it("refuses approving a Rejected connection, saying the service and what to do", () => {
    assert.match(
      transitionProblem(storage, "Rejected", "Approved") ?? "",
      /a storage account does not let a rejected connection be approved again; only the consumer can ask again/,
    );
  });

  it("refuses any change of a Disconnected connection, and none when nothing changes", () => {
    assert.match(transitionProblem(eventHub, "Disconnected", "Rejected") ?? "", /Disconnected/);
    assert.equal(transitionProblem(sql, "Approved", "Approved"), undefined);
    assert.equal(transitionProblem(sql, undefined, "Approved"), undefined);
  });
});

describe("a description put back on a connection whose status stays, by each service's rules", () => {
  it("is refused where the service changes nothing but Pending, or never approves twice", () => {
    assert.match(
      rewriteProblem(sql, "Approved") ?? "",
      /a SQL server changes a connection only while it is Pending \(ARM answers PrivateEndpointConnectionStatusNotPending\)/,
    );
    assert.match(
      rewriteProblem(storage, "Approved") ?? "",
      /a storage account refuses to approve an Approved connection again .*InvalidValuesForRequestParameters.*declare the description ARM reports/,
    );
  });

  it("is accepted elsewhere, and on Pending or Rejected connections of Storage", () => {
    assert.equal(rewriteProblem(eventHub, "Approved"), undefined);
    assert.equal(rewriteProblem(storage, "Rejected"), undefined);
    assert.equal(rewriteProblem(sql, "Pending"), undefined);
  });
});
