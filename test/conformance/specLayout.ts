import type { EmulatedParentKind } from "../../emulator";

/**
 * Which files of ../shared/azure-spec the conformance tests read, where each came from
 * (SOURCES.txt there), and which operation each example shows. Paths are relative to the
 * spec root, the same in the full copy and in the trimmed one (test/fixtures/spec).
 */

const KEYVAULT = "azure-rest-api-specs/specification/keyvault/resource-manager/Microsoft.KeyVault";
const STABLE_2025 = `${KEYVAULT}/stable/2025-05-01`;

export const SPEC_FILES = {
  managedHsm: `${STABLE_2025}/managedHsm.json`,
  keyvault: `${STABLE_2025}/keyvault.json`,
  common: `${STABLE_2025}/common.json`,
} as const;

/** Not JSON on its own: a verbatim substring of the 2026-02-01 openapi.json (two path items). */
export const EXCERPT_2026 = {
  full: "excerpts/openapi-2026-02-01.MHSM-privateEndpointConnections-paths.EXCERPT.txt",
  trimmed: "excerpts/openapi-2026-02-01.MHSM-privateEndpointConnections-paths.json",
} as const;

export type ExampleOperation = "get" | "put" | "delete" | "list";

export interface ExampleFile {
  path: string;
  kind: EmulatedParentKind;
  apiVersion: string;
  operation: ExampleOperation;
  /** The azure-rest-api-specs commit it was copied from (SOURCES.txt). */
  commit: string;
}

const KV_2026 = `${KEYVAULT}/KeyVault`;

export const EXAMPLE_FILES: readonly ExampleFile[] = [
  {
    path: `${STABLE_2025}/examples/ManagedHsm_getPrivateEndpointConnection.json`,
    kind: "managedHSMs",
    apiVersion: "2025-05-01",
    operation: "get",
    commit: "b85c970dd1a0e695d218cf03fcceb8af3b8cf15c",
  },
  {
    path: `${STABLE_2025}/examples/ManagedHsm_putPrivateEndpointConnection.json`,
    kind: "managedHSMs",
    apiVersion: "2025-05-01",
    operation: "put",
    commit: "d1074d3cb46e773dd8096c2c4fc7b9a7338f2b14",
  },
  {
    path: `${STABLE_2025}/examples/ManagedHsm_deletePrivateEndpointConnection.json`,
    kind: "managedHSMs",
    apiVersion: "2025-05-01",
    operation: "delete",
    commit: "8c389a4afccff1a43cb11ce262965b3644f8baea",
  },
  {
    path: `${STABLE_2025}/examples/ManagedHsm_ListPrivateEndpointConnectionsByResource.json`,
    kind: "managedHSMs",
    apiVersion: "2025-05-01",
    operation: "list",
    commit: "9234700a3e9091772a0e2cd9393d4cee6f3bfe5c",
  },
  {
    path: `${STABLE_2025}/examples/getPrivateEndpointConnection.json`,
    kind: "vaults",
    apiVersion: "2025-05-01",
    operation: "get",
    commit: "d0ff66c6429e99253f5a97a211e8a5ef3cbce1f5",
  },
  {
    path: `${STABLE_2025}/examples/putPrivateEndpointConnection.json`,
    kind: "vaults",
    apiVersion: "2025-05-01",
    operation: "put",
    commit: "a6fb096706483615298773c8c08e5cf1decec31e",
  },
  {
    path: `${STABLE_2025}/examples/deletePrivateEndpointConnection.json`,
    kind: "vaults",
    apiVersion: "2025-05-01",
    operation: "delete",
    commit: "9234700a3e9091772a0e2cd9393d4cee6f3bfe5c",
  },
  {
    path: `${STABLE_2025}/examples/listPrivateEndpointConnection.json`,
    kind: "vaults",
    apiVersion: "2025-05-01",
    operation: "list",
    commit: "b85c970dd1a0e695d218cf03fcceb8af3b8cf15c",
  },
  {
    // The TypeSpec source folder: the stable copy of this one was not available.
    path: `${KV_2026}/examples/2026-02-01/ManagedHsm_getPrivateEndpointConnection.json`,
    kind: "managedHSMs",
    apiVersion: "2026-02-01",
    operation: "get",
    commit: "cd1a17dc3f61db6c461fbe5f952f872d98556b39",
  },
  {
    path: `${KV_2026}/examples/2026-02-01/ManagedHsm_putPrivateEndpointConnection.json`,
    kind: "managedHSMs",
    apiVersion: "2026-02-01",
    operation: "put",
    commit: "b2f7419737799f321a271e9327d0b18417eed538",
  },
  {
    path: `${KV_2026}/stable/2026-02-01/examples/ManagedHsm_deletePrivateEndpointConnection.json`,
    kind: "managedHSMs",
    apiVersion: "2026-02-01",
    operation: "delete",
    commit: "cf34ec80889e7b16bf4ad51b5b965270afe33cc4",
  },
  {
    path: `${KV_2026}/stable/2026-02-01/examples/ManagedHsm_ListPrivateEndpointConnectionsByResource.json`,
    kind: "managedHSMs",
    apiVersion: "2026-02-01",
    operation: "list",
    commit: "c81f3ac9da4b212f35c5de082f8133c3d3267603",
  },
];

/** Where each specification file comes from, as SOURCES.txt in the full copy says. */
export const SPEC_COMMITS: Readonly<Record<string, string>> = {
  [SPEC_FILES.managedHsm]: "a6fb096706483615298773c8c08e5cf1decec31e",
  [SPEC_FILES.keyvault]: "814ccc9777264b7d4b4d5db9f8534a46e3da4000",
  [SPEC_FILES.common]: "9710c6b59584024be2ef898bdba4df4d743fb799",
  [EXCERPT_2026.full]: "0fe091879f56c61468e25cd6412bbfc318063268",
};

/** The path items the tests use, per swagger file, and the methods kept of each. */
const SUBSCRIPTION_RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
export const HSM_PATHS = {
  parent: `${SUBSCRIPTION_RG}/providers/Microsoft.KeyVault/managedHSMs/{name}`,
  connections: `${SUBSCRIPTION_RG}/providers/Microsoft.KeyVault/managedHSMs/{name}/privateEndpointConnections`,
  connection: `${SUBSCRIPTION_RG}/providers/Microsoft.KeyVault/managedHSMs/{name}/privateEndpointConnections/{privateEndpointConnectionName}`,
} as const;

export const VAULT_PATHS = {
  parent: `${SUBSCRIPTION_RG}/providers/Microsoft.KeyVault/vaults/{vaultName}`,
  connections: `${SUBSCRIPTION_RG}/providers/Microsoft.KeyVault/vaults/{vaultName}/privateEndpointConnections`,
  connection: `${SUBSCRIPTION_RG}/providers/Microsoft.KeyVault/vaults/{vaultName}/privateEndpointConnections/{privateEndpointConnectionName}`,
} as const;

export const KEPT_METHODS: Readonly<
  Record<"parent" | "connections" | "connection", readonly string[]>
> = {
  parent: ["get"],
  connections: ["get"],
  connection: ["get", "put", "delete"],
};
