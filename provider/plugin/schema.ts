/**
 * The plugin's package schema, built from the same TypeScript interfaces the hooks take and
 * return (schemaTypes.ts makes a missing or invented property a compile error).
 */

import { MAX_DESCRIPTION_LENGTH, MAX_WAIT_FOR_CONNECTION_SECONDS } from "../arm/nameRules";
import { KEY_VAULT, MANAGED_HSM, type ParentKind } from "../arm/parentKinds";
import { API_VERSION, SUBSCRIPTION_ENV_VARS } from "../config";
import {
  DECLARABLE_STATUSES,
  DEFAULT_CONNECTION_ON_DELETE,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  ON_DELETE_VALUES,
  type ConnectionInputs,
  type ConnectionOutputs,
  type Timeouts,
} from "../inputs";
import { DECISION_OUTPUT, DECISION_TYPES } from "./decisionSchema";
import { ANY_POLICY, KEY_VAULT_POLICY, MHSM_POLICY, POLICY_TYPES } from "./policySchema";
import {
  withoutParentNameParts,
  type ByParentId,
  type ObjectTypeSpec,
  type PackageSpec,
  type PropertiesOf,
  type ResourceSpec,
} from "./schemaTypes";
import {
  CONNECTION_TOKEN,
  POLICY_TOKEN,
  KEY_VAULT_CONNECTION_TOKEN,
  KEY_VAULT_POLICY_TOKEN,
  MHSM_CONNECTION_TOKEN,
  MHSM_POLICY_TOKEN,
  PLUGIN_NAME,
  TIMEOUTS_TOKEN,
} from "./tokens";

/**
 * The Go module path is a placeholder until the package has a public repository: a user who
 * generates the Go SDK vendors it under a path of their own (docs/installation-configuration.md).
 */
export const GO_IMPORT_BASE_PATH = "example.com/pulumi-azure-mhsm-pec/sdk/go/azuremhsmpec";

type CommonInputs = Omit<ConnectionInputs, "hsmName" | "vaultName" | "parentResourceId">;
type CommonOutputs = Omit<ConnectionOutputs, "hsmName" | "vaultName" | "parentResourceId">;

const timeoutSeconds = (operation: string) => ({
  type: "number" as const,
  description: `Seconds to wait for ARM to finish the ${operation} (default ${DEFAULT_TIMEOUT_SECONDS}, at most ${MAX_TIMEOUT_SECONDS}).`,
});

const TIMEOUTS: ObjectTypeSpec<Timeouts> = {
  type: "object",
  description: "Deadlines in seconds for ARM operations.",
  properties: {
    create: timeoutSeconds("create (approve or reject)"),
    update: timeoutSeconds("update (and each refresh's read)"),
    delete: timeoutSeconds("delete, until ARM answers that the connection is gone"),
  },
};

const COMMON_INPUTS: PropertiesOf<CommonInputs> = {
  subscriptionId: {
    type: "string",
    description: `The Azure subscription. Default: ${SUBSCRIPTION_ENV_VARS.join(", else ")} from the environment.`,
    defaultInfo: { environment: [...SUBSCRIPTION_ENV_VARS] },
  },
  resourceGroupName: {
    type: "string",
    description: "The resource group of the parent resource.",
  },
  privateEndpointConnectionName: {
    type: "string",
    description:
      'The name ARM gave the connection (usually "<private endpoint name>.<guid>"). Set exactly one of this and privateEndpointId.',
  },
  privateEndpointId: {
    type: "string",
    description:
      "The consumer's private endpoint (its ARM id): selects the connection it created, whatever its generated name. Set exactly one of this and privateEndpointConnectionName.",
  },
  waitForConnectionSeconds: {
    type: "number",
    description: `How long to wait for the connection to appear, e.g. while the endpoint is being created (0 to ${MAX_WAIT_FOR_CONNECTION_SECONDS}). Default 0: it must exist.`,
  },
  status: {
    type: "string",
    description: `The declared approval state: ${DECLARABLE_STATUSES.map((s) => `"${s}"`).join(" or ")} (case-sensitive). Default "Approved".`,
  },
  description: {
    type: "string",
    description: `The reason recorded with the approval state (at most ${MAX_DESCRIPTION_LENGTH} characters).`,
  },
  timeouts: {
    $ref: `#/types/${TIMEOUTS_TOKEN}`,
    description: "Deadlines in seconds for ARM operations (defaults 1800 each).",
  },
  onDelete: {
    type: "string",
    description:
      `What deleting the resource (destroy, removal, replace) does to the connection: ${ON_DELETE_VALUES.map((v) => `"${v}"`).join(", ")} (case-sensitive). ` +
      `"delete" deletes it through ARM's long-running DELETE; "reject" sets it Rejected with a description saying why and leaves it (Azure never lets it be approved again); "retain" leaves it with no ARM call. ` +
      `The value recorded at the last up applies; changing it is an update with no ARM write. Default "${DEFAULT_CONNECTION_ON_DELETE}".`,
  },
};

