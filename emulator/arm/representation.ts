import { parentId, connectionId } from "../state/ids";
import type { ConnectionRecord, ParentRecord } from "../state/records";
import { requireProfile } from "../services/lookup";
import type { ServiceProfile } from "../services/profile";
import type { ConnectionJson, EmulatorBehavior } from "../types";

/**
 * The JSON bodies ARM answers with, built from records and the service's profile. Shapes
 * follow the specs' definitions and the values the recordings show where a spec leaves them
 * open. Key Vault's bodies also follow the behavior (responseShape, lowercaseTypeInIds).
 */

/** The behavior keys that decide how a body looks. */
export type IdStyle = Pick<EmulatorBehavior, "lowercaseTypeInIds" | "responseShape">;

/** Key Vault's PUT and DELETE follow the behavior's Key Vault settings, and so do its bodies. */
export function followsKeyVaultBehavior(profile: ServiceProfile): boolean {
  return profile.put.style === "keyVault";
}

/**
 * The Key Vault recording's GET of a connection ARM never wrote has no etag; once a PUT went
 * through, every answer carries one. The spec's examples always do. Other services show it
 * where their recordings do.
 */
function shownEtag(
  c: ConnectionRecord,
  profile: ServiceProfile,
  style: IdStyle,
): { etag?: string } {
  if (!followsKeyVaultBehavior(profile)) {
    return profile.showsEtag ? { etag: c.etag } : {};
  }
  return style.responseShape === "specExample" || c.written ? { etag: c.etag } : {};
}

/** The record as ARM shows it while an operation runs: App Service's interim status. */
export function withInterimStatus(c: ConnectionRecord): ConnectionRecord {
  return c.interimStatus === undefined ? c : { ...c, status: c.interimStatus };
}

/** The record as a GET shows it now: the stale view while it lasts, else the interim status. */
export function asReadNow(c: ConnectionRecord, now: number): ConnectionRecord {
  if (c.stale && now < c.stale.until) {
    const { until: _until, ...view } = c.stale;
    return { ...c, ...view };
  }
  return withInterimStatus(c);
}

function connectionProperties(
  c: ConnectionRecord,
  profile: ServiceProfile,
): ConnectionJson["properties"] {
  const actions = profile.answersActionsRequired ?? c.actionsRequired;
  return {
    provisioningState: c.provisioningState,
    privateEndpoint: { id: c.privateEndpointId },
    privateLinkServiceConnectionState: {
      status: c.status,
      ...(c.description !== undefined ? { description: c.description } : {}),
      ...(actions !== undefined ? { [profile.actionsRequiredField]: actions } : {}),
    },
  };
}

export function connectionJson(c: ConnectionRecord, style: IdStyle): ConnectionJson {
  const profile = requireProfile(c.resourceType);
  return {
    id: connectionId(c, style.lowercaseTypeInIds),
    name: c.connectionName,
    type: profile.connectionType,
    ...(followsKeyVaultBehavior(profile) ? { location: c.location } : {}),
    ...shownEtag(c, profile, style),
    properties: connectionProperties(c, profile),
  };
}

/**
 * Key Vault's MHSMPrivateEndpointConnectionItem / PrivateEndpointConnectionItem (no name or
 * type), as a parent's GET embeds it and, in the recording's shape, as a list answers it.
 * Other services embed and list the whole connection, as their examples do.
 */
export function connectionItemJson(c: ConnectionRecord, style: IdStyle): object {
  const profile = requireProfile(c.resourceType);
  if (!followsKeyVaultBehavior(profile)) {
    return connectionJson(c, style);
  }
  return {
    id: connectionId(c, style.lowercaseTypeInIds),
    ...shownEtag(c, profile, style),
    properties: connectionProperties(c, profile),
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
  status: string;
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

/**
 * The parent's GET: its profile's top-level fields and properties, provisioningState
 * Succeeded, and (where the service embeds them) its connections as they read now.
 */
export function parentJson(
  p: ParentRecord,
  connections: ConnectionRecord[],
  style: IdStyle,
  tenantId: string,
): object {
  const profile = requireProfile(p.resourceType);
  return {
    ...profile.parentTopLevel,
    id: parentId(p, style.lowercaseTypeInIds),
    name: p.parentName,
    type: profile.resourceType,
    location: p.location,
    tags: {},
    systemData: systemData(p.createdAt),
    properties: {
      ...profile.parentProperties(p.parentName, tenantId),
      provisioningState: "Succeeded",
      ...(profile.parentEmbedsConnections
        ? { privateEndpointConnections: connections.map((c) => connectionItemJson(c, style)) }
        : {}),
    },
  };
}
