import { FAST_TIMINGS, startEmulator, type RunningEmulator } from "../emulator";
import { MhsmPrivateEndpointConnectionProvider } from "../provider";
import { DirectLifecycle } from "./lib/directLifecycle";
import { relaunchUnlessEmulatorTrusted } from "./lib/emulatorTrust";
import { EngineLifecycle, propertyChanges } from "./lib/engineLifecycle";
import { findPulumiCli, type PulumiCli } from "./lib/pulumiCli";

/**
 * `npm run demo`: the resource's whole lifecycle against the embedded ARM emulator. It starts
 * the emulator, seeds a Managed HSM with a Pending connection (as a consumer's private
 * endpoint would), and then approves it, detects drift on refresh, restores it, deletes it
 * and confirms it gone. With the Pulumi CLI on PATH (or already built by
 * scripts/install-pulumi-cli.sh) the real engine runs examples/basic; otherwise (or with
 * --direct) the provider is driven as the engine would. The demo never builds the CLI.
 */
const RG = "demo-rg";
const HSM = "demo-hsm";

function step(message: string) {
  console.log(`\n==> ${message}`);
}

async function directDemo(emulator: RunningEmulator, connectionName: string) {
  const lifecycle = new DirectLifecycle(
    new MhsmPrivateEndpointConnectionProvider({ report: (m) => console.log(`    ... ${m}`) }),
  );
  const program = {
    resourceGroupName: RG,
    hsmName: HSM,
    privateEndpointConnectionName: connectionName,
    status: "Approved",
    description: "Approved by the platform team's Pulumi program",
  };
  const ref = { resourceGroupName: RG, parentName: HSM, connectionName };

  step("pulumi up: approve the Pending connection");
  console.log(
    `    ${await lifecycle.up(program)}: status ${lifecycle.outputs?.status}, provisioningState ${lifecycle.outputs?.provisioningState}`,
  );

  step("pulumi up again: nothing to do, no ARM write");
  emulator.control.clearRequestLog();
  console.log(
    `    ${await lifecycle.up(program)}; writes sent: ${emulator.control.requestLog().filter((r) => r.method !== "GET" && r.op !== "token").length}`,
  );

  step("someone rejects the connection by hand (out of band)");
  emulator.control.setConnection(ref, { status: "Rejected", description: "changed in the portal" });

  step("pulumi refresh: drift detected");
  const drifted = await lifecycle.refresh();
  console.log(`    drifted: ${drifted.join(", ")} (status now ${lifecycle.outputs?.status})`);
  if (drifted.length === 0) throw new Error("the refresh did not detect the drift");

  step("pulumi up: the declared state is restored");
  console.log(`    ${await lifecycle.up(program)}: status ${lifecycle.outputs?.status}`);

  step("pulumi destroy: DELETE long-running operation, waited for");
  await lifecycle.destroy();
  const gone = emulator.control.getConnection(ref) === undefined;
  console.log(`    deleted; ARM confirms it gone: ${gone}`);
  if (!gone) throw new Error("the connection still exists after destroy");
}

async function engineDemo(emulator: RunningEmulator, connectionName: string, cli: PulumiCli) {
  const ref = { resourceGroupName: RG, parentName: HSM, connectionName };
  const arm = () => emulator.control.getConnection(ref);
  const armState = () => {
    const c = arm();
    return c
      ? `status ${c.properties.privateLinkServiceConnectionState.status}, provisioningState ${c.properties.provisioningState}`
      : "gone";
  };
  const writes = () =>
    emulator.control.requestLog().filter((r) => r.method === "PUT" || r.method === "DELETE").length;

  step("pulumi stack init + pulumi config set (examples/basic, copied to a temporary directory)");
  const lifecycle = await EngineLifecycle.start({
    cli,
    env: emulator.env(),
    config: {
      resourceGroupName: RG,
      hsmName: HSM,
      connectionName,
      status: "Approved",
      description: "Approved by the platform team's Pulumi program",
    },
    onOutput: (line) => {
      if (line.trim() !== "") console.log(`    | ${line}`);
    },
  });
  try {
    step("pulumi up: approve the Pending connection");
    const up = await lifecycle.up();
    console.log(`    engine: ${up.changes.join(", ")}; ARM: ${armState()}`);
    if (arm()?.properties.privateLinkServiceConnectionState.status !== "Approved") {
      throw new Error("the connection is not Approved after pulumi up");
    }

    step("pulumi up again: nothing to do, no ARM write");
    emulator.control.clearRequestLog();
    const again = await lifecycle.up();
    console.log(`    engine: ${again.changes.join(", ")}; ARM writes sent: ${writes()}`);
    if (writes() !== 0) throw new Error("the second pulumi up wrote to ARM");

    step("someone rejects the connection by hand (out of band)");
    emulator.control.setConnection(ref, {
      status: "Rejected",
      description: "changed in the portal",
    });
    console.log(`    ARM: ${armState()}`);

    step("pulumi refresh: drift detected");
    const refresh = await lifecycle.refresh();
    const drifted = propertyChanges(refresh.result.stdout).filter((c) =>
      /^(status|description):/.test(c),
    );
    console.log(`    engine: ${refresh.changes.join(", ")}; drifted: ${drifted.join("; ")}`);
    if (!drifted.some((c) => c.startsWith("status:"))) {
      throw new Error("the refresh did not report the drift");
    }

    step("pulumi up: the declared state is restored");
    const restore = await lifecycle.up();
    console.log(`    engine: ${restore.changes.join(", ")}; ARM: ${armState()}`);
    if (arm()?.properties.privateLinkServiceConnectionState.status !== "Approved") {
      throw new Error("pulumi up did not restore the declared state");
    }

    step("pulumi destroy: DELETE long-running operation, waited for");
    const destroy = await lifecycle.destroy();
    console.log(
      `    engine: ${destroy.changes.join(", ")}; ARM confirms it gone: ${arm() === undefined}`,
    );
    if (arm() !== undefined) throw new Error("the connection still exists after pulumi destroy");
  } finally {
    lifecycle.dispose();
  }
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
  try {
    console.log(`    ARM endpoint and authority: ${emulator.url}; CA: ${emulator.caPath}`);
    emulator.control.createParent({ resourceGroupName: RG, name: HSM });
    const pending = emulator.control.createConnection({ resourceGroupName: RG, parentName: HSM });
    console.log(`    seeded Managed HSM '${HSM}' with connection '${pending.name}' (Pending)`);
    const cli = process.argv.includes("--direct") ? undefined : findPulumiCli();
    if (cli) {
      console.log(
        `    Pulumi CLI ${cli.version} (${cli.source}: ${cli.binDir}): the real engine runs examples/basic`,
      );
      await engineDemo(emulator, pending.name, cli);
    } else {
      console.log(
        process.argv.includes("--direct")
          ? "    --direct: the provider is driven as the engine would drive it"
          : "    no Pulumi CLI on PATH or in ~/.cache/pulumi-cli (`bash scripts/install-pulumi-cli.sh` builds it):\n" +
              "    the provider is driven as the engine would drive it",
      );
      await directDemo(emulator, pending.name);
    }
    step("done: approved, drift detected, restored, deleted and confirmed gone");
  } finally {
    process.env = saved;
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
