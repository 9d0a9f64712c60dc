import { FAST_TIMINGS, startEmulator, type RunningEmulator } from "../emulator";
import {
  HSM,
  RG,
  directStack,
  engineStack,
  type DemoProgram,
  type DemoStack,
} from "./lib/demoStacks";
import { relaunchUnlessEmulatorTrusted } from "./lib/emulatorTrust";
import { findPulumiCli } from "./lib/pulumiCli";

/**
 * `npm run demo`: the resource's lifecycle against the embedded ARM emulator, and the two
 * kinds of drift Azure makes of it. Two programs (examples/basic): one declares its connection
 * Approved, the other declares another one Rejected. The story: approve; a description edited
 * by hand is restored; the connection declared Rejected is approved by hand, refresh shows it
 * and up rejects it again; the approved connection is rejected by hand, up refuses (Azure
 * does not approve a rejected connection again) and sends no PUT, its consumer re-requests,
 * up approves; destroy waits for the DELETE long-running operation. With the Pulumi CLI on
 * PATH (or built by tools/install-pulumi-cli.sh) the real engine runs the programs;
 * otherwise (or with --direct) the provider is driven as the engine would. It never builds
 * the CLI.
 */

function step(message: string) {
  console.log(`\n==> ${message}`);
}

function expect(condition: boolean, failure: string): void {
  if (!condition) throw new Error(failure);
}

interface Cast {
  emulator: RunningEmulator;
  approved: DemoStack;
  rejected: DemoStack;
  app: DemoProgram;
  guarded: DemoProgram;
}

function armStatus(emulator: RunningEmulator, connectionName: string): string {
  const c = emulator.control.getConnection({
    resourceGroupName: RG,
    parentName: HSM,
    connectionName,
  });
  return c ? c.properties.privateLinkServiceConnectionState.status : "gone";
}

function writesSent(emulator: RunningEmulator): number {
  return emulator.control.requestLog().filter((r) => r.method === "PUT" || r.method === "DELETE")
    .length;
}

async function story({ emulator, approved, rejected, app, guarded }: Cast): Promise<void> {
  const ref = (p: DemoProgram) => ({
    resourceGroupName: RG,
    parentName: HSM,
    connectionName: p.connectionName,
  });
  const arm = (p: DemoProgram) => armStatus(emulator, p.connectionName);

  step("pulumi up (both programs): approve one Pending connection, reject the other");
  console.log(
    `    app: ${(await approved.up()).summary}; guarded: ${(await rejected.up()).summary}`,
  );
  expect(arm(app) === "Approved" && arm(guarded) === "Rejected", "up did not apply the programs");

  step("pulumi up again: nothing to do, no ARM write");
  emulator.control.clearRequestLog();
  console.log(`    ${(await approved.up()).summary}; ARM writes sent: ${writesSent(emulator)}`);
  expect(writesSent(emulator) === 0, "the second up wrote to ARM");

  step("drift 1 (restorable): someone edits the approved connection's description by hand");
  emulator.control.setConnection(ref(app), { description: "edited in the portal" });
  console.log(`    pulumi refresh: ${(await approved.refresh()).join("; ")}`);
  const restored = await approved.up();
  const description = emulator.control.getConnection(ref(app))?.properties
    .privateLinkServiceConnectionState.description;
  console.log(`    pulumi up: ${restored.summary}; ARM's description: "${description}"`);
  expect(description === app.description, "up did not restore the description");

  step("drift 2 (restorable): the connection declared Rejected is approved by hand");
  console.log(
    "    (its consumer asked again, so it was Pending; someone approved it in the portal)",
  );
  emulator.control.requestConnectionAgain(ref(guarded), { requestMessage: "please let us in" });
  emulator.control.setConnection(ref(guarded), {
    status: "Approved",
    description: "approved by hand",
  });
  const approvedByHand = await rejected.refresh();
  console.log(`    pulumi refresh: ${approvedByHand.join("; ")}`);
  expect(
    approvedByHand.some((c) => c.startsWith("status")),
    "refresh did not show the approval",
  );
  console.log(`    pulumi up: ${(await rejected.up()).summary}; ARM: ${arm(guarded)}`);
  expect(arm(guarded) === "Rejected", "up did not reject the connection again");

  step("drift 3 (only the consumer can undo it): the approved connection is rejected by hand");
  emulator.control.setConnection(ref(app), {
    status: "Rejected",
    description: "rejected in the portal",
  });
  console.log(`    pulumi refresh: ${(await approved.refresh()).join("; ")}`);
  emulator.control.clearRequestLog();
  const refused = await approved.up();
  console.log(`    pulumi up refuses: ${refused.error ?? "(it did not)"}`);
  console.log(
    `    PUTs sent: ${emulator.control.requestLog().filter((r) => r.method === "PUT").length}`,
  );
  expect(
    refused.error !== undefined && writesSent(emulator) === 0,
    "up did not refuse without a PUT",
  );
  emulator.control.requestConnectionAgain(ref(app), { requestMessage: "please approve us again" });
  console.log(`    the consumer re-requests (emulator control API); ARM: ${arm(app)}`);
  console.log(`    pulumi up: ${(await approved.up()).summary}; ARM: ${arm(app)}`);
  expect(arm(app) === "Approved", "up did not approve the re-requested connection");

  step("pulumi destroy (both programs): DELETE long-running operations, waited for");
  console.log(`    app: ${await approved.destroy()}; guarded: ${await rejected.destroy()}`);
  console.log(`    ARM: app ${arm(app)}, guarded ${arm(guarded)}`);
  expect(arm(app) === "gone" && arm(guarded) === "gone", "a connection still exists after destroy");
}

