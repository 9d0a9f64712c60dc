import { strict as assert } from "node:assert";
import * as net from "node:net";
import {
  RG,
  HSM,
  inputsFor,
  seedPendingConnection,
  startHarness,
  type Harness,
} from "../support/emulatorHarness";

/**
 * Answers that are not ARM's, through the real SDK and credential: a 200 or 204 from something
 * in the way (a proxy, a captive portal, a web app at a mistyped endpoint) is never taken for
 * "gone", and a URL handed back on another host never receives the bearer token.
 */
describe("integration: a success that is not ARM's, and URLs off ARM's origin", function () {
  this.timeout(60_000);
  let h: Harness;
  let name: string;
  let id: string;
  let outs: Awaited<ReturnType<Harness["provider"]["create"]>>["outs"];

  beforeEach(async () => {
    h = await startHarness();
    name = seedPendingConnection(h).name;
    ({ id, outs } = await h.provider.create(inputsFor(h, name)));
  });
  afterEach(() => h.stop());

  const statusInArm = () =>
    h.emulator.control.getConnection({
      resourceGroupName: RG,
      parentName: HSM,
      connectionName: name,
    })?.properties.privateLinkServiceConnectionState.status;

  const pages: [string, { status: number; body?: string; contentType?: string }][] = [
    ["200 HTML page", { status: 200, body: "<html><body>Sign in</body></html>" }],
    [
      "200 JSON without an id",
      { status: 200, body: '{"status":"ok"}', contentType: "application/json" },
    ],
    ["204 (an HSM has none)", { status: 204, body: "" }],
  ];
  for (const [kind, page] of pages) {
    it(`a GET's ${kind} keeps the resource`, async () => {
      h.emulator.control.injectFault({ match: { op: "get" }, fault: { kind: "page", ...page } });
      await assert.rejects(h.provider.read(id, outs), (e: Error) => {
        assert.match(e.message, new RegExp(`HTTP ${page.status}.*not ARM's answer`));
        assert.match(e.message, /the resource is kept in the state and nothing was deleted/);
        return true;
      });
      assert.equal(h.emulator.control.pendingFaults(), 0, "the fault was answered");
    });
  }

  it("a DELETE's 204 page is confirmed by a GET", async () => {
    h.emulator.control.injectFault({
      match: { op: "delete" },
      fault: { kind: "page", status: 204, body: "" },
    });
    await assert.rejects(h.provider.delete(id, outs), (e: Error) => {
      assert.match(e.message, /reported the delete as finished, but the connection still exists/);
      assert.match(e.message, /status Approved/);
      return true;
    });
    assert.equal(statusInArm(), "Approved");
  });

  it("a foreign nextLink gets nothing", async () => {
    const connections: net.Socket[] = [];
    const foreign = net.createServer((socket) => {
      connections.push(socket);
      socket.destroy();
    });
    await new Promise<void>((resolve) => foreign.listen(0, "127.0.0.1", resolve));
    try {
      const port = (foreign.address() as net.AddressInfo).port;
      const nextLink = `https://127.0.0.1:${port}${id.replace(/\/[^/]+\/[^/]+$/, "")}?$skipToken=2`;
      h.emulator.control.injectFault({
        match: { op: "list" },
        fault: {
          kind: "page",
          status: 200,
          body: JSON.stringify({ value: [], nextLink }),
          contentType: "application/json",
        },
      });
      const { privateEndpointConnectionName: _, ...byName } = inputsFor(h, name);
      const byEndpoint = { ...byName, privateEndpointId: outs.privateEndpointId };
      await assert.rejects(h.provider.create(byEndpoint), (e: Error) => {
        assert.match(e.message, /another host \(https:\/\/127\.0\.0\.1:\d+\)/);
        assert.match(e.message, /refusing to send credentials there/);
        return true;
      });
      assert.equal(h.emulator.control.pendingFaults(), 0, "the list page was answered");
      assert.equal(connections.length, 0, "nothing connected to the other host");
    } finally {
      await new Promise((resolve) => foreign.close(resolve));
    }
  });
});
