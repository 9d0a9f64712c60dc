import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as sinon from "sinon";
import { ownership } from "../../provider/ownership";
import { waitFor } from "../support/testClocks";
import {
  KeyVaultPrivateEndpointConnection,
  MhsmPrivateEndpointConnection,
  KeyVaultPrivateEndpointConnectionPolicy,
  MhsmPrivateEndpointConnectionPolicy,
  PrivateEndpointConnection,
  PrivateEndpointConnectionPolicy,
} from "../../provider";

/** Two declarations of one connection in one program are refused, naming both resources. */
describe("one owner per connection in a program", function () {
  this.timeout(30_000);
  let errors: sinon.SinonStub;
  // The claims are made when the inputs resolve: wait for the refusals expected, not for time.
  const refused = (count: number) =>
    waitFor(() => errors.callCount >= count, `${count} refusal(s) of a second owner`);

  before(() =>
    pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
        call: () => ({}),
      },
      "project",
      "stack",
      true,
    ),
  );
  // The default throws a ResourceError, which ends a real program; here each refusal is kept.
  beforeEach(() => (errors = sinon.stub(ownership, "refuse")));
  afterEach(() => errors.restore());

  const messages = () => errors.getCalls().map((call) => String(call.args[1]));

  it("the default refusal throws a ResourceError on the resource, which ends the program", () => {
    errors.restore();
    const resource = new MhsmPrivateEndpointConnection("probe", {
      resourceGroupName: "rg-p",
      hsmName: "hsm-p",
    });
    assert.throws(
      () => ownership.refuse(resource, "two owners"),
      (e: unknown) => e instanceof pulumi.ResourceError && e.message === "two owners",
    );
    errors = sinon.stub(ownership, "refuse");
  });

  it("two connection resources naming one connection (names compared as ARM does)", async () => {
    const declared = { resourceGroupName: "rg-own", hsmName: "hsm-own" };
    new MhsmPrivateEndpointConnection("first", {
      ...declared,
      privateEndpointConnectionName: "pe-a.1",
    });
    new MhsmPrivateEndpointConnection("second", {
      ...declared,
      hsmName: "HSM-OWN",
      privateEndpointConnectionName: pulumi.output("PE-A.1"),
    });
    new MhsmPrivateEndpointConnection("other", {
      ...declared,
      privateEndpointConnectionName: "pe-b.1",
    });
    new KeyVaultPrivateEndpointConnection("vault", {
      resourceGroupName: "rg-own",
      vaultName: "hsm-own",
      privateEndpointConnectionName: "pe-a.1",
    });
    await refused(1);
    assert.equal(messages().length, 1, messages().join("\n"));
    assert.match(
      messages()[0],
      /'first' and 'second' both declare private endpoint connection 'PE-A\.1'/,
    );
    assert.match(messages()[0], /Declare it once/);
  });

  it("a connection resource and a policy of its parent that does not exclude it, in either order", async () => {
    const parent = { resourceGroupName: "rg-own2", hsmName: "hsm-own2" };
    new MhsmPrivateEndpointConnection("before-policy", {
      ...parent,
      privateEndpointConnectionName: "pe-x.1",
    });
    new MhsmPrivateEndpointConnectionPolicy("policy", {
      ...parent,
      rules: [],
      exclude: ["pe-kept.1"],
    });
    new MhsmPrivateEndpointConnection("after-policy", {
      ...parent,
      privateEndpointConnectionName: "pe-y.1",
    });
    new MhsmPrivateEndpointConnection("excluded", {
      ...parent,
      privateEndpointConnectionName: "PE-KEPT.1",
    });
    await refused(2);
    const found = messages();
    assert.equal(found.length, 2, found.join("\n"));
    assert.ok(
      found.some((m) =>
        /'before-policy' declares .*'pe-x\.1', and approval policy 'policy'/.test(m),
      ),
    );
    assert.ok(
      found.some((m) =>
        /'after-policy' declares .*'pe-y\.1'.*Add 'pe-y\.1' to the policy's exclude/.test(m),
      ),
    );
  });

  it("two approval policies of one parent (names compared as ARM does), whatever they exclude", async () => {
    new MhsmPrivateEndpointConnectionPolicy("policy-a", {
      resourceGroupName: "rg-own3",
      hsmName: "hsm-own3",
      rules: [],
      exclude: ["pe-1"],
    });
    new MhsmPrivateEndpointConnectionPolicy("policy-b", {
      resourceGroupName: "RG-OWN3",
      hsmName: pulumi.output("HSM-own3"),
      rules: [],
      exclude: ["pe-2"],
    });
    new MhsmPrivateEndpointConnectionPolicy("policy-other-hsm", {
      resourceGroupName: "rg-own3",
      hsmName: "hsm-own4",
      rules: [],
    });
    new KeyVaultPrivateEndpointConnectionPolicy("policy-vault", {
      resourceGroupName: "rg-own3",
      vaultName: "hsm-own3",
      rules: [],
    });
    await refused(1);
    const found = messages();
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(
      found[0],
      /'policy-a' and 'policy-b' are both approval policies of Managed HSM 'HSM-own3'/,
    );
    assert.match(found[0], /Declare one policy per Managed HSM/);
  });

  it("the HSM class and the class of any service naming one connection, by ARM id", async () => {
    const sub = "11111111-2222-3333-4444-555555555555";
    const hsmId = `/subscriptions/${sub}/resourceGroups/RG-OWN5/providers/microsoft.keyvault/MANAGEDHSMS/hsm-own5`;
    new MhsmPrivateEndpointConnection("by-names", {
      subscriptionId: sub,
      resourceGroupName: "rg-own5",
      hsmName: "hsm-own5",
      privateEndpointConnectionName: "pe-a.1",
    });
    new PrivateEndpointConnection("by-id", {
      parentResourceId: hsmId,
      privateEndpointConnectionName: "PE-A.1",
    });
    new PrivateEndpointConnection("other-type", {
      parentResourceId: hsmId.replace("MANAGEDHSMS", "vaults"),
      privateEndpointConnectionName: "pe-a.1",
    });
    new PrivateEndpointConnectionPolicy("policy", {
      parentResourceId: pulumi.output(hsmId.toLowerCase()),
      rules: [],
      exclude: ["pe-a.1"],
    });
    new PrivateEndpointConnectionPolicy("second-policy", {
      parentResourceId: hsmId,
      rules: [],
      exclude: ["pe-a.1"],
    });
    await refused(2);
    const found = messages();
    assert.equal(found.length, 2, found.join("\n"));
    assert.ok(
      found.some((m) =>
        /'by-names' and 'by-id' both declare private endpoint connection 'PE-A\.1'/.test(m),
      ),
      found.join("\n"),
    );
    assert.ok(
      found.some((m) =>
        /'(second-)?policy' and '(second-)?policy' are both approval policies of Managed HSM 'hsm-own5'/.test(
          m,
        ),
      ),
      found.join("\n"),
    );
  });
});