const COMMON_OUTPUTS: PropertiesOf<CommonOutputs> = {
  ...COMMON_INPUTS,
  privateEndpointConnectionName: {
    type: "string",
    description: "The connection's name, as given or as resolved from privateEndpointId.",
  },
  status: {
    type: "string",
    description:
      "ARM's status at the last read: the declared one unless it drifted (Pending, Disconnected, ...).",
  },
  description: {
    type: "string",
    description: "ARM's description at the last read (empty when none).",
  },
  connectionId: {
    type: "string",
    description: "The connection's full ARM id; also the resource's id.",
  },
  provisioningState: {
    type: "string",
    description: "ARM's provisioningState at the last read.",
  },
  actionsRequired: {
    type: "string",
    description: "ARM's actionsRequired at the last read.",
  },
  privateEndpointId: {
    type: "string",
    description: "The consumer's private endpoint, as ARM reports it.",
  },
  etag: {
    type: "string",
    description: "ARM's etag of the connection at the last read.",
  },
  decision: DECISION_OUTPUT,
};

const ALWAYS_SET_OUTPUTS = [
  "subscriptionId",
  "resourceGroupName",
  "privateEndpointConnectionName",
  "status",
  "description",
  "connectionId",
  "provisioningState",
  "actionsRequired",
  "privateEndpointId",
  "etag",
] as const satisfies (keyof CommonOutputs)[];

function describe(kind: ParentKind): string {
  const armType = `Microsoft.KeyVault/${kind.armType}/privateEndpointConnections`;
  return (
    `Declares the approval state (Approved or Rejected) of an existing private endpoint connection of a ${kind.displayName} (${armType}, api-version ${API_VERSION}). ` +
    "Deleting the resource applies onDelete: by default it deletes the connection through ARM's long-running DELETE and waits until it is gone. " +
    "Import an existing connection by its ARM id."
  );
}

const HSM_NAME = {
  type: "string" as const,
  description: "The Managed HSM pool the connection belongs to.",
};
const VAULT_NAME = {
  type: "string" as const,
  description: "The key vault the connection belongs to.",
};

const MHSM_CONNECTION: ResourceSpec<
  Omit<ConnectionInputs, "vaultName" | "parentResourceId">,
  Omit<ConnectionOutputs, "vaultName" | "parentResourceId">
> = {
  description: describe(MANAGED_HSM),
  inputProperties: { ...COMMON_INPUTS, hsmName: HSM_NAME },
  requiredInputs: ["resourceGroupName", "hsmName"],
  properties: { ...COMMON_OUTPUTS, hsmName: HSM_NAME },
  required: [...ALWAYS_SET_OUTPUTS, "hsmName"],
};

const KEY_VAULT_CONNECTION: ResourceSpec<
  Omit<ConnectionInputs, "hsmName" | "parentResourceId">,
  Omit<ConnectionOutputs, "hsmName" | "parentResourceId">
> = {
  description: describe(KEY_VAULT),
  inputProperties: { ...COMMON_INPUTS, vaultName: VAULT_NAME },
  requiredInputs: ["resourceGroupName", "vaultName"],
  properties: { ...COMMON_OUTPUTS, vaultName: VAULT_NAME },
  required: [...ALWAYS_SET_OUTPUTS, "vaultName"],
};

type AnyInputs = ByParentId<ConnectionInputs>;
type AnyOutputs = ByParentId<ConnectionOutputs>;

