import { connectionId, parentId, parentResourceType } from "../state/ids";
import type { ConnectionRecord, ParentRecord } from "../state/records";
import type { ConnectionJson, EmulatorBehavior } from "../types";

/**
 * The JSON bodies ARM answers with, built from records. Shapes follow the spec's
 * definitions (MHSMPrivateEndpointConnection, PrivateEndpointConnection, ManagedHsm, Vault)
 * and the values the recording shows where the spec leaves them open.
 */

/** The behavior keys that decide how a body looks. */
export type IdStyle = Pick<EmulatorBehavior, "lowercaseTypeInIds" | "responseShape">;

/**
 * The recording's GET of a connection ARM never wrote has no etag; once a PUT went through,
 * every answer carries one. The spec's examples always do.
 */
function shownEtag(c: ConnectionRecord, style: IdStyle): { etag?: string } {
  return style.responseShape === "specExample" || c.written ? { etag: c.etag } : {};
}

/**
 * The recording answers this type for an HSM's connection too (the service shares the
 * vault code path); the spec's examples say "Microsoft.KeyVault/managedhsms/...". The
 * recording is what ARM does.
 */
export const CONNECTION_TYPE = "Microsoft.KeyVault/vaults/privateEndpointConnections";

function connectionProperties(c: ConnectionRecord): ConnectionJson["properties"] {
  return {
    provisioningState: c.provisioningState,
    privateEndpoint: { id: c.privateEndpointId },
    privateLinkServiceConnectionState: {
      status: c.status,
      ...(c.description !== undefined ? { description: c.description } : {}),
      ...(c.actionsRequired !== undefined ? { actionsRequired: c.actionsRequired } : {}),
    },
  };
}

export function connectionJson(c: ConnectionRecord, style: IdStyle): ConnectionJson {
  return {
    id: connectionId(c, style.lowercaseTypeInIds),
    name: c.connectionName,
    type: CONNECTION_TYPE,
    location: c.location,
    ...shownEtag(c, style),
    properties: connectionProperties(c),
  };
}

/**
 * The spec's MHSMPrivateEndpointConnectionItem / PrivateEndpointConnectionItem (no name or
 * type), as a parent's GET embeds it and, in the recording's shape, as a list answers it.
 */
export function connectionItemJson(c: ConnectionRecord, style: IdStyle): object {
  return {
    id: connectionId(c, style.lowercaseTypeInIds),
    ...shownEtag(c, style),
    properties: connectionProperties(c),
  };
}

/** A list's item: only id and properties as recorded, the whole connection as the spec's example. */
export function connectionListItemJson(c: ConnectionRecord, style: IdStyle): object {
  return style.responseShape === "specExample"
    ? connectionJson(c, style)
    : connectionItemJson(c, style);
}

/** The spec's Failed DELETE body has no schema; this is ARM's operation-status shape. */
export interface OperationStatusJson {
  status: "InProgress" | "Succeeded" | "Failed" | "Canceled";
  error?: { code: string; message: string };
}

function systemData(createdAt: string): object {
  return {
    createdBy: "mhsm-arm-emulator",
    createdByType: "Application",
    createdAt,
    lastModifiedBy: "mhsm-arm-emulator",
    lastModifiedByType: "Application",
    lastModifiedAt: createdAt,
  };
}

function managedHsmJson(
  p: ParentRecord,
  connections: ConnectionRecord[],
  style: IdStyle,
  tenantId: string,
): object {
  return {
    sku: { family: "B", name: "Standard_B1" },
    id: parentId(p, style.lowercaseTypeInIds),
    name: p.parentName,
    type: parentResourceType(p.kind),
    location: p.location,
    tags: {},
    systemData: systemData(p.createdAt),
    properties: {
      tenantId,
      hsmUri: `https://${p.parentName.toLowerCase()}.managedhsm.azure.net/`,
      initialAdminObjectIds: [],
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: false,
      provisioningState: "Succeeded",
      statusMessage: "The Managed HSM is provisioned and ready to use.",
      networkAcls: {
        bypass: "AzureServices",
        defaultAction: "Allow",
        ipRules: [],
        virtualNetworkRules: [],
      },
      privateEndpointConnections: connections.map((c) => connectionItemJson(c, style)),
      publicNetworkAccess: "Enabled",
      regions: [],
      securityDomainProperties: {
        activationStatus: "Active",
        activationStatusMessage:
          "Your HSM has been activated and can be used for cryptographic operations.",
      },
    },
  };
}

function vaultJson(
  p: ParentRecord,
  connections: ConnectionRecord[],
  style: IdStyle,
  tenantId: string,
): object {
  return {
    id: parentId(p, style.lowercaseTypeInIds),
    name: p.parentName,
    type: parentResourceType(p.kind),
    location: p.location,
    tags: {},
    systemData: systemData(p.createdAt),
    properties: {
      sku: { family: "A", name: "standard" },
      tenantId,
      accessPolicies: [],
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enableRbacAuthorization: true,
      vaultUri: `https://${p.parentName.toLowerCase()}.vault.azure.net/`,
      provisioningState: "Succeeded",
      privateEndpointConnections: connections.map((c) => connectionItemJson(c, style)),
      publicNetworkAccess: "Enabled",
    },
  };
}

export function parentJson(
  p: ParentRecord,
  connections: ConnectionRecord[],
  style: IdStyle,
  tenantId: string,
): object {
  return p.kind === "managedHSMs"
    ? managedHsmJson(p, connections, style, tenantId)
    : vaultJson(p, connections, style, tenantId);
}
