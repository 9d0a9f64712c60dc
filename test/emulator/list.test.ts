import { strict as assert } from "node:assert";
import type { ConnectionJson } from "../../emulator";
import {
  RG,
  connectionsPath,
  seed,
  start,
  stopEmulatorsAfterEach,
  withApi,
} from "./support/emulator";
import { arm, json } from "./support/https";

interface Page {
  value: ConnectionJson[];
  nextLink?: string;
}

describe("emulator list paging", () => {
  stopEmulatorsAfterEach();

  it("pages with absolute nextLinks carrying api-version and a skip token, in creation order", async () => {
    const emulator = await start({ behavior: { listPageSize: 2 } });
    seed(emulator);
    for (const name of ["pec-2", "pec-3", "pec-4", "pec-5"]) {
      emulator.control.createConnection({
        resourceGroupName: RG,
        parentName: "hsm-test",
        connectionName: name,
      });
    }
    const names: string[] = [];
    const links: string[] = [];
    let url: string | undefined = withApi(connectionsPath(emulator), "2026-02-01");
    while (url) {
      const result = await arm(emulator, "GET", url);
      assert.equal(result.status, 200, result.text);
      const page: Page = json<Page>(result);
      assert.ok(page.value.length <= 2);
      names.push(...page.value.map((c) => c.name));
      url = page.nextLink;
      if (url) {
        links.push(url);
      }
    }
    assert.deepEqual(names, ["pec-1", "pec-2", "pec-3", "pec-4", "pec-5"]);
    assert.equal(links.length, 2);
    for (const link of links) {
      const parsed = new URL(link);
      assert.equal(parsed.origin, emulator.url);
      assert.equal(parsed.pathname, connectionsPath(emulator));
      assert.equal(parsed.searchParams.get("api-version"), "2026-02-01");
      assert.match(parsed.searchParams.get("$skipToken") ?? "", /^\d+$/);
    }
    assert.deepEqual(emulator.control.requestLog().filter((e) => e.op === "list").length, 3);
  });

  it("answers one page without nextLink when everything fits, and an empty list for an HSM without connections", async () => {
    const emulator = await start();
    seed(emulator);
    const page = json<Page>(await arm(emulator, "GET", withApi(connectionsPath(emulator))));
    assert.equal(page.value.length, 1);
    assert.equal("nextLink" in page, false);
    emulator.control.createParent({ resourceGroupName: RG, parentName: "empty-hsm" });
    const empty = json<Page>(
      await arm(
        emulator,
        "GET",
        withApi(
          `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.KeyVault/managedHSMs/empty-hsm/privateEndpointConnections`,
        ),
      ),
    );
    assert.deepEqual(empty, { value: [] });
  });

  it("lists a connection that is being deleted, as Deleting", async () => {
    const emulator = await start({ behavior: { deleteDurationMs: 60_000 } });
    seed(emulator);
    await arm(emulator, "DELETE", withApi(`${connectionsPath(emulator)}/pec-1`));
    const page = json<Page>(await arm(emulator, "GET", withApi(connectionsPath(emulator))));
    assert.deepEqual(
      page.value.map((c) => [c.name, c.properties.provisioningState]),
      [["pec-1", "Deleting"]],
    );
  });
});
