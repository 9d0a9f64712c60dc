import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_CLIENT_SECRET } from "../../emulator";
import { TEST_CERT_DIR } from "./support/emulator";
import { childEnv, finished, runNode, waitForOutput } from "./support/processes";

const CLI = path.join(__dirname, "..", "..", "emulator", "cli.js");

function startCli(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [CLI, "--port", "0", "--cert-dir", TEST_CERT_DIR, ...args], {
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** The printed `export NAME=value` lines, as a map. */
function exportsOf(output: string): Record<string, string> {
  return Object.fromEntries(
    [...output.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]] as [string, string]),
  );
}

describe("emulator CLI", function () {
  this.timeout(20_000);

  it("starts, prints the URL, the CA and the environment, serves the seed, and stops on SIGINT", async () => {
    const child = startCli(["--seed"]);
    const done = finished(child, 15_000);
    const output = await waitForOutput(child, "Press Ctrl+C", 10_000);
    const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    assert.ok(url, output);
    const caPath = /CA certificate to trust: (.+)$/m.exec(output)?.[1] ?? "";
    assert.equal(caPath, path.join(TEST_CERT_DIR, "ca.pem"));
    const env = exportsOf(output);
    assert.equal(env.AZURE_RESOURCE_MANAGER_ENDPOINT, url);
    assert.equal(env.AZURE_AUTHORITY_HOST, url);
    assert.equal(env.NODE_EXTRA_CA_CERTS, caPath);
    assert.equal(
      env.AZURE_CLIENT_SECRET,
      DEFAULT_CLIENT_SECRET,
      "the well-known default may be printed",
    );

    const listed = await runNode(
      [
        "-e",
        "fetch(process.argv[1]).then((r) => r.text()).then((t) => console.log(t))",
        `${url}/_emulator/connections?resourceGroupName=demo-rg&parentName=demo-hsm`,
      ],
      childEnv({ NODE_EXTRA_CA_CERTS: caPath }),
    );
    const connections = JSON.parse(listed.stdout) as Array<{
      name: string;
      properties: { privateLinkServiceConnectionState: { status: string } };
    }>;
    assert.equal(connections.length, 1);
    assert.equal(connections[0].properties.privateLinkServiceConnectionState.status, "Pending");
    assert.match(output, /^Seeded: managed HSM 'demo-hsm' in resource group 'demo-rg'$/m);
    assert.equal(
      /^Seeded connection: (\S+) \(Pending\)$/m.exec(output)?.[1],
      connections[0].name,
      "the seeded connection's name is printed",
    );

    child.kill("SIGINT");
    const exit = await done;
    assert.equal(exit.code, 0, exit.stderr);
  });

  it("never prints a client secret the user gave in MHSM_EMULATOR_CLIENT_SECRET", async () => {
    const secret = "user-secret-Zq9-do-not-print";
    const child = startCli([], { MHSM_EMULATOR_CLIENT_SECRET: secret });
    const done = finished(child, 15_000);
    await waitForOutput(child, "Press Ctrl+C", 10_000);
    child.kill("SIGTERM");
    const exit = await done;
    assert.equal(exit.code, 0);
    assert.ok(
      !exit.stdout.includes(secret) && !exit.stderr.includes(secret),
      "the secret was printed",
    );
    assert.equal(exportsOf(exit.stdout).AZURE_CLIENT_SECRET, '"$MHSM_EMULATOR_CLIENT_SECRET"');
  });

  it("keeps its state in --state across runs without seeding twice", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mhsm-emulator-cli-"));
    try {
      const stateFile = path.join(dir, "state.json");
      for (let run = 0; run < 2; run++) {
        const child = startCli(["--seed", "--state", stateFile]);
        const done = finished(child, 15_000);
        await waitForOutput(child, "Press Ctrl+C", 10_000);
        child.kill("SIGINT");
        assert.equal((await done).code, 0);
      }
      const state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as { connections: unknown[] };
      assert.equal(state.connections.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints usage for --help and fails on an unknown flag", async () => {
    const help = await runNode([CLI, "--help"], childEnv());
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--port N[\s\S]*--state FILE[\s\S]*--cert-dir DIR[\s\S]*--seed/);
    const bad = await runNode([CLI, "--bogus"], childEnv());
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bogus/);
  });

  it("starts with a shebang so it can be a package bin", () => {
    assert.ok(fs.readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node\n"));
  });
});
