import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ensureCertificate, startEmulator, type RunningEmulator } from "../../emulator";
import { processTrustsCa } from "../../tools/lib/emulatorTrust";
import type { CommandResult } from "../../tools/lib/boundedProcess";
import { findOrInstallPulumiCli } from "../../tools/lib/pulumiCli";
import { PulumiStack } from "../../tools/lib/pulumiStack";
import { PulumiWorkspace } from "../../tools/lib/pulumiWorkspace";
import { REPO_ROOT } from "../../tools/lib/repoRoot";
import { assertOutput, destroyQuietly, log, output } from "./support/commandOutput";
import { E2E_BEHAVIOR, RG, filesUnder } from "./support/engineHarness";

/**
 * examples/gitops under the real Pulumi CLI against the emulator, with only what the pipeline
 * would hand the program: the workflow's own `env:` (its `${{ vars.* }}` filled in) plus what
 * GitHub sets for a job with `id-token: write`; or only the variables of the ESC environment.
 * Commands are read from the workflow file, not retyped. Besides them the processes get only
 * where the emulator is (ARM endpoint, authority, its CA): a real pipeline talks to Azure.
 */

const EXAMPLE = path.join(REPO_ROOT, "examples", "gitops");
const AUDIENCE = "api://AzureADTokenExchange";
const GITHUB_SUBJECT = "repo:contoso/platform-infra:ref:refs/heads/main";
const ESC_SUBJECT = "pulumi:environments:org:contoso:env:platform/azure";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean>;
}
interface Workflow {
  permissions: Record<string, string>;
  env: Record<string, string>;
  on: Record<string, unknown>;
  jobs: Record<string, { if?: string; steps: Step[] }>;
}

/** `${{ vars.X }}` and `${{ secrets.X }}` as GitHub would fill them in. */
function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(vars|secrets)\.(\w+)\s*\}\}/g, (_, kind: string, name: string) => {
    const value = kind === "vars" ? vars[name] : undefined;
    return value ?? "";
  });
}

function plumbing(emulator: RunningEmulator): Record<string, string> {
  return {
    AZURE_RESOURCE_MANAGER_ENDPOINT: emulator.url,
    AZURE_AUTHORITY_HOST: emulator.url,
    NODE_EXTRA_CA_CERTS: emulator.caPath,
  };
}

