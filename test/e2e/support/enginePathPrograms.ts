import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import {
  MHSM_CONNECTION_TOKEN,
  MHSM_POLICY_TOKEN,
  PLUGIN_NAME,
} from "../../../provider/plugin/tokens";
import { PulumiStack } from "../../../tools/lib/pulumiStack";
import { REPO_ROOT } from "../../../tools/lib/repoRoot";
import { RG, type EngineHarness } from "./engineHarness";
import { YAML_EXAMPLE, pluginDir } from "./yamlProject";

/**
 * The programs of test/e2e/enginePaths.test.ts: the same declarations (resources, their names and
 * their resource options) as a TypeScript program of the package's classes, whose config they
 * are, and as a Pulumi YAML program of the provider plugin, written anew for each step.
 */

export type OnDelete = "delete" | "reject" | "retain";

export interface ResourceOptions {
  /** Earlier names of the resource (name aliases). */
  aliases?: string[];
  replaceOnChanges?: string[];
  retainOnDelete?: boolean;
  protect?: boolean;
}

export interface DeclaredConnection extends ResourceOptions {
  resource: string;
  connection: string;
  onDelete: OnDelete;
  status?: "Approved" | "Rejected";
}

export interface DeclaredPolicy extends ResourceOptions {
  resource: string;
  hsmName: string;
  approvedSubscriptionIds: string[];
  onDelete: OnDelete;
}

export interface Declarations {
  hsmName: string;
  connections: DeclaredConnection[];
  policy?: DeclaredPolicy;
}

/** One language's program: how its stack is made and how it declares what a step says. */
export interface ProgramFlavor {
  label: string;
  /** The type tokens in the state, for connections and (where served) the policy. */
  connectionType: string;
  policyType?: string;
  newStack(h: EngineHarness, stackName: string): Promise<PulumiStack>;
  declare(stack: PulumiStack, declared: Declarations): Promise<void>;
}

const TS_PROGRAM = path.join(REPO_ROOT, "test", "e2e", "programs", "engine-paths");
const DYNAMIC = "pulumi-nodejs:dynamic/keyvault:";

export const TYPESCRIPT: ProgramFlavor = {
  label: "TypeScript (dynamic provider)",
  connectionType: `${DYNAMIC}MhsmPrivateEndpointConnection`,
  policyType: `${DYNAMIC}MhsmPrivateEndpointConnectionPolicy`,
  async newStack(h, stackName) {
    const project = h.workspace.prepareProject(TS_PROGRAM, {
      name: `engine-paths-${stackName}`,
      packageDir: h.packageDir,
    });
    return PulumiStack.init(h.workspace, project.dir, stackName);
  },
  async declare(stack, declared) {
    await stack.setConfig({
      resourceGroupName: RG,
      hsmName: declared.hsmName,
      connections: JSON.stringify(declared.connections),
      policy: JSON.stringify(declared.policy ?? null),
    });
  },
};

const YAML_PROJECT = "engine-paths-yaml";

/** The plugin from the suite's snapshot of the package. */
export function yamlFlavor(h: EngineHarness): ProgramFlavor {
  const urn = (stack: PulumiStack, type: string, name: string) =>
    `urn:pulumi:${stack.name}::${YAML_PROJECT}::${type}::${name}`;
  const options = (stack: PulumiStack, type: string, declared: ResourceOptions) =>
    withoutUndefined({
      aliases: declared.aliases?.map((name) => urn(stack, type, name)),
      replaceOnChanges: declared.replaceOnChanges,
      retainOnDelete: declared.retainOnDelete,
      protect: declared.protect,
    });
  return {
    label: "Pulumi YAML (provider plugin)",
    connectionType: MHSM_CONNECTION_TOKEN,
    policyType: MHSM_POLICY_TOKEN,
    async newStack(_h, stackName) {
      const project = h.workspace.prepareProject(YAML_EXAMPLE, {
        name: `${YAML_PROJECT}-${stackName}`,
      });
      fs.writeFileSync(
        path.join(project.dir, "Pulumi.yaml"),
        `name: ${YAML_PROJECT}\nruntime: yaml\n`,
      );
      return PulumiStack.init(h.workspace, project.dir, stackName);
    },
    async declare(stack, declared) {
      const resources: Record<string, unknown> = Object.fromEntries(
        declared.connections.map((c) => [
          c.resource,
          {
            type: MHSM_CONNECTION_TOKEN,
            properties: {
              resourceGroupName: RG,
              hsmName: declared.hsmName,
              privateEndpointConnectionName: c.connection,
              status: c.status ?? "Approved",
              onDelete: c.onDelete,
            },
            options: options(stack, MHSM_CONNECTION_TOKEN, c),
          },
        ]),
      );
      const policy = declared.policy;
      if (policy) {
        resources[policy.resource] = {
          type: MHSM_POLICY_TOKEN,
          properties: {
            resourceGroupName: RG,
            hsmName: policy.hsmName,
            rules: [
              {
                name: "consumers",
                action: "Approved",
                match: { subscriptionIds: policy.approvedSubscriptionIds },
              },
            ],
            otherwise: "leave",
            onDelete: policy.onDelete,
          },
          options: options(stack, MHSM_POLICY_TOKEN, policy),
        };
      }
      const program = {
        name: YAML_PROJECT,
        runtime: "yaml",
        plugins: { providers: [{ name: PLUGIN_NAME, path: pluginDir(h) }] },
        resources,
      };
      fs.writeFileSync(path.join(stack.projectDir, "Pulumi.yaml"), stringify(program));
    },
  };
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
