import type { ServiceProfile } from "./profile";

/**
 * Microsoft.KeyVault's two private-link types. The api-versions: learn.microsoft.com's
 * resource-type version list, plus 2024-11-01, 2025-05-01 and 2026-02-01 from
 * azure-rest-api-specs, and 2026-05-15, the default of azure-mgmt-keyvault 14.1.0 on PyPI.
 * Every one is answered with the 2025-05-01 shapes, the same for these resources in every
 * version known. Their PUT and DELETE follow the behavior's Key Vault settings (asyncStyle,
 * deleteMode, responseShape ...), as recorded (test_hsm_private_endpoint_connection.yaml).
 */
const VAULT_API_VERSIONS = [
  "2015-06-01",
  "2016-10-01",
  "2018-02-14-preview",
  "2018-02-14",
  "2019-09-01",
  "2020-04-01-preview",
  "2021-04-01-preview",
  "2021-06-01-preview",
  "2021-10-01",
  "2021-11-01-preview",
  "2022-02-01-preview",
  "2022-07-01",
  "2022-11-01",
  "2023-02-01",
  "2023-07-01",
  "2024-04-01-preview",
  "2024-11-01",
  "2024-12-01-preview",
  "2025-05-01",
  "2026-02-01",
  "2026-05-15",
] as const;

/** Managed HSM arrived with 2020-04-01-preview. */
const MANAGED_HSM_API_VERSIONS = VAULT_API_VERSIONS.slice(
  VAULT_API_VERSIONS.indexOf("2020-04-01-preview"),
);

/**
 * The recording answers the vault's type for an HSM's connection too (the service shares the
 * vault code path); the spec's examples say "Microsoft.KeyVault/managedhsms/...". The
 * recording is what ARM does.
 */
const CONNECTION_TYPE = "Microsoft.KeyVault/vaults/privateEndpointConnections";

const COMMON = {
  collection: "privateEndpointConnections",
  connectionType: CONNECTION_TYPE,
  put: { style: "keyVault" },
  remove: { style: "keyVault" },
  absentDelete: 204,
  rules: "azure",
  statuses: ["Pending", "Approved", "Rejected", "Disconnected"],
  actionsRequiredValues: ["None"],
  actionsRequiredField: "actionsRequired",
  provisioning: { ready: "Succeeded", updating: { "*": "Updating" }, deleting: "Deleting" },
  runningPoll: { httpStatus: 200, status: "InProgress" },
  naming: "endpointDotGuid",
  parentEmbedsConnections: true,
} as const satisfies Partial<ServiceProfile>;

const MANAGED_HSM: ServiceProfile = {
  ...COMMON,
  resourceType: "Microsoft.KeyVault/managedHSMs",
  apiVersions: MANAGED_HSM_API_VERSIONS,
  absentGet: { status: 404, code: "ResourceNotFound" },
  parentTopLevel: { sku: { family: "B", name: "Standard_B1" } },
  parentProperties: (name, tenantId) => ({
    tenantId,
    hsmUri: `https://${name.toLowerCase()}.managedhsm.azure.net/`,
    initialAdminObjectIds: [],
    enableSoftDelete: true,
    softDeleteRetentionInDays: 90,
    enablePurgeProtection: false,
    statusMessage: "The Managed HSM is provisioned and ready to use.",
    networkAcls: {
      bypass: "AzureServices",
      defaultAction: "Allow",
      ipRules: [],
      virtualNetworkRules: [],
    },
    publicNetworkAccess: "Enabled",
    regions: [],
    securityDomainProperties: {
      activationStatus: "Active",
      activationStatusMessage:
        "Your HSM has been activated and can be used for cryptographic operations.",
    },
  }),
};

const VAULT: ServiceProfile = {
  ...COMMON,
  resourceType: "Microsoft.KeyVault/vaults",
  apiVersions: VAULT_API_VERSIONS,
  // The vault spec declares 204 for a connection that does not exist; the HSM spec does not.
  absentGet: { status: 204 },
  parentProperties: (name, tenantId) => ({
    sku: { family: "A", name: "standard" },
    tenantId,
    accessPolicies: [],
    enabledForDeployment: false,
    enabledForDiskEncryption: false,
    enabledForTemplateDeployment: false,
    enableSoftDelete: true,
    softDeleteRetentionInDays: 90,
    enableRbacAuthorization: true,
    vaultUri: `https://${name.toLowerCase()}.vault.azure.net/`,
    publicNetworkAccess: "Enabled",
  }),
};

export const KEY_VAULT_PROFILES: readonly ServiceProfile[] = [MANAGED_HSM, VAULT];