const PARENT_RESOURCE_ID = {
  type: "string" as const,
  description:
    "The ARM id of the private-link resource (any service: a storage account, SQL server, Cosmos DB account, container registry, App Service site, Managed HSM, key vault, ...): /subscriptions/{id}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}. A type the provider has no profile of is looked up in ARM's provider registration at preview. Changing it replaces the resource.",
};

const ANY_INPUTS = withoutParentNameParts(COMMON_INPUTS);
const ANY_OUTPUTS = withoutParentNameParts(COMMON_OUTPUTS);

const ANY_CONNECTION: ResourceSpec<AnyInputs, AnyOutputs> = {
  description:
    "Declares the approval state (Approved or Rejected) of an existing private endpoint connection of any private-link resource, given by its ARM id (parentResourceId), as its service answers ARM (api-version, waiting, status rules). " +
    "Deleting the resource applies onDelete: by default it deletes the connection through ARM's long-running DELETE and waits until it is gone. " +
    "Import an existing connection by its ARM id.",
  inputProperties: { ...ANY_INPUTS, parentResourceId: PARENT_RESOURCE_ID },
  requiredInputs: ["parentResourceId"],
  properties: { ...ANY_OUTPUTS, parentResourceId: PARENT_RESOURCE_ID },
  required: [
    ...ALWAYS_SET_OUTPUTS.filter(
      (p): p is Exclude<typeof p, "subscriptionId" | "resourceGroupName"> =>
        p !== "subscriptionId" && p !== "resourceGroupName",
    ),
    "parentResourceId",
  ],
};

/**
 * The plugin's archives as GitHub release assets of the project (docs/release.md); a release
 * for another place sets its own (`npm run release -- --plugin-download-url`).
 */
export const DEFAULT_PLUGIN_DOWNLOAD_URL =
  "github://api.github.com/pulumi-azure-mhsm-pec/pulumi-azure-mhsm-pec";

/** The package's repository, where the Registry reads docs/ and the logo. */
export const REPOSITORY_URL = "https://github.com/pulumi-azure-mhsm-pec/pulumi-azure-mhsm-pec";

export function packageSchema(
  version: string,
  pluginDownloadURL: string = DEFAULT_PLUGIN_DOWNLOAD_URL,
): PackageSpec {
  return {
    name: PLUGIN_NAME,
    displayName: "Azure Managed HSM Private Endpoint Connections",
    publisher: "pulumi-azure-mhsm-pec",
    homepage: REPOSITORY_URL,
    repository: REPOSITORY_URL,
    logoUrl:
      "https://raw.githubusercontent.com/pulumi-azure-mhsm-pec/pulumi-azure-mhsm-pec/main/docs/logo.svg",
    version,
    pluginDownloadURL,
    description:
      "Approves, rejects and deletes private endpoint connections of Azure Key Vault Managed HSMs and key vaults.",
    keywords: [
      "pulumi",
      "azure",
      "keyvault",
      "managed-hsm",
      "private-endpoint",
      "category/cloud",
      "kind/native",
    ],
    license: "Apache-2.0",
    meta: { moduleFormat: "(.*)" },
    language: {
      python: { packageName: "pulumi_azure_mhsm_pec" },
      go: { importBasePath: GO_IMPORT_BASE_PATH },
      csharp: { rootNamespace: "Pulumi", packageReferences: { Pulumi: "3.*" } },
      nodejs: { packageName: "pulumi-azure-mhsm-pec-sdk" },
    },
    provider: {
      description:
        "Reads its ARM settings and credentials from the environment, as the dynamic provider does (docs/installation-configuration.md).",
    },
    types: { [TIMEOUTS_TOKEN]: TIMEOUTS, ...DECISION_TYPES, ...POLICY_TYPES },
    resources: {
      [CONNECTION_TOKEN]: ANY_CONNECTION,
      [POLICY_TOKEN]: ANY_POLICY,
      [MHSM_CONNECTION_TOKEN]: MHSM_CONNECTION,
      [KEY_VAULT_CONNECTION_TOKEN]: KEY_VAULT_CONNECTION,
      [MHSM_POLICY_TOKEN]: MHSM_POLICY,
      [KEY_VAULT_POLICY_TOKEN]: KEY_VAULT_POLICY,
    },
  };
}
