/** The approval states a program may declare. Pending and Disconnected are ARM's, not ours. */
export const DECLARABLE_STATUSES = ["Approved", "Rejected"] as const;
/** "Approved" or "Rejected": the states a program may declare for a connection. */
export type DeclarableStatus = (typeof DECLARABLE_STATUSES)[number];

export const ON_DELETE_VALUES = ["retain", "reject", "delete"] as const;
/**
 * What deleting a resource does to the connections it declares (one name for the connection
 * resources and the approval policy): "retain" leaves them and calls ARM not at all; "reject"
 * rejects each (a PUT, waited for until it settles); "delete" deletes each through ARM's
 * DELETE long-running operation, waited for until a GET says it is gone. A connection resource
 * defaults to "delete", an approval policy to "retain".
 */
export type OnDelete = (typeof ON_DELETE_VALUES)[number];

/** A connection resource's onDelete unless given: what it always did. */
export const DEFAULT_CONNECTION_ON_DELETE: OnDelete = "delete";

/** Per-operation deadlines in seconds; the dynamic-provider protocol passes no customTimeouts. */
export interface Timeouts {
  /** Bound of create (the wait for the connection, the PUT and its polling); default 1800. */
  create?: number;
  /** Bound of an update (the PUT and its polling); default 1800. */
  update?: number;
  /** Bound of delete (the DELETE and the wait until a GET answers 404); default 1800. */
  delete?: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 30 * 60;
export const MAX_TIMEOUT_SECONDS = 24 * 60 * 60;

/** The resource's inputs after `check`: every default applied, every name validated. */
export interface ConnectionInputs {
  /** The parent's subscription (defaulted from the environment by check); Key Vault resources. */
  subscriptionId?: string;
  /** The parent's resource group; Key Vault resources. */
  resourceGroupName?: string;
  /** The parent's ARM id: the resources of any private-link service. */
  parentResourceId?: string;
  /** Set for Managed HSM connections. */
  hsmName?: string;
  /** Set for key vault connections. */
  vaultName?: string;
  /** The connection's name; or, instead, `privateEndpointId` to select it by its endpoint. */
  privateEndpointConnectionName?: string;
  /** The consumer's private endpoint; the connection whose privateEndpoint.id matches is used. */
  privateEndpointId?: string;
  /** How long to wait for the connection to appear (default 0: it must exist). */
  waitForConnectionSeconds?: number;
  /** The declared state (default "Approved"). */
  status: DeclarableStatus;
  /** The declared reason, if any. */
  description?: string;
  /** The provider's deadlines, if any were given. */
  timeouts?: Timeouts;
  /**
   * What delete does to the connection (default "delete"). Recorded in the state at each up,
   * so a destroy applies the value of the last up.
   */
  onDelete?: OnDelete;
}

/**
 * Who put a connection in its status, when, and what ARM answered: written by the provider's
 * own PUT, kept while ARM's status stays the one written. Holds ids, never a token or secret.
 */
export interface DecisionRecord {
  /** When ARM accepted the write (ISO 8601, UTC). */
  decidedAt: string;
  /** Whom ARM saw write: the claims `appid`/`azp`, `oid` and `tid` of the PUT's access token. */
  decidedBy: {
    /** The application (client) id: the token's `appid` claim, or `azp`. */
    appId: string;
    /** The principal's object id: the `oid` claim. */
    objectId: string;
    /** The tenant: the `tid` claim. */
    tenantId: string;
  };
  /** The connection's status before the write. */
  previousStatus: string;
  /** The status the write put the connection in. */
  status: string;
  /** The approval policy's rule that decided, when a policy wrote it. */
  rule?: string;
  /** ARM's x-ms-request-id of the PUT ("" when ARM sent none): what Azure support asks for. */
  requestId: string;
  /**
   * Set by a refresh that found another status than `status`: someone else has changed the
   * connection since. The record is kept as evidence of the last decision this stack made.
   */
  superseded?: {
    /** When the refresh saw it (ISO 8601, UTC). */
    observedAt: string;
    /** ARM's status then. */
    status: string;
  };
}

/** What the resource records: the inputs plus what ARM said at the last GET. */
export interface ConnectionOutputs extends Omit<ConnectionInputs, "status"> {
  /** The connection's name, as given or as resolved from privateEndpointId. */
  privateEndpointConnectionName: string;
  /** ARM's status: the declared one, or Pending/Disconnected/another after drift. */
  status: string;
  /** The connection's full ARM id; also the resource's id. */
  connectionId: string;
  /** ARM's provisioningState at the last read. */
  provisioningState: string;
  /** ARM's privateLinkServiceConnectionState.actionsRequired at the last read. */
  actionsRequired: string;
  /** The consumer's private endpoint, as ARM reports it. */
  privateEndpointId: string;
  /** ARM's etag at the last read. */
  etag: string;
  /** The provider's last write of the connection; absent while it has made none. */
  decision?: DecisionRecord;
}

/** ARM answers an absent description as "" or not at all; both mean the same. */
export function normalizedDescription(description: string | undefined | null): string {
  return description ?? "";
}

export function timeoutMs(timeouts: Timeouts | undefined, operation: keyof Timeouts): number {
  return (timeouts?.[operation] ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}
