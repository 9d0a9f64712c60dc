/**
 * The emulator's public types: what a test or a script configures, injects and reads back.
 * Everything here is re-exported by index.ts; nothing here has behaviour.
 */

/** The two Microsoft.KeyVault resource types that own private endpoint connections. */
export type ParentKind = "managedHSMs" | "vaults";

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Loaded at start when it exists; rewritten atomically after every change. */
  stateFile?: string;
  /** Where the TLS certificate lives; default MHSM_EMULATOR_CERT_DIR, else ~/.cache/mhsm-arm-emulator. */
  certDir?: string;
  /** The one client secret the token endpoint accepts; default DEFAULT_CLIENT_SECRET. */
  clientSecret?: string;
  /** The audience ARM routes require in tokens; default "https://management.azure.com/". */
  armAudience?: string;
  /** Lifetime of issued tokens; default 3600. Must be above 300, or MSAL would not cache them. */
  tokenLifetimeSeconds?: number;
  behavior?: Partial<EmulatorBehavior>;
  /** One line per answered request; default silent. */
  log?: (line: string) => void;
}

export interface TokenBucket {
  capacity: number;
  refillPerSecond: number;
}

export type OperationOutcome = "Succeeded" | "Failed" | "Never";

export interface EmulatorBehavior {
  /** How long a PUT stays Updating before it reaches putOutcome (the least, with putDurationMaxMs). */
  putDurationMs: number;
  /** null: every PUT takes putDurationMs; else each spreads over [putDurationMs, this] (timings.ts). */
  putDurationMaxMs: number | null;
  /** Failed: provisioningState Failed; Never: stays Updating. */
  putOutcome: OperationOutcome;
  /** Retry-After on the PUT 200 (the spec declares it); null omits it. */
  putRetryAfterSeconds: number | null;
  /** sync200: DELETE answers 200 with the connection body at once, and it is gone. */
  deleteMode: "async" | "sync200";
  deleteDurationMs: number;
  /** null: every DELETE takes deleteDurationMs; else each spreads over [deleteDurationMs, this]. */
  deleteDurationMaxMs: number | null;
  /** Retry-After on the DELETE 202 and its running polls; null omits it (as recorded). */
  deleteRetryAfterSeconds: number | null;
  /** What the Location poll answers once the connection is gone: 204 as recorded, or an empty 200. */
  deleteFinalStatus: 200 | 204;
  /**
   * Failed: the poll reports a failure and the connection stays; Never: 202 forever;
   * PollNotFound: the poll URL answers 404 while the delete goes on.
   */
  deleteOutcome: OperationOutcome | "PollNotFound";
  /** location: the DELETE 202 carries Location; azure-asyncoperation: Azure-AsyncOperation and Location. */
  asyncStyle: "location" | "azure-asyncoperation";
  /** relative: Location is a path without scheme and host. */
  locationStyle: "absolute" | "relative";
  /** true: ids say "managedhsms"/"vaults", as some ARM answers do; false keeps "managedHSMs" as recorded. */
  lowercaseTypeInIds: boolean;
  /** List answers carry at most this many items, then a nextLink. */
  listPageSize: number;
  /**
   * Multiplies every PUT and DELETE duration (0.1: ten times faster), so tests and the bench run
   * realistic shapes quickly. Retry-After and throttle refill are not scaled.
   */
  timeScale: number;
  /** Token buckets per request class; an empty bucket answers 429 with Retry-After. */
  throttle: { writes?: TokenBucket; deletes?: TokenBucket; reads?: TokenBucket } | null;
}

export interface ConnectionRef {
  kind?: ParentKind;
  subscriptionId?: string;
  resourceGroupName: string;
  parentName: string;
  connectionName: string;
}

export type RequestOp =
  "get" | "put" | "delete" | "list" | "poll" | "getParent" | "token" | "openid" | "other";

export type Fault =
  | { kind: "status"; status: number; code?: string; message?: string; retryAfterSeconds?: number }
  /** Destroys the socket without answering. */
  | { kind: "reset" }
  /** Answers normally after the delay. */
  | { kind: "delay"; ms: number };

export interface FaultRule {
  match: { method?: string; op?: RequestOp; pathIncludes?: string };
  /** How many matching requests get the fault; default 1. */
  count?: number;
  fault: Fault;
}

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  op: RequestOp;
  /** 0 when the socket was reset without an answer. */
  status: number;
  durationMs: number;
  requestId?: string;
}

export type ConnectionStatus = "Pending" | "Approved" | "Rejected" | "Disconnected";

export interface CreateParentParams {
  kind?: ParentKind;
  subscriptionId?: string;
  resourceGroupName: string;
  name: string;
  location?: string;
}

export interface CreateConnectionParams {
  kind?: ParentKind;
  subscriptionId?: string;
  resourceGroupName: string;
  parentName: string;
  connectionName?: string;
  privateEndpointId?: string;
  status?: ConnectionStatus;
  description?: string;
}

export interface ParentRef {
  kind?: ParentKind;
  subscriptionId?: string;
  resourceGroupName: string;
  parentName: string;
}

export interface ConnectionChange {
  status?: string;
  description?: string;
  actionsRequired?: string;
  provisioningState?: string;
}

export type ConnectionJson = {
  id: string;
  name: string;
  type: string;
  etag: string;
  location?: string;
  properties: {
    provisioningState: string;
    privateEndpoint?: { id: string };
    privateLinkServiceConnectionState: {
      status: string;
      description?: string;
      actionsRequired?: string;
    };
  };
};

export interface EmulatorControl {
  /** Returns the ARM JSON of the HSM or vault; creating an existing one returns it unchanged. */
  createParent(p: CreateParentParams): unknown;
  /** As a consumer's private endpoint would: Pending and Succeeded unless told otherwise. */
  createConnection(p: CreateConnectionParams): ConnectionJson;
  /** Out-of-band drift: changes what is given and the etag. */
  setConnection(ref: ConnectionRef, change: ConnectionChange): ConnectionJson;
  getConnection(ref: ConnectionRef): ConnectionJson | undefined;
  listConnections(p: ParentRef): ConnectionJson[];
  setBehavior(b: Partial<EmulatorBehavior>): EmulatorBehavior;
  getBehavior(): EmulatorBehavior;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** ARM and token routes only, never /_emulator. */
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** Every token issued so far is expired from now on (401 ExpiredAuthenticationToken). */
  expireTokens(): void;
  /** Every access token handed out, for secret-hygiene tests. */
  issuedTokens(): string[];
  /** State, behavior, faults and request log back to how the emulator started. */
  reset(): void;
}

export interface RunningEmulator {
  /** https://127.0.0.1:<port>: the ARM endpoint and the authority host. */
  url: string;
  port: number;
  /** The PEM to trust (NODE_EXTRA_CA_CERTS). */
  caPath: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  /** The environment a client needs, NODE_EXTRA_CA_CERTS included. */
  env(): Record<string, string>;
  control: EmulatorControl;
  /** Closes the server and every socket; the process can exit afterwards. */
  stop(): Promise<void>;
}

export interface CertificatePaths {
  certPath: string;
  keyPath: string;
  caPath: string;
}
