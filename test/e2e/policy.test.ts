import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { CommandResult } from "../../tools/lib/boundedProcess";
import { PulumiStack } from "../../tools/lib/pulumiStack";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { connectionNameOf, EngineHarness, RG, useEngineHarness } from "./support/engineHarness";
import { assertOutput, describeRequests, destroyQuietly, log } from "./support/commandOutput";

/**
 * The real Pulumi engine runs examples/policy, unchanged, against the ARM emulator: up approves
 * the connections the rules allow and rejects the rest; a new consumer's connection makes the
 * drift check (`pulumi preview --refresh --expect-no-changes`) fail with exit code 7 and say
 * which connection `up` would approve; `up` approves it; destroy applies each onDelete.
 *
 * Run: node dist/tools/with-emulator-ca.js mocha --timeout 600000 dist/test/e2e/policy.test.js
 */

const POLICY_TYPE = "pulumi-nodejs:dynamic/keyvault:MhsmPrivateEndpointConnectionPolicy";
const SUB_OK = "0a0a0a0a-0000-4000-8000-00000000000a";
const SUB_OTHER = "0b0b0b0b-0000-4000-8000-00000000000b";
/** A subscription the policy does not know: its endpoint takes a shared name to get approved. */
const SUB_OUTSIDER = "0e0e0e0e-0000-4000-8000-00000000000e";
/** `pulumi preview --expect-no-changes` exits with this when there are changes. */
const EXIT_NO_CHANGES_EXPECTED = 7;

