import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import {
  KeyVaultPrivateEndpointConnection,
  KeyVaultPrivateEndpointConnectionPolicy,
  MhsmPrivateEndpointConnection,
  MhsmPrivateEndpointConnectionPolicy,
} from "../../provider";

/**
 * The SDK makes an Output only for the keys a resource's props hold; a declared output the
 * program left out (subscriptionId defaulted by the provider, everything after `.get()`) must
 * still be an Output that resolves to what the provider recorded.
 */
const SUB = "aaaaaaaa-0000-4000-8000-000000000001";
const RECORDED: Record<string, unknown> = {
  subscriptionId: SUB,
  resourceGroupName: "rg-hsm",
  hsmName: "hsm-one",
  vaultName: "kv-one",
  privateEndpointConnectionName: "pe-app.1",
  status: "Approved",
  description: "",
  onDelete: "delete",
  timeouts: { create: 60 },
  connectionId: "/subscriptions/x/id",
  provisioningState: "Succeeded",
  actionsRequired: "None",
  privateEndpointId: "/subscriptions/x/pe",
  etag: '"1"',
  decision: { newStatus: "Approved" },
  otherwise: "leave",
  scope: "pending",
  exclude: [],
  decisions: [],
  counts: { total: 0 },
  outstanding: [],
};

const CONNECTION_OUTPUTS = [
  "subscriptionId",
  "resourceGroupName",
  "privateEndpointConnectionName",
  "status",
  "description",
  "onDelete",
  "timeouts",
  "connectionId",
  "provisioningState",
  "actionsRequired",
  "privateEndpointId",
  "etag",
  "decision",
];
const POLICY_OUTPUTS = [
  "subscriptionId",
  "resourceGroupName",
  "rules",
  "otherwise",
  "scope",
  "exclude",
  "onDelete",
  "decisions",
  "counts",
  "outstanding",
];

function resolved(output: unknown): Promise<unknown> {
  assert.ok(pulumi.Output.isInstance(output), "an Output");
  return new Promise((resolve) => (output as pulumi.Output<unknown>).apply(resolve));
}

async function assertOutputs(resource: object, keys: string[]): Promise<void> {
  for (const key of keys) {
    const value = await resolved((resource as Record<string, unknown>)[key]);
    if (key in RECORDED) assert.deepEqual(value, RECORDED[key], key);
  }
}

describe("declared outputs are Outputs, also where the program gave no input", function () {
  this.timeout(30_000);
  before(() =>
    pulumi.runtime.setMocks(
      {
        // The engine's state after create or read: what the provider recorded.
        newResource: (args) => ({ id: `${args.name}-id`, state: { ...RECORDED, ...args.inputs } }),
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    ),
  );

  it("a connection declared without subscriptionId or timeouts, of an HSM and of a vault", async () => {
    const hsm = new MhsmPrivateEndpointConnection("c", {
      resourceGroupName: "rg-hsm",
      hsmName: "hsm-one",
      privateEndpointConnectionName: "pe-app.1",
    });
    await assertOutputs(hsm, [...CONNECTION_OUTPUTS, "hsmName"]);
    const vault = new KeyVaultPrivateEndpointConnection("v", {
      resourceGroupName: "rg-hsm",
      vaultName: "kv-one",
      privateEndpointConnectionName: "pe-app.1",
    });
    await assertOutputs(vault, [...CONNECTION_OUTPUTS, "vaultName"]);
  });

  it("a connection read with .get(): every output, the names among them", async () => {
    await assertOutputs(MhsmPrivateEndpointConnection.get("g", "/id"), [
      ...CONNECTION_OUTPUTS,
      "hsmName",
    ]);
    await assertOutputs(KeyVaultPrivateEndpointConnection.get("gv", "/id"), [
      ...CONNECTION_OUTPUTS,
      "vaultName",
    ]);
  });

  it("a policy with only its required inputs", async () => {
    const required = { resourceGroupName: "rg-hsm", rules: [] };
    await assertOutputs(
      new MhsmPrivateEndpointConnectionPolicy("p", { ...required, hsmName: "hsm-one" }),
      [...POLICY_OUTPUTS, "hsmName"],
    );
    await assertOutputs(
      new KeyVaultPrivateEndpointConnectionPolicy("pv", { ...required, vaultName: "kv-one" }),
      [...POLICY_OUTPUTS, "vaultName"],
    );
  });
});
