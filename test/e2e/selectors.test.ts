import { strict as assert } from "node:assert";
import type { CommandResult } from "../../tools/lib/boundedProcess";
import type { PulumiStack } from "../../tools/lib/pulumiStack";
import { EngineHarness, RG, connectionNameOf, useEngineHarness } from "./support/engineHarness";
import { assertOutput, describeRequests, destroyQuietly, log } from "./support/commandOutput";

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The real Pulumi engine runs examples/by-private-endpoint (a connection selected by its
 * private endpoint's id, and one that appears only while `pulumi up` waits for it) and
 * examples/vault (a key vault's connection), unchanged, against the ARM emulator.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/selectors.test.js
 * E2E_VERBOSE=1 prints every line the CLI writes.
 */

const HSM_TYPE = "pulumi-nodejs:dynamic/keyvault:MhsmPrivateEndpointConnection";
const VAULT_TYPE = "pulumi-nodejs:dynamic/keyvault:KeyVaultPrivateEndpointConnection";

/** The part of an update's output before its summary: where ephemeral progress is shown. */
function progressDisplay(result: CommandResult): string {
  return result.stdout.split(/^(Diagnostics|Outputs|Resources):$/m)[0];
}

/** A consumer's private endpoint, in another resource group than the HSM's. */
function endpointId(h: EngineHarness, name: string): string {
  return (
    `/subscriptions/${h.emulator.subscriptionId}/resourceGroups/rg-e2e-consumer` +
    `/providers/Microsoft.Network/privateEndpoints/${name}`
  );
}

describe("e2e: connections selected by private endpoint, waited for, and of key vaults", function () {
  let h: EngineHarness;
  useEngineHarness((started) => (h = started), log);

  describe("examples/by-private-endpoint", () => {
    const HSM = "hsm-by-endpoint";
    let stack: PulumiStack;
    let others: string[];
    let target: string;
    let pageSize: number;

    before(async function () {
      // Two connections a page: the engine's provider must follow nextLink to find the target.
      pageSize = h.control.getBehavior().listPageSize;
      h.control.setBehavior({ listPageSize: 2 });
      others = h.seedHsm(HSM, 3);
      target = h.control.createConnection({
        resourceGroupName: RG,
        parentName: HSM,
        privateEndpointId: endpointId(h, "pe-app"),
      }).name;
      stack = await h.newStack("byPrivateEndpoint", "endpoint", {
        hsmName: HSM,
        privateEndpointId: endpointId(h, "pe-app"),
      });
    });

    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
      h.control.setBehavior({ listPageSize: pageSize });
    });

    it("up approves the endpoint's connection, whatever its name; the outputs carry the name", async () => {
      const up = await stack.up();
      assertOutput(up, /\+ 2 created/.test(up.stdout), "the stack and the connection");
      const arm = h.connection(HSM, target);
      assert.equal(arm?.properties.privateLinkServiceConnectionState.status, "Approved");
      for (const other of others) {
        assert.equal(
          h.connection(HSM, other)?.properties.privateLinkServiceConnectionState.status,
          "Pending",
          `${other}, of another endpoint, is left alone`,
        );
      }
      const outputs = await stack.outputs();
      assert.equal(outputs.connectionName, target, "the resolved name is a stack output");
      assert.equal(outputs.status, "Approved");
      assert.equal(outputs.provisioningState, "Succeeded");
      assert.equal(outputs.connectionId, arm?.id);
      const [resource] = await stack.resources(HSM_TYPE);
      assert.equal(resource.id, arm?.id, "the resource's id is the ARM id");
      assert.equal(resource.outputs?.privateEndpointConnectionName, target);

      const requests = h.armRequests();
      assert.deepEqual(
        h.armWrites().map((r) => `${r.method} ${connectionNameOf(r)}`),
        [`PUT ${target}`],
        describeRequests(requests),
      );
      assert.ok(
        requests.some((r) => r.op === "list" && /\$skipToken=2(&|$)/.test(r.path)),
        `the list was followed to its second page:\n${describeRequests(requests)}`,
      );
    });

    it("up again and preview --expect-no-changes: no change, no ARM write", async () => {
      const up = await stack.up();
      assertOutput(up, /2 unchanged/.test(up.stdout), "everything unchanged");
      assertOutput(up, !/(created|updated|replaced|deleted)/.test(up.stdout), "nothing done");
      const preview = await stack.preview(["--expect-no-changes"], { allowFailure: true });
      assertOutput(preview, preview.code === 0, "preview --expect-no-changes passes");
      assert.deepEqual(h.armWrites(), [], describeRequests(h.armWrites()));
    });

    it("refresh finds no drift where there is none, and the program still selects the connection", async () => {
      const check = await stack.previewRefresh(["--expect-no-changes"], { allowFailure: true });
      assertOutput(check, check.code === 0, "refresh --preview-only --expect-no-changes passes");
      await stack.refresh();
      const preview = await stack.preview(["--expect-no-changes"], { allowFailure: true });
      assertOutput(preview, preview.code === 0, "no change after the refresh either");
      assert.deepEqual(h.armWrites(), [], describeRequests(h.armWrites()));
    });

    it("destroy deletes the selected connection and only that one", async () => {
      const destroy = await stack.destroy();
      assertOutput(destroy, /- 2 deleted/.test(destroy.stdout), "the connection and the stack");
      assert.equal(h.connection(HSM, target), undefined, "gone from ARM");
      assert.deepEqual(
        h
          .armWrites()
          .filter((r) => r.method === "DELETE")
          .map(connectionNameOf),
        [target],
      );
      for (const other of others) {
        assert.ok(h.connection(HSM, other), `${other} stays`);
      }
      assert.deepEqual(await stack.resources(), [], "the state is empty");
    });
  });

  describe("a connection that appears while `pulumi up` waits for it", () => {
    const HSM = "hsm-late";
    let stack: PulumiStack;

    before(async function () {
      h.control.createParent({ resourceGroupName: RG, parentName: HSM });
      stack = await h.newStack("byPrivateEndpoint", "late", {
        hsmName: HSM,
        privateEndpointId: endpointId(h, "pe-late"),
        waitForConnectionSeconds: "120",
      });
    });

    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("one `pulumi up` waits for the endpoint's connection, then approves it", async () => {
      // The endpoint "finishes" when the provider says, in the engine's display, that it waits.
      const waiting =
        /waiting for A connection from private endpoint '[^']*pe-late' to appear on Managed HSM 'hsm-late'/;
      let created: { name: string; at: number } | undefined;
      const up = await stack.start(["up", "--yes", "--skip-preview"], {
        onStdout: (line) => {
          if (created || !waiting.test(line)) return;
          const name = h.control.createConnection({
            resourceGroupName: RG,
            parentName: HSM,
            privateEndpointId: endpointId(h, "pe-late"),
          }).name;
          created = { name, at: Date.now() };
        },
      }).result;

      assertOutput(up, up.code === 0, "up succeeds");
      assert.ok(created, "the connection was created while `up` ran");
      const requests = h.armRequests();
      const lists = requests.filter((r) => r.op === "list");
      assert.ok(
        lists.some((r) => Date.parse(r.time) < created!.at) &&
          lists.some((r) => Date.parse(r.time) >= created!.at),
        `listed before and after the connection appeared:\n${describeRequests(requests)}`,
      );
      assert.equal(
        h.connection(HSM, created.name)?.properties.privateLinkServiceConnectionState.status,
        "Approved",
      );
      const outputs = await stack.outputs();
      assert.equal(outputs.connectionName, created.name);
      assert.equal(outputs.status, "Approved");
      assertOutput(
        up,
        waiting.test(progressDisplay(up)),
        "the wait was reported in the engine's progress display",
      );
    });
  });

  describe("examples/vault", () => {
    const VAULT = "kv-e2e";
    let stack: PulumiStack;
    let name: string;
    let other: string;

    const vaultConnection = (connectionName: string) =>
      h.control.getConnection({
        kind: "vaults",
        resourceGroupName: RG,
        parentName: VAULT,
        connectionName,
      });

    before(async function () {
      h.control.createParent({ kind: "vaults", resourceGroupName: RG, parentName: VAULT });
      [name, other] = ["pe-vault-app", "pe-vault-other"].map(
        (pe) =>
          h.control.createConnection({
            kind: "vaults",
            resourceGroupName: RG,
            parentName: VAULT,
            privateEndpointId: endpointId(h, pe),
          }).name,
      );
      stack = await h.newStack("vault", "vault", { vaultName: VAULT, connectionName: name });
    });

    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("up approves the vault's connection", async () => {
      const up = await stack.up();
      assertOutput(up, /\+ 2 created/.test(up.stdout), "the stack and the connection");
      const arm = vaultConnection(name);
      assert.equal(arm?.properties.privateLinkServiceConnectionState.status, "Approved");
      assert.match(arm?.id ?? "", /\/vaults\/kv-e2e\/privateEndpointConnections\//);
      const outputs = await stack.outputs();
      assert.equal(outputs.connectionId, arm?.id);
      assert.equal(outputs.status, "Approved");
      assert.equal(outputs.privateEndpointId, endpointId(h, "pe-vault-app"));
      const resources = await stack.resources();
      assert.deepEqual(
        resources.map((r) => [r.type, r.id]),
        [[VAULT_TYPE, arm?.id]],
      );
      assert.ok(
        h.armWrites().every((r) => r.path.includes(`/vaults/${VAULT}/`)),
        describeRequests(h.armWrites()),
      );
    });

    // Azure does not approve a rejected connection again: the drift only its consumer can undo.
    it("refresh records a rejection made in the portal; preview and up refuse it with no PUT, leaving the state honest; after the consumer re-requests, up approves", async () => {
      const ref = {
        kind: "vaults" as const,
        resourceGroupName: RG,
        parentName: VAULT,
        connectionName: name,
      };
      h.control.setConnection(ref, { status: "Rejected", description: "rejected in the portal" });
      const [declared] = await stack.resources(VAULT_TYPE);
      const refusal = new RegExp(
        `${escaped(declared.id ?? "")} is declared Approved, but ARM reports status Rejected ` +
          `\\(a description of 22 characters\\)\\. Azure does not let a rejected connection ` +
          "be approved again",
      );
      // The pipeline's drift check, as the issue's user ran it: the refreshed state reaches check.
      const check = await stack.preview(["--refresh", "--expect-no-changes"], {
        allowFailure: true,
      });
      assertOutput(
        check,
        check.code !== 0 && refusal.test(check.stdout + check.stderr),
        "preview --refresh says it",
      );
      assert.equal((await stack.resources(VAULT_TYPE))[0].outputs?.status, "Approved", "not saved");

      const refresh = await stack.refresh(["--diff"]);
      assertOutput(
        refresh,
        /status\s*:\s*"Approved"\s*=>\s*"Rejected"/.test(refresh.stdout),
        "refresh shows the status drift",
      );
      const [refreshed] = await stack.resources(VAULT_TYPE);
      assert.equal(refreshed.outputs?.status, "Rejected", "the state records what ARM says");
      assert.equal(refreshed.outputs?.description, "rejected in the portal");
      assert.deepEqual(h.armWrites(), [], "a refresh only reads");

      const preview = await stack.preview([], { allowFailure: true });
      assertOutput(
        preview,
        preview.code !== 0 && refusal.test(preview.stdout + preview.stderr),
        "preview says it",
      );
      const up = await stack.up([], { allowFailure: true });
      assertOutput(
        up,
        up.code !== 0 && refusal.test(up.stdout + up.stderr),
        "up refuses with the message",
      );
      assertOutput(up, /re-requests approval/.test(up.stdout + up.stderr), "and says what to do");
      assert.deepEqual(h.armWrites(), [], describeRequests(h.armWrites()));
      const [after] = await stack.resources(VAULT_TYPE);
      assert.equal(after.outputs?.status, "Rejected", "the state still says what ARM says");
      assert.equal(
        vaultConnection(name)?.properties.privateLinkServiceConnectionState.status,
        "Rejected",
      );

      h.control.requestConnectionAgain(ref, { requestMessage: "please approve us again" });
      await stack.up();
      const state = vaultConnection(name)?.properties.privateLinkServiceConnectionState;
      assert.equal(state?.status, "Approved", "approved once re-requested");
      assert.equal(
        state?.description ?? "",
        "",
        "the request message is replaced by the program's",
      );
      const clean = await stack.preview(["--expect-no-changes"], { allowFailure: true });
      assertOutput(clean, clean.code === 0, "no drift left");
    });

    it("refresh reports a connection whose consumer deleted its endpoint as Disconnected; destroy deletes it and leaves the other", async () => {
      const ref = { kind: "vaults" as const, resourceGroupName: RG, parentName: VAULT };
      h.control.deletePrivateEndpoint({ ...ref, connectionName: name }, { removeAfterMs: 600_000 });
      const refresh = await stack.refresh(["--diff"]);
      assertOutput(
        refresh,
        /status\s*:\s*"Approved"\s*=>\s*"Disconnected"/.test(refresh.stdout),
        "refresh shows Disconnected",
      );
      assert.equal((await stack.resources(VAULT_TYPE))[0].outputs?.status, "Disconnected");
      const destroy = await stack.destroy();
      assertOutput(destroy, /- 2 deleted/.test(destroy.stdout), "the connection and the stack");
      assert.equal(vaultConnection(name), undefined, "gone from ARM");
      assert.equal(
        vaultConnection(other)?.properties.privateLinkServiceConnectionState.status,
        "Pending",
      );
      assert.deepEqual(
        h.armWrites().map((r) => `${r.method} ${connectionNameOf(r)}`),
        [`DELETE ${name}`],
      );
      assert.deepEqual(await stack.resources(), [], "the state is empty");
    });
  });
});