function endpointId(sub: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/rg-consumers/providers/Microsoft.Network/privateEndpoints/${name}`;
}

interface Seeded {
  approved: string[];
  rejected: string[];
  excluded: string;
}

/**
 * Three connections from the allowed subscription, one shared endpoint of the partner, two others
 * of the partner, an outsider's endpoint named as the shared ones are, one excluded.
 */
function seed(h: EngineHarness, hsm: string): Seeded {
  h.control.createParent({ resourceGroupName: RG, parentName: hsm });
  const make = (sub: string, pe: string) =>
    h.control.createConnection({
      resourceGroupName: RG,
      parentName: hsm,
      privateEndpointId: endpointId(sub, pe),
    }).name;
  return {
    approved: [
      make(SUB_OK, "pe-app-1"),
      make(SUB_OK, "pe-app-2"),
      make(SUB_OK, "pe-app-3"),
      make(SUB_OTHER, "pe-shared-1"),
    ],
    rejected: [
      make(SUB_OTHER, "pe-other-1"),
      make(SUB_OTHER, "pe-other-2"),
      make(SUB_OUTSIDER, "pe-shared-evil"),
    ],
    excluded: make(SUB_OTHER, "pe-managed-elsewhere"),
  };
}

async function policyStack(
  h: EngineHarness,
  hsm: string,
  onDelete: string,
  excluded: string,
): Promise<PulumiStack> {
  const project = h.workspace.prepareProject(path.join(REPO_ROOT, "examples", "policy"), {
    name: `policy-${onDelete}`,
    packageDir: h.packageDir,
  });
  const stack = await PulumiStack.init(h.workspace, project.dir, onDelete);
  await stack.setConfig({ resourceGroupName: RG, hsmName: hsm, onDelete });
  await stack.setConfigList("approvedSubscriptionIds", [SUB_OK]);
  await stack.setConfigList("partnerSubscriptionIds", [SUB_OTHER]);
  await stack.setConfigList("approvedEndpointNames", ["pe-shared-*"]);
  await stack.setConfigList("exclude", [excluded]);
  return stack;
}

function statusOf(h: EngineHarness, hsm: string, name: string): string | undefined {
  return h.connection(hsm, name)?.properties.privateLinkServiceConnectionState.status;
}

function assertStatuses(h: EngineHarness, hsm: string, seeded: Seeded) {
  for (const name of seeded.approved) assert.equal(statusOf(h, hsm, name), "Approved", name);
  for (const name of seeded.rejected) assert.equal(statusOf(h, hsm, name), "Rejected", name);
  assert.equal(
    statusOf(h, hsm, seeded.excluded),
    "Pending",
    "the excluded connection is left alone",
  );
}

function writesTo(h: EngineHarness): string[] {
  return h.armWrites().map((r) => `${r.method} ${connectionNameOf(r)}`);
}

async function upAndCheck(
  h: EngineHarness,
  stack: PulumiStack,
  hsm: string,
  seeded: Seeded,
): Promise<CommandResult> {
  const up = await stack.up();
  assertOutput(up, /\+ 2 created/.test(up.stdout), "the stack and the policy");
  assertStatuses(h, hsm, seeded);
  assert.deepEqual(
    writesTo(h).sort(),
    [...seeded.approved, ...seeded.rejected].map((n) => `PUT ${n}`).sort(),
    `one PUT per changed connection:\n${describeRequests(h.armWrites())}`,
  );
  return up;
}

describe("e2e: examples/policy, an approval policy by rule", function () {
  let h: EngineHarness;
  useEngineHarness((started) => (h = started), log);

  describe("onDelete delete: up, the drift check, up again, destroy", () => {
    const HSM = "hsm-policy";
    let stack: PulumiStack;
    let seeded: Seeded;

    before(async function () {
      seeded = seed(h, HSM);
      stack = await policyStack(h, HSM, "delete", seeded.excluded);
    });
    after(async function () {
      this.timeout(300_000);
      await destroyQuietly(stack);
    });

    it("up approves the matching connections and rejects the rest; outputs say which rule decided", async () => {
      await upAndCheck(h, stack, HSM, seeded);
      const outputs = await stack.outputs();
      assert.deepEqual(outputs.counts, {
        total: 8,
        approved: 4,
        rejected: 3,
        pending: 1,
        disconnected: 0,
        excluded: 1,
        // The three of the allowed subscription and the partner's shared endpoint; the rejected
        // ones no rule matched (`otherwise`).
        byRule: { "platform-subscriptions": 3, "partner-shared-endpoints": 1 },
      });
      const decisions = outputs.decisions as { name: string; status: string; rule?: string }[];
      assert.equal(
        decisions.find((d) => d.name === seeded.approved[0])?.rule,
        "platform-subscriptions",
      );
      assert.equal(
        decisions.find((d) => d.name === seeded.approved[3])?.rule,
        "partner-shared-endpoints",
      );
      assert.equal(decisions.find((d) => d.name === seeded.rejected[0])?.rule, undefined);
      const outsider = decisions.find((d) => d.name === seeded.rejected[2]);
      assert.equal(outsider?.status, "Rejected", "a shared name from an unknown subscription");
      const [policy] = await stack.resources(POLICY_TYPE);
      assert.match(policy.id ?? "", /\/managedHSMs\/hsm-policy\/privateEndpointConnectionPolicy$/);
    });

    it("the drift check passes while nothing waits for a decision, and writes nothing", async () => {
      const check = await stack.preview(["--refresh", "--expect-no-changes"], {
        allowFailure: true,
      });
      assertOutput(check, check.code === 0, "preview --refresh --expect-no-changes passes");
      assert.deepEqual(h.armWrites(), []);
    });

    it("a new consumer connection fails the drift check (exit 7), named; up approves it", async () => {
      const late = h.control.createConnection({
        resourceGroupName: RG,
        parentName: HSM,
        privateEndpointId: endpointId(SUB_OK, "pe-app-late"),
      }).name;
      const check = await stack.preview(["--refresh", "--expect-no-changes"], {
        allowFailure: true,
      });
      assertOutput(
        check,
        check.code === EXIT_NO_CHANGES_EXPECTED,
        `exit code ${EXIT_NO_CHANGES_EXPECTED}`,
      );
      assertOutput(
        check,
        check.stdout.includes(`would approve 1 (${late})`),
        "the preview names the connection",
      );
      assert.deepEqual(h.armWrites(), [], "a preview never writes");
      assert.equal(statusOf(h, HSM, late), "Pending");

      const up = await stack.up();
      assertOutput(up, /~ 1 updated/.test(up.stdout), "the policy is updated");
      assert.equal(statusOf(h, HSM, late), "Approved");
      assert.deepEqual(writesTo(h), [`PUT ${late}`]);
      seeded.approved.push(late);
      const clean = await stack.preview(["--refresh", "--expect-no-changes"], {
        allowFailure: true,
      });
      assertOutput(clean, clean.code === 0, "no drift left");
    });

    it("destroy deletes each connection the policy approved, and only those", async () => {
      const destroy = await stack.destroy();
      assertOutput(destroy, /- 2 deleted/.test(destroy.stdout), "the policy and the stack");
      for (const name of seeded.approved)
        assert.equal(h.connection(HSM, name), undefined, `${name} deleted`);
      for (const name of seeded.rejected) assert.equal(statusOf(h, HSM, name), "Rejected");
      assert.equal(statusOf(h, HSM, seeded.excluded), "Pending");
      assert.deepEqual(
        writesTo(h)
          .filter((w) => w.startsWith("DELETE"))
          .sort(),
        seeded.approved.map((n) => `DELETE ${n}`).sort(),
      );
    });
  });

  for (const onDelete of ["reject", "retain"] as const) {
    describe(`onDelete ${onDelete}`, () => {
      const HSM = `hsm-policy-${onDelete}`;
      let stack: PulumiStack;
      let seeded: Seeded;

      before(async function () {
        seeded = seed(h, HSM);
        stack = await policyStack(h, HSM, onDelete, seeded.excluded);
      });
      after(async function () {
        this.timeout(300_000);
        await destroyQuietly(stack);
      });

      it(`up, then destroy ${onDelete === "reject" ? "rejects" : "keeps"} the connections the policy approved`, async () => {
        await upAndCheck(h, stack, HSM, seeded);
        h.control.clearRequestLog();
        const destroy = await stack.destroy();
        assertOutput(destroy, /- 2 deleted/.test(destroy.stdout), "the policy and the stack");
        const expected = onDelete === "reject" ? "Rejected" : "Approved";
        for (const name of seeded.approved) assert.equal(statusOf(h, HSM, name), expected, name);
        assert.equal(statusOf(h, HSM, seeded.excluded), "Pending");
        assert.deepEqual(
          writesTo(h).sort(),
          onDelete === "reject" ? seeded.approved.map((n) => `PUT ${n}`).sort() : [],
        );
        if (onDelete === "retain") {
          assert.deepEqual(h.armRequests(), [], "retain calls ARM not at all");
        }
      });
    });
  }
});