describe("e2e: examples/gitops, as GitHub Actions and Pulumi ESC run it", function () {
  this.timeout(600_000);
  const workflow = parse(
    fs.readFileSync(path.join(EXAMPLE, "workflows", "private-endpoints.yml"), "utf8"),
  ) as Workflow;
  const esc = parse(fs.readFileSync(path.join(EXAMPLE, "esc-environment.yaml"), "utf8")) as {
    values: { environmentVariables: Record<string, string> };
  };
  let emulator: RunningEmulator;
  let workspace: PulumiWorkspace;
  let packageDir: string;
  const stacks: PulumiStack[] = [];

  before(async function () {
    this.timeout(45 * 60_000);
    assert.ok(processTrustsCa(ensureCertificate().caPath), "run through with-emulator-ca");
    const cli = await findOrInstallPulumiCli({ log });
    const clientSecret = `gitops-secret-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    emulator = await startEmulator({ clientSecret, behavior: E2E_BEHAVIOR });
    for (const [name, subject] of [
      ["github-main", GITHUB_SUBJECT],
      ["esc-platform-azure", ESC_SUBJECT],
    ]) {
      emulator.control.addFederatedCredential({
        name,
        issuer: emulator.identities.oidcIssuer,
        subject,
      });
    }
    workspace = new PulumiWorkspace({ cli, env: plumbing(emulator), timeoutMs: 240_000 });
    packageDir = workspace.copyPackage("package");
  });

  after(async function () {
    this.timeout(300_000);
    for (const stack of stacks) await destroyQuietly(stack);
    workspace?.dispose();
    await emulator?.stop();
  });

  async function newStack(name: string, hsmName: string) {
    emulator.control.createParent({ resourceGroupName: RG, parentName: hsmName });
    const connection = emulator.control.createConnection({
      resourceGroupName: RG,
      parentName: hsmName,
      connectionName: `pe-${hsmName}.e2e00000-0000-4000-8000-000000000013`,
    });
    const project = workspace.prepareProject(EXAMPLE, { name, packageDir });
    const stack = await PulumiStack.init(workspace, project.dir, name);
    await stack.setConfig({ resourceGroupName: RG, hsmName, connectionName: connection.name });
    stacks.push(stack);
    return {
      stack,
      ref: { resourceGroupName: RG, parentName: hsmName, connectionName: connection.name },
    };
  }

  describe("GitHub Actions: OIDC through ARM_*, drift check, remediation", () => {
    it("declares id-token: write, OIDC through ARM_*, an up with refresh and a scheduled drift check", () => {
      assert.equal(workflow.permissions["id-token"], "write");
      assert.equal(workflow.env.ARM_USE_OIDC, "true");
      for (const v of ["ARM_CLIENT_ID", "ARM_TENANT_ID", "ARM_SUBSCRIPTION_ID"]) {
        assert.match(workflow.env[v], /\$\{\{ vars\.\w+ \}\}/, v);
      }
      assert.ok(!Object.keys(workflow.env).includes("ARM_CLIENT_SECRET"), "no client secret");
      assert.ok(workflow.on.schedule, "the drift check is scheduled");
      const up = workflow.jobs.up.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
      assert.equal(up?.with?.command, "up");
      assert.equal(up?.with?.refresh, true);
      const drift = workflow.jobs.drift.steps.find((s) => s.name === "Drift check");
      assert.match(drift?.run ?? "", /^pulumi preview --refresh --expect-no-changes /);
    });

    it("the drift check passes on a clean stack, fails (exit 7) after a hand change, and up remediates", async () => {
      const { stack, ref } = await newStack("github", "hsm-gitops-github");
      const vars = {
        AZURE_CLIENT_ID: emulator.clientId,
        AZURE_TENANT_ID: emulator.tenantId,
        AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
        PULUMI_STACK: stack.name,
      };
      // The workflow's env (PULUMI_ACCESS_TOKEN left out: these stacks live in a file backend),
      // and what GitHub sets for a job allowed to ask for an ID token.
      const env: Record<string, string> = {
        ...Object.fromEntries(
          Object.entries(workflow.env)
            .filter(([key]) => key !== "PULUMI_ACCESS_TOKEN")
            .map(([key, value]) => [key, expand(value, vars)]),
        ),
        GITHUB_ACTIONS: "true",
        CI: "true",
        ACTIONS_ID_TOKEN_REQUEST_URL: emulator.identities.oidcRequestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.identities.oidcRequestToken,
      };
      const upStep = workflow.jobs.up.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
      assert.equal(expand(String(upStep?.with?.["stack-name"]), vars), stack.name);
      // What pulumi/actions runs for `command: up` with `refresh: true`.
      const up = () =>
        stack.run(
          [String(upStep?.with?.command), "--yes", ...(upStep?.with?.refresh ? ["--refresh"] : [])],
          {
            env,
          },
        );
      const driftRun = workflow.jobs.drift.steps.find((s) => s.name === "Drift check")?.run ?? "";
      const [binary, ...driftArgs] = expand(driftRun, vars).trim().split(/\s+/);
      assert.equal(binary, "pulumi");
      const driftCheck = () =>
        workspace.pulumi(stack.projectDir, [...driftArgs, "--color", "never"], {
          env,
          allowFailure: true,
        });

      await up();
      assert.equal(
        emulator.control.getConnection(ref)?.properties.privateLinkServiceConnectionState.status,
        "Approved",
      );
      const log1 = emulator.control.requestLog();
      assert.ok(
        log1.some((r) => r.op === "oidcToken" && r.status === 200),
        "asked GitHub's token service",
      );
      assert.ok(
        log1.every((r) => r.op !== "token" || r.status === 200),
        "every token request succeeded",
      );

      const clean: CommandResult = await driftCheck();
      assertOutput(clean, clean.code === 0, "the drift check passes on a clean stack");

      // Drift the pipeline can put back (a rejected connection only its consumer can reopen:
      // Azure refuses to approve it again, and the drift check says so instead).
      emulator.control.setConnection(ref, { description: "changed by hand" });
      const drifted = await driftCheck();
      log(`drift check exit code on drift: ${drifted.code}`);
      assertOutput(
        drifted,
        drifted.code === 7,
        `the drift check fails with exit code 7 (got ${drifted.code})`,
      );

      await up();
      const restored =
        emulator.control.getConnection(ref)?.properties.privateLinkServiceConnectionState;
      assert.equal(restored?.status, "Approved");
      assert.equal(restored?.description, "Kept Approved by the platform pipeline", "restored");
      const after = await driftCheck();
      assertOutput(after, after.code === 0, "no drift after remediation");
    });
  });

  describe("Pulumi ESC: only the variables azure-login exports", () => {
    function escEnv(token: string): Record<string, string> {
      const login: Record<string, string> = {
        "azure.login.clientId": emulator.clientId,
        "azure.login.tenantId": emulator.tenantId,
        // As the ESC documentation writes it.
        "azure.login.subscriptionId": `/subscriptions/${emulator.subscriptionId}`,
        "azure.login.oidc.token": token,
      };
      const variables = esc.values.environmentVariables;
      assert.deepEqual(Object.keys(variables).sort(), [
        "ARM_CLIENT_ID",
        "ARM_OIDC_TOKEN",
        "ARM_SUBSCRIPTION_ID",
        "ARM_TENANT_ID",
        "ARM_USE_OIDC",
      ]);
      return Object.fromEntries(
        Object.entries(variables).map(([key, value]) => [
          key,
          value.replace(/\$\{([\w.]+)\}/g, (_, name: string) => login[name] ?? assert.fail(name)),
        ]),
      );
    }

    it("up, a clean drift check and destroy, with ARM_USE_OIDC, ARM_CLIENT_ID, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID, ARM_OIDC_TOKEN", async () => {
      const { stack, ref } = await newStack("esc", "hsm-gitops-esc");
      const env = escEnv(
        emulator.control.issueOidcToken({ audience: AUDIENCE, subject: ESC_SUBJECT }),
      );
      await stack.run(["up", "--yes", "--refresh"], { env });
      assert.equal(
        emulator.control.getConnection(ref)?.properties.privateLinkServiceConnectionState.status,
        "Approved",
      );
      const drift = await stack.run(["preview", "--refresh", "--expect-no-changes"], {
        env,
        allowFailure: true,
      });
      assertOutput(drift, drift.code === 0, "no drift");
      await stack.destroy([], { env });
      assert.equal(
        emulator.control.getConnection(ref),
        undefined,
        "destroy deleted the connection",
      );
    });

    it("an expired ESC token fails the run with one clear error naming ARM_OIDC_TOKEN", async () => {
      const { stack } = await newStack("esc-expired", "hsm-gitops-expired");
      const env = escEnv(
        emulator.control.issueOidcToken({
          audience: AUDIENCE,
          subject: ESC_SUBJECT,
          lifetimeSeconds: -60,
        }),
      );
      const result = await stack.run(["up", "--yes"], { env, allowFailure: true });
      assertOutput(result, result.code !== 0, "the up fails");
      const text = output(result);
      assertOutput(result, /OIDC token from ARM_OIDC_TOKEN/.test(text), "names the source");
      assertOutput(result, /AADSTS700024/.test(text), "says what Entra said");
    });
  });

  describe("secret hygiene", () => {
    it("a secret azure-native:clientSecret, OIDC tokens and assertions are in no state, output or log", async () => {
      const { stack, ref } = await newStack("config-secret", "hsm-gitops-secret");
      await stack.setConfig({
        "azure-native:clientId": emulator.clientId,
        "azure-native:tenantId": emulator.tenantId,
        "azure-native:subscriptionId": emulator.subscriptionId,
      });
      await workspace.pulumi(stack.projectDir, [
        "config",
        "set",
        "--secret",
        "azure-native:clientSecret",
        emulator.clientSecret,
        "-s",
        stack.name,
      ]);
      // No ARM_* or AZURE_* credential at all: the stack configuration is the only source.
      await stack.up();
      assert.equal(
        emulator.control.getConnection(ref)?.properties.privateLinkServiceConnectionState.status,
        "Approved",
      );
      const state = await stack.exportState();
      const outputs = await stack.outputs();
      await stack.destroy();

      const accessTokens = emulator.control.issuedTokens();
      const oidcTokens = emulator.control.issuedOidcTokens();
      assert.ok(
        accessTokens.length > 0 && oidcTokens.length > 0,
        "tokens of both kinds were issued",
      );
      const secrets = [
        { what: "the client secret", value: emulator.clientSecret },
        { what: "the OIDC request token", value: emulator.identities.oidcRequestToken },
        ...[...accessTokens, ...oidcTokens].flatMap((token, i) => [
          { what: `token ${i}`, value: token },
          { what: `token ${i}'s signature`, value: token.split(".").at(-1) ?? token },
        ]),
      ];
      const scanned = [
        { where: "the exported state", text: JSON.stringify(state) },
        { where: "the outputs", text: JSON.stringify(outputs) },
        ...filesUnder(workspace.backendDir).map((f) => ({ where: f.file, text: f.text })),
        ...filesUnder(workspace.home, (n) => n === "plugins").map((f) => ({
          where: f.file,
          text: f.text,
        })),
        ...filesUnder(path.join(workspace.root, "projects"), (n) => n === "node_modules").map(
          (f) => ({
            where: f.file,
            text: f.text,
          }),
        ),
        ...workspace.transcript.flatMap((r) => [
          { where: `stdout of ${r.command}`, text: r.stdout },
          { where: `stderr of ${r.command}`, text: r.stderr },
        ]),
      ];
      assert.ok(
        scanned.some((s) => s.text.includes("secure:")),
        "the client secret is in the stack's config file, encrypted",
      );
      for (const { where, text } of scanned) {
        for (const { what, value } of secrets) {
          assert.ok(!text.includes(value), `${what} is in ${where}`);
        }
      }
    });
  });
});
