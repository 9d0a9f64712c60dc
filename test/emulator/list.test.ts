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

/** List items carry no name as recorded: the id's last segment is the connection's name. */
function nameOf(c: { id: string }): string {
  return c.id.split("/").at(-1) ?? "";
}

const APPROVE = JSON.stringify({
  properties: { privateLinkServiceConnectionState: { status: "Approved", description: "ok" } },
});

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
      names.push(...page.value.map(nameOf));
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
      page.value.map((c) => [nameOf(c), c.properties.provisioningState]),
      [["pec-1", "Deleting"]],
    );
  });

  it("answers items with only id and properties by default, as the recording does, and etag once ARM wrote one", async () => {
    const emulator = await start({ behavior: { putDurationMs: 0 } });
    seed(emulator);
    const first = json<Page>(await arm(emulator, "GET", withApi(connectionsPath(emulator))));
    assert.deepEqual(Object.keys(first.value[0]), ["id", "properties"]);
    const get = json<ConnectionJson>(
      await arm(emulator, "GET", withApi(`${connectionsPath(emulator)}/pec-1`)),
    );
    assert.deepEqual(Object.keys(get), ["id", "name", "type", "location", "properties"]);
    const put = await arm(emulator, "PUT", withApi(`${connectionsPath(emulator)}/pec-1`), {
      body: APPROVE,
    });
    assert.equal(put.status, 200, put.text);
    const after = json<Page>(await arm(emulator, "GET", withApi(connectionsPath(emulator))));
    assert.deepEqual(Object.keys(after.value[0]), ["id", "etag", "properties"]);
    assert.match(after.value[0].etag ?? "", /^[0-9a-f]{32}$/);
  });

  it("answers the 2025-05-01 spec example's shape with responseShape specExample", async () => {
    const emulator = await start({ behavior: { responseShape: "specExample" } });
    seed(emulator);
    const page = json<Page>(await arm(emulator, "GET", withApi(connectionsPath(emulator))));
    assert.deepEqual(Object.keys(page.value[0]), [
      "id",
      "name",
      "type",
      "location",
      "etag",
      "properties",
    ]);
    assert.equal(page.value[0].name, "pec-1");
    emulator.control.setBehavior({ responseShape: "recording" });
    const recorded = json<Page>(await arm(emulator, "GET", withApi(connectionsPath(emulator))));
    assert.deepEqual(Object.keys(recorded.value[0]), ["id", "properties"]);
  });
});
