import { strict as assert } from "node:assert";
import type { ConnectionInputs } from "../../provider/inputs";
import type { PrivateEndpointConnectionProvider } from "../../provider/provider";
import {
  armRequests,
  countOps,
  inputsFor,
  startHarness,
  HSM,
  RG,
  type Harness,
} from "../support/emulatorHarness";
import { SteppingClock, waitFor } from "../support/testClocks";

/**
 * Selecting a connection by its private endpoint's id, waiting for it to appear, and key vault
 * connections: the provider's hooks, through the real SDK and credential, against the
 * emulator over HTTPS. Lists answer two items a page, so every lookup follows nextLink.
 */

const VAULT = "kv-selection";
const PAGE_SIZE = 2;

function endpointId(h: Harness, name: string): string {
  return (
    `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/rg-consumer` +
    `/providers/Microsoft.Network/privateEndpoints/${name}`
  );
}

/** Inputs that select the HSM's connection by its private endpoint instead of its name. */
function byEndpoint(h: Harness, privateEndpointId: string, extra: Record<string, unknown> = {}) {
  const { privateEndpointConnectionName: _, ...rest } = inputsFor(h, "unused");
  return { ...rest, privateEndpointId, ...extra };
}

/** Runs check as the engine does first; its failures fail the test. */
/**
 * check, as the engine calls it before create. For a new resource it reads whether the parent
 * exists (parentExists.ts), one page at most; the log is cleared after it, so a test counts
 * only what create reads.
 */
async function checked(
  h: Harness,
  news: Record<string, unknown>,
  provider: PrivateEndpointConnectionProvider = h.provider,
): Promise<ConnectionInputs> {
  const { inputs, failures } = await provider.check({}, news);
  assert.deepEqual(failures, [], "check accepts the inputs");
  assert.ok(listPaths(h).length <= 1, `check reads one page at most:\n${listPaths(h).join("\n")}`);
  h.emulator.control.clearRequestLog();
  return inputs as unknown as ConnectionInputs;
}

function connectionStatus(h: Harness, connectionName: string, kind?: "vaults"): string | undefined {
  return h.emulator.control.getConnection({
    kind,
    resourceGroupName: RG,
    parentName: kind ? VAULT : HSM,
    connectionName,
  })?.properties.privateLinkServiceConnectionState.status;
}