async function main() {
  if (!relaunchUnlessEmulatorTrusted(__filename)) {
    return;
  }
  step("starting the ARM emulator on 127.0.0.1");
  const emulator = await startEmulator({
    behavior: {
      ...FAST_TIMINGS,
      putDurationMs: 1500,
      deleteDurationMs: 2000,
      putRetryAfterSeconds: 1,
      deleteRetryAfterSeconds: 1,
    },
  });
  const saved = { ...process.env };
  Object.assign(process.env, emulator.env());
  const stacks: DemoStack[] = [];
  try {
    console.log(`    ARM endpoint and authority: ${emulator.url}; CA: ${emulator.caPath}`);
    emulator.control.createParent({ resourceGroupName: RG, parentName: HSM });
    const seed = () =>
      emulator.control.createConnection({ resourceGroupName: RG, parentName: HSM }).name;
    const app: DemoProgram = {
      connectionName: seed(),
      status: "Approved",
      description: "Approved by the platform team",
    };
    const guarded: DemoProgram = {
      connectionName: seed(),
      status: "Rejected",
      description: "Not an approved consumer",
    };
    console.log(`    seeded Managed HSM '${HSM}' with two Pending connections:`);
    console.log(
      `    app '${app.connectionName}' (declared Approved), guarded '${guarded.connectionName}' (declared Rejected)`,
    );
    const cli = process.argv.includes("--direct") ? undefined : findPulumiCli();
    const log = (line: string) => console.log(line);
    if (cli) {
      console.log(
        `    Pulumi CLI ${cli.version} (${cli.source}: ${cli.binDir}): the real engine runs examples/basic`,
      );
      stacks.push(await engineStack(emulator, cli, app, "app", log));
      stacks.push(await engineStack(emulator, cli, guarded, "guarded", log));
    } else {
      console.log(
        process.argv.includes("--direct")
          ? "    --direct: the provider is driven as the engine would drive it"
          : "    no Pulumi CLI on PATH or in ~/.cache/pulumi-cli (`bash tools/install-pulumi-cli.sh` builds it):\n" +
              "    the provider is driven as the engine would drive it",
      );
      stacks.push(directStack(app, log), directStack(guarded, log));
    }
    await story({ emulator, approved: stacks[0], rejected: stacks[1], app, guarded });
    step(
      "done: approved; two restorable drifts put back; one refused until the consumer asked again; deleted",
    );
  } finally {
    stacks.forEach((s) => s.dispose());
    process.env = saved;
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