function listPaths(h: Harness): string[] {
  return armRequests(h)
    .filter((r) => r.op === "list")
    .map((r) => r.path);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("integration: selecting the connection by private endpoint, waiting for it, key vaults", function () {
  this.timeout(30_000);
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ listPageSize: PAGE_SIZE });
    h.emulator.control.createParent({ resourceGroupName: RG, parentName: HSM });
  });
  afterEach(() => h.stop());

  /** A Pending connection on the HSM, made by the named private endpoint. */
  function connect(endpointName: string, connectionName?: string): string {
    return h.emulator.control.createConnection({
      resourceGroupName: RG,
      parentName: HSM,
      privateEndpointId: endpointId(h, endpointName),
      connectionName,
    }).name;
  }

  describe("by private endpoint id", () => {
    it("approves the one connection of that endpoint among five, found on the last page of the list", async () => {
      const names = ["pe-a", "pe-b", "pe-c", "pe-d", "pe-target"].map((pe) => connect(pe));
      const target = names[4];
      h.emulator.control.clearRequestLog();

      // ARM ids compare case-insensitively: the program may spell the endpoint differently.
      const inputs = await checked(
        h,
        byEndpoint(h, endpointId(h, "pe-target").toUpperCase(), { description: "by endpoint" }),
      );
      const { id, outs } = await h.provider.create(inputs);

      assert.equal(outs.privateEndpointConnectionName, target, "the resolved name is an output");
      assert.equal(outs.status, "Approved");
      assert.equal(outs.provisioningState, "Succeeded");
      assert.equal(outs.description, "by endpoint");
      assert.equal(outs.privateEndpointId, endpointId(h, "pe-target"), "as ARM spells it");
      assert.match(id, new RegExp(`/privateEndpointConnections/${escaped(target)}$`));
      assert.equal(connectionStatus(h, target), "Approved");
      for (const other of names.slice(0, 4)) {
        assert.equal(connectionStatus(h, other), "Pending", `${other} is left alone`);
      }

      const pages = listPaths(h);
      assert.equal(pages.length, 3, `five connections, two a page:\n${pages.join("\n")}`);
      assert.doesNotMatch(pages[0], /skipToken/);
      assert.match(pages[1], /\$skipToken=2(&|$)/, "the second page came from nextLink");
      assert.match(pages[2], /\$skipToken=4(&|$)/, "the third page came from nextLink");
      const writes = armRequests(h).filter((r) => r.method !== "GET");
      assert.deepEqual(
        writes.map(
          (r) => `${r.method} ${decodeURIComponent(r.path.split("?")[0].split("/").pop() ?? "")}`,
        ),
        [`PUT ${target}`],
        "exactly one write, to the selected connection",
      );
    });

    it("a second create, and a refresh followed by diff, change nothing", async () => {
      ["pe-a", "pe-b", "pe-c"].forEach((pe) => connect(pe));
      const target = connect("pe-target");
      const inputs = await checked(h, byEndpoint(h, endpointId(h, "pe-target")));
      const { id, outs } = await h.provider.create(inputs);
      h.emulator.control.clearRequestLog();

      const again = await h.provider.create(inputs);
      assert.equal(again.id, id);
      assert.equal(again.outs.privateEndpointConnectionName, target);
      assert.equal(countOps(h, "put"), 0, "already in the declared state: no write");

      const refreshed = await h.provider.read(id, outs);
      assert.equal(refreshed.id, id);
      assert.equal(refreshed.props?.privateEndpointConnectionName, target);
      assert.equal(refreshed.props?.status, "Approved");
      const plan = await h.provider.diff(
        id,
        refreshed.props as unknown as Record<string, unknown>,
        inputs as unknown as Record<string, unknown>,
      );
      assert.deepEqual(
        { changes: plan.changes, replaces: plan.replaces },
        { changes: false, replaces: [] },
        "the program still selects the same connection",
      );
    });

    it("the consumer recreated its endpoint: update writes to no other connection, says to refresh; refresh and create adopt the new one", async () => {
      const old = connect("pe-again", "pe-again.aaaaaaaa-0000-4000-8000-00000000000a");
      const inputs = await checked(h, byEndpoint(h, endpointId(h, "pe-again")));
      const { id, outs } = await h.provider.create(inputs);
      const ref = { resourceGroupName: RG, parentName: HSM, connectionName: old };
      h.emulator.control.deletePrivateEndpoint(ref, { removeAfterMs: 0 });
      const successor = connect("pe-again", "pe-again.bbbbbbbb-0000-4000-8000-00000000000b");
      h.emulator.control.clearRequestLog();

      const changed = await checked(
        h,
        byEndpoint(h, endpointId(h, "pe-again"), { description: "changed" }),
      );
      await assert.rejects(h.provider.update(id, outs, changed), (e: Error) => {
        assert.match(e.message, new RegExp(`manages, '${escaped(old)}', is gone`));
        assert.match(e.message, new RegExp(`now has another connection, ${escaped(successor)}`));
        assert.match(e.message, /Nothing was written\. Run `pulumi refresh`.*then `pulumi up`/);
        return true;
      });
      assert.equal(countOps(h, "put"), 0, "no write to the new connection");
      assert.equal(connectionStatus(h, successor), "Pending");

      assert.equal((await h.provider.read(id, outs)).id, "", "refresh drops the resource");
      const adopted = await h.provider.create(changed);
      assert.equal(adopted.outs.privateEndpointConnectionName, successor);
      assert.equal(connectionStatus(h, successor), "Approved");
    });

    it("a Disconnected leftover of a recreated endpoint is not a candidate: create adopts the live one; the old resource's update refuses", async () => {
      const old = connect("pe-left", "pe-left.aaaaaaaa-0000-4000-8000-00000000000a");
      const inputs = await checked(h, byEndpoint(h, endpointId(h, "pe-left")));
      const first = await h.provider.create(inputs);
      const ref = { resourceGroupName: RG, parentName: HSM, connectionName: old };
      // Azure keeps a Disconnected connection for a while after its endpoint is deleted.
      h.emulator.control.deletePrivateEndpoint(ref, { removeAfterMs: 3_600_000 });
      const live = connect("pe-left", "pe-left.bbbbbbbb-0000-4000-8000-00000000000b");
      h.emulator.control.clearRequestLog();

      const changed = await checked(
        h,
        byEndpoint(h, endpointId(h, "pe-left"), { description: "changed" }),
      );
      await assert.rejects(h.provider.update(first.id, first.outs, changed), (e: Error) => {
        assert.match(e.message, new RegExp(escaped(old)));
        assert.match(e.message, /Disconnected/);
        return true;
      });
      assert.equal(countOps(h, "put"), 0, "the update wrote nothing, to either connection");

      const adopted = await h.provider.create(inputs);
      assert.equal(adopted.outs.privateEndpointConnectionName, live);
      assert.equal(connectionStatus(h, live), "Approved");
      assert.equal(connectionStatus(h, old), "Disconnected");
    });

    it("two connections from the same endpoint: an error that lists both, and no write", async () => {
      const first = connect("pe-twice", "pe-twice.aaaaaaaa-0000-4000-8000-000000000001");
      connect("pe-other");
      connect("pe-third");
      const second = connect("pe-twice", "pe-twice.aaaaaaaa-0000-4000-8000-000000000002");
      h.emulator.control.clearRequestLog();

      const inputs = await checked(h, byEndpoint(h, endpointId(h, "pe-twice")));
      await assert.rejects(h.provider.create(inputs), (e: Error) => {
        assert.match(
          e.message,
          /Managed HSM 'hsm-integration' .*has 2 connections from private endpoint/,
        );
        assert.match(e.message, new RegExp(`${escaped(first)} \\(Pending, from [^)]*pe-twice\\)`));
        assert.match(e.message, new RegExp(`${escaped(second)} \\(Pending, from [^)]*pe-twice\\)`));
        assert.doesNotMatch(e.message, /pe-other|pe-third/, "only the matches are listed");
        assert.match(e.message, /privateEndpointConnectionName/, "says how to pick one");
        return true;
      });
      assert.equal(countOps(h, "put"), 0);
      assert.equal(listPaths(h).length, 2, "both pages were read");
    });

    it("no connection from that endpoint: an error that lists what exists, at once", async () => {
      const names = ["pe-a", "pe-b", "pe-c"].map((pe) => connect(pe));
      h.emulator.control.clearRequestLog();

      const inputs = await checked(h, byEndpoint(h, endpointId(h, "pe-missing")));
      await assert.rejects(h.provider.create(inputs), (e: Error) => {
        assert.match(
          e.message,
          /A connection from private endpoint '[^']*pe-missing' was not found on Managed HSM 'hsm-integration'/,
        );
        assert.doesNotMatch(e.message, /after waiting/, "waitForConnectionSeconds is 0");
        assert.match(e.message, /waitForConnectionSeconds/, "says how to wait for it");
        names.forEach((name, i) =>
          assert.match(
            e.message,
            new RegExp(`${escaped(name)} \\(Pending, from [^)]*pe-${"abc"[i]}\\)`),
            `${name} is listed with its endpoint`,
          ),
        );
        return true;
      });
      assert.equal(countOps(h, "put"), 0);
      // No waiting: one look at the list (three connections, two a page), never a second.
      assert.equal(listPaths(h).length, 2, `listed once:\n${listPaths(h).join("\n")}`);
      assert.equal(h.progress.filter((m) => m.startsWith("waiting")).length, 0, "no progress");
    });

    it("an HSM without connections says so", async () => {
      const inputs = await checked(h, byEndpoint(h, endpointId(h, "pe-missing")));
      await assert.rejects(
        h.provider.create(inputs),
        /not found on Managed HSM 'hsm-integration'.*Managed HSM 'hsm-integration' has no private endpoint connections/s,
      );
    });
  });

  describe("waitForConnectionSeconds", () => {
    it("waits for the endpoint's connection to appear, reporting progress, then approves it", async () => {
      connect("pe-early");
      const inputs = await checked(
        h,
        byEndpoint(h, endpointId(h, "pe-late"), { waitForConnectionSeconds: 30 }),
      );
      h.emulator.control.clearRequestLog();
      let settled = false;
      const creating = h.provider.create(inputs).finally(() => (settled = true));
      creating.catch(() => undefined); // awaited below; no unhandled rejection if a wait fails

      // The endpoint's connection appears once the provider has looked and is waiting.
      await waitFor(
        () => settled || h.progress.some((m) => m.startsWith("waiting for")),
        "the provider lists, finds no connection and waits",
      );
      assert.equal(settled, false, "create waits while the connection does not exist");
      const seenBefore = armRequests(h).length;
      const late = connect("pe-late");
      const { outs } = await creating;

      assert.equal(outs.privateEndpointConnectionName, late);
      assert.equal(outs.status, "Approved");
      assert.equal(connectionStatus(h, late), "Approved");
      const waiting = h.progress.filter((m) => m.startsWith("waiting for"));
      assert.ok(waiting.length >= 1, `progress was reported: ${JSON.stringify(h.progress)}`);
      assert.match(
        waiting[0],
        /^waiting for A connection from private endpoint '[^']*pe-late' to appear on Managed HSM 'hsm-integration': 0s of 30s, next check in \d+\.\ds$/,
      );
      const log = armRequests(h);
      assert.ok(
        log.slice(0, seenBefore).some((r) => r.op === "list"),
        "listed before the connection existed",
      );
      assert.ok(
        log.slice(seenBefore).some((r) => r.op === "list"),
        "and again after it appeared",
      );
    });

    it("a wait that runs out fails, says how long it waited and lists what exists", async () => {
      const early = connect("pe-early");
      const inputs = await checked(
        h,
        byEndpoint(h, endpointId(h, "pe-never"), { waitForConnectionSeconds: 1 }),
      );
      // The wait runs on a clock that moves only when the provider sleeps: how long it waited
      // is what it asked for, whatever this machine's speed.
      const clock = new SteppingClock();
      await assert.rejects(h.providerWith({ clock }).create(inputs), (e: Error) => {
        assert.match(
          e.message,
          /A connection from private endpoint '[^']*pe-never' was not found on Managed HSM 'hsm-integration' .*after waiting 1s/,
        );
        assert.match(e.message, new RegExp(`Connections that exist: ${escaped(early)} \\(Pending`));
        return true;
      });
      assert.equal(clock.slept, 1000, `it waited the whole second, and no longer: ${clock.sleeps}`);
      assert.ok(
        h.progress.some((m) => /^waiting for .*pe-never.* of 1s/.test(m)),
        "progress",
      );
      assert.equal(countOps(h, "put"), 0);
    });

    it("waits by connection name too", async () => {
      const name = "pe-byname.bbbbbbbb-0000-4000-8000-000000000001";
      const inputs = await checked(h, inputsFor(h, name, { waitForConnectionSeconds: 30 }));
      h.emulator.control.clearRequestLog();
      let settled = false;
      const creating = h.provider.create(inputs).finally(() => (settled = true));
      creating.catch(() => undefined); // awaited below; no unhandled rejection if a wait fails
      await waitFor(
        () => settled || h.progress.some((m) => m.startsWith("waiting for")),
        "the provider reads, finds no connection and waits",
      );
      assert.equal(settled, false, "create waits while the connection does not exist");
      assert.ok(
        armRequests(h).some((r) => r.op === "get" && r.status === 404),
        "read by name before the connection existed",
      );
      connect("pe-byname", name);
      const { outs } = await creating;
      assert.equal(outs.status, "Approved");
      assert.ok(
        h.progress.some((m) => m.startsWith(`waiting for Private endpoint connection '${name}'`)),
        JSON.stringify(h.progress),
      );
    });
  });

  describe("key vault connections", () => {
    beforeEach(() => {
      h.emulator.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: VAULT });
    });

    function connectVault(endpointName: string): string {
      return h.emulator.control.createConnection({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: VAULT,
        privateEndpointId: endpointId(h, endpointName),
      }).name;
    }

    function vaultInputs(selector: Record<string, unknown>, extra: Record<string, unknown> = {}) {
      return {
        subscriptionId: h.emulator.subscriptionId,
        resourceGroupName: RG,
        vaultName: VAULT,
        ...selector,
        ...extra,
      };
    }

    it("approves by name, reads a rejection back, refuses to approve it until its consumer asks again, then approves and deletes", async () => {
      const name = connectVault("pe-vault");
      const inputs = await checked(
        h,
        vaultInputs({ privateEndpointConnectionName: name }, { description: "vault ok" }),
        h.vaultProvider,
      );
      const { id, outs } = await h.vaultProvider.create(inputs);
      assert.match(id, new RegExp(`/vaults/${VAULT}/privateEndpointConnections/${escaped(name)}$`));
      assert.equal(outs.vaultName, VAULT);
      assert.equal(outs.hsmName, undefined);
      assert.equal(outs.status, "Approved");
      assert.equal(connectionStatus(h, name, "vaults"), "Approved");
      assert.equal(
        h.emulator.control.getConnection({
          kind: "vaults",
          resourceGroupName: RG,
          parentName: VAULT,
          connectionName: name,
        })?.properties.privateLinkServiceConnectionState.description,
        "vault ok",
      );

      const ref = {
        kind: "vaults" as const,
        resourceGroupName: RG,
        parentName: VAULT,
        connectionName: name,
      };
      h.emulator.control.setConnection(ref, { status: "Rejected", description: "by hand" });
      const refreshed = await h.vaultProvider.read(id, outs);
      assert.equal(refreshed.id, id);
      assert.equal(refreshed.props?.status, "Rejected");
      assert.equal(refreshed.inputs?.vaultName, VAULT);
      assert.equal(refreshed.inputs?.privateEndpointConnectionName, name);
      // Azure does not approve a rejected connection again: refused, with no PUT sent.
      h.emulator.control.clearRequestLog();
      await assert.rejects(
        h.vaultProvider.update(id, refreshed.props!, inputs),
        /ARM reports status Rejected \(a description of 7 characters\)/,
      );
      assert.equal(countOps(h, "put"), 0);
      // Once its consumer asks again, the connection is Pending and the update approves it.
      h.emulator.control.requestConnectionAgain(ref, { requestMessage: "again" });
      const { outs: restored } = await h.vaultProvider.update(id, refreshed.props!, inputs);
      assert.equal(restored.status, "Approved");
      assert.equal(connectionStatus(h, name, "vaults"), "Approved");

      // An HSM provider refuses a vault's id rather than reading the wrong resource type.
      await assert.rejects(h.provider.read(id, outs), /not of a Managed HSM/);

      h.emulator.control.clearRequestLog();
      await h.vaultProvider.delete(id, restored);
      assert.equal(connectionStatus(h, name, "vaults"), undefined, "gone from ARM");
      assert.ok(
        armRequests(h).some((r) => r.method === "DELETE" && r.path.includes(`/vaults/${VAULT}/`)),
      );
      // A vault answers a missing connection 204, as its spec declares: refresh drops it.
      assert.equal((await h.vaultProvider.read(id, restored)).id, "");
    });

    it("selects a vault connection by its private endpoint id, across pages", async () => {
      const names = ["pe-v1", "pe-v2", "pe-v3"].map((pe) => connectVault(pe));
      // The HSM has a connection from the same endpoint; the vault's is the one selected.
      connect("pe-v3");
      h.emulator.control.clearRequestLog();
      const inputs = await checked(
        h,
        vaultInputs({ privateEndpointId: endpointId(h, "pe-v3") }),
        h.vaultProvider,
      );
      const { id, outs } = await h.vaultProvider.create(inputs);
      assert.equal(outs.privateEndpointConnectionName, names[2]);
      assert.match(
        id,
        new RegExp(`/vaults/${VAULT}/privateEndpointConnections/${escaped(names[2])}$`),
      );
      assert.equal(connectionStatus(h, names[2], "vaults"), "Approved");
      assert.equal(connectionStatus(h, names[0], "vaults"), "Pending");
      const pages = listPaths(h);
      assert.equal(pages.length, 2, pages.join("\n"));
      assert.ok(pages.every((p) => p.includes(`/vaults/${VAULT}/privateEndpointConnections`)));
      assert.match(pages[1], /\$skipToken=2/);

      h.emulator.control.clearRequestLog();
      const missing = await checked(
        h,
        vaultInputs({ privateEndpointId: endpointId(h, "pe-nowhere") }),
        h.vaultProvider,
      );
      await assert.rejects(
        h.vaultProvider.create(missing),
        /'[^']*pe-nowhere' was not found on key vault 'kv-selection'/,
      );
    });
  });
});
