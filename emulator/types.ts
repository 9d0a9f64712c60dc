import type { FederatedCredential } from "./identity/federatedCredentials";
import type { OidcTokenParams } from "./identity/oidcIssuer";

export type { FederatedCredential, OidcTokenParams };

/**
 * The emulator's public types: what a test or a script configures, injects and reads back.
 * Everything here is re-exported by index.ts; nothing here has behaviour.
 */

/**
 * The two Microsoft.KeyVault resource types, as the older `kind` field names them; `resourceType`
 * names any modelled type (README.md's service table).
 */
export type EmulatedParentKind = "managedHSMs" | "vaults";

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Loaded at start when it exists; rewritten atomically after every change. */
  stateFile?: string;
  /** Where the TLS certificate lives; default MHSM_EMULATOR_CERT_DIR, else ~/.cache/mhsm-arm-emulator. */
  certDir?: string;
  /** The one client secret the token endpoint accepts; default DEFAULT_CLIENT_SECRET. */
  clientSecret?: string;
  /**
   * The one audience ARM routes accept in tokens. Default: both of ARM's,
   * "https://management.azure.com/" and "https://management.core.windows.net/".
   */
  armAudience?: string;
  /** Lifetime of issued tokens; default 3600. Must be above 300, or MSAL would not cache them. */
  tokenLifetimeSeconds?: number;
  behavior?: Partial<EmulatorBehavior>;
  /**
   * Time stands still but for `control.advanceClock(ms)`: operations end, tokens expire and
   * throttling buckets refill only when a test says so. Default false (the wall clock).
   */
  virtualClock?: boolean;
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
  /**
   * recording (default): list items carry only id and properties (plus etag once ARM wrote the
   * connection), and a connection ARM never wrote has no etag, as the real recording shows.
   * specExample: every item and GET carries name, type, location and etag, as the 2025-05-01
   * spec's examples do.
   */
  responseShape: "recording" | "specExample";
  /** List answers carry at most this many items, then a nextLink. */
  listPageSize: number;
  /**
   * Multiplies every PUT and DELETE duration (0.1: ten times faster), so tests and the bench run
   * realistic shapes quickly. Retry-After and throttle refill are not scaled.
   */
  timeScale: number;
  /** Token buckets per request class; an empty bucket answers 429 with Retry-After. */
  throttle: { writes?: TokenBucket; deletes?: TokenBucket; reads?: TokenBucket } | null;
  /**
   * true: a Rejected connection may be Approved again, as some resource providers allow.
   * false (default): 400, as Azure Private Link documents (see connectionRules.ts).
   */
  allowReapproval: boolean;
  /**
   * Cosmos DB, PostgreSQL flexible servers and App Configuration: how long after an accepted
   * PUT their GETs still show the connection as it was (recorded: 10-90 s), times timeScale.
   * completeRunningOperations() ends every such window at once.
   */
  staleReadMs: number;
}

export interface EmulatedConnectionRef {
  /** `Namespace/type` of the parent, any casing; default Microsoft.KeyVault/managedHSMs. */
  resourceType?: string;
  /** The older spelling of a Key Vault resourceType; resourceType wins when both are given. */
  kind?: EmulatedParentKind;
  subscriptionId?: string;
  resourceGroupName: string;
  parentName: string;
  connectionName: string;
}

export type RequestOp =
  | "get"
  | "put"
  | "delete"
  | "list"
  | "poll"
  | "getParent"
  | "metadata"
  | "listSubscriptions"
  | "getSubscription"
  | "listParents"
  | "listResources"
  | "getProvider"
  | "token"
  | "openid"
  | "oidcToken"
  | "msiToken"
  | "other";

export type Fault =
  | { kind: "status"; status: number; code?: string; message?: string; retryAfterSeconds?: number }
  /** Destroys the socket without answering. */
  | { kind: "reset" }
  /** Answers normally after the delay. */
  | { kind: "delay"; ms: number }
  /**
   * An answer that is not ARM's: an HTML page with this status, as a proxy, a captive portal
   * or a mistyped endpoint's web server sends (no ARM error body, no x-ms-request-id).
   */
  | {
      kind: "page";
      status: number;
      body?: string;
      /** text/html by default; application/json for a JSON body that is not ARM's (a proxy's). */
      contentType?: string;
    };

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

export interface CreateParentParams extends EmulatedParentRef {
  location?: string;
}

export interface CreateConnectionParams {
  /** `Namespace/type` of the parent, any casing; default Microsoft.KeyVault/managedHSMs. */
  resourceType?: string;
  /** The older spelling of a Key Vault resourceType; resourceType wins when both are given. */
  kind?: EmulatedParentKind;
  subscriptionId?: string;
  resourceGroupName: string;
  parentName: string;
  connectionName?: string;
  privateEndpointId?: string;
  status?: ConnectionStatus;
  description?: string;
}

export interface EmulatedParentRef {
  /** `Namespace/type` of the parent, any casing; default Microsoft.KeyVault/managedHSMs. */
  resourceType?: string;
  /** The older spelling of a Key Vault resourceType; resourceType wins when both are given. */
  kind?: EmulatedParentKind;
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

/** The consumer asks for approval again, with a new request message. */
export interface RequestAgainParams {
  requestMessage?: string;
}

/** The consumer deletes its private endpoint: the connection is Disconnected, then removed. */
export interface DeleteEndpointParams {
  /** How long ARM keeps showing the Disconnected connection; 0 (the default) removes it at once. */
  removeAfterMs?: number;
}

export type ConnectionJson = {
  id: string;
  name: string;
  type: string;
  /** Absent in ARM's answer for a connection ARM never wrote (responseShape recording). */
  etag?: string;
  location?: string;
  properties: {
    provisioningState: string;
    privateEndpoint?: { id: string };
    privateLinkServiceConnectionState: {
      status: string;
      description?: string;
      actionsRequired?: string;
      /** Storage's spelling of actionsRequired. */
      actionRequired?: string;
    };
  };
};

export interface EmulatorControl {
  /** Returns the parent's ARM JSON; creating an existing one returns it unchanged. */
  createParent(p: CreateParentParams): unknown;
  /** As a consumer's private endpoint would: Pending and Succeeded unless told otherwise. */
  createConnection(p: CreateConnectionParams): ConnectionJson;
  /**
   * Out-of-band drift, as in the portal: changes what is given and the etag. A status change
   * follows the provider side's rules (connectionRules.ts), as a PUT does.
   */
  setConnection(ref: EmulatedConnectionRef, change: ConnectionChange): ConnectionJson;
  /** The consumer re-requests: Rejected (or Pending) -> Pending, description = the message. */
  requestConnectionAgain(ref: EmulatedConnectionRef, params?: RequestAgainParams): ConnectionJson;
  /**
   * The consumer deletes its private endpoint: Disconnected, then removed after removeAfterMs;
   * returns the connection as it is now, or undefined once removed.
   */
  deletePrivateEndpoint(
    ref: EmulatedConnectionRef,
    params?: DeleteEndpointParams,
  ): ConnectionJson | undefined;
  getConnection(ref: EmulatedConnectionRef): ConnectionJson | undefined;
  listConnections(p: EmulatedParentRef): ConnectionJson[];
  /**
   * How long a PUT or DELETE of this connection runs under the current behavior, timeScale
   * included (the realistic profile spreads durations by connection): when a client could
   * have seen it finish at the earliest.
   */
  operationDurationMs(kind: "put" | "delete", ref: EmulatedConnectionRef): number;
  /**
   * Every PUT or DELETE still running ends now, with its outcome (one started under
   * `putOutcome`/`deleteOutcome: "Never"` succeeds): a test decides when ARM is done instead of
   * racing a duration. Returns how many ended.
   */
  completeRunningOperations(): number;
  /** Moves the emulator's clock forward (the only way it moves under `virtualClock`). */
  advanceClock(ms: number): void;
  setBehavior(b: Partial<EmulatorBehavior>): EmulatorBehavior;
  getBehavior(): EmulatorBehavior;
  injectFault(rule: FaultRule): void;
  /**
   * How many requests the injected faults still wait for: a test waits for 0 to know that its
   * request reached the fault (a delayed one is then held), instead of sleeping.
   */
  pendingFaults(): number;
  clearFaults(): void;
  /** ARM and token routes only, never /_emulator. */
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** Every token issued so far is expired from now on (401 ExpiredAuthenticationToken). */
  expireTokens(): void;
  /** Every access token handed out, for secret-hygiene tests. */
  issuedTokens(): string[];
  /**
   * Registers a federated identity credential on the emulated app, as
   * `az ad app federated-credential create` would; `audiences` defaults to
   * ["api://AzureADTokenExchange"]. The same name replaces an earlier one.
   */
  addFederatedCredential(c: FederatedCredentialParams): FederatedCredential;
  federatedCredentials(): FederatedCredential[];
  /** An OIDC token of the emulator's GitHub-like issuer, as a pipeline would be handed one. */
  issueOidcToken(p?: OidcTokenParams): string;
  /** Every OIDC token handed out, for secret-hygiene tests. */
  issuedOidcTokens(): string[];
  /** State, behavior, faults, request log and federated credentials back to how the emulator started. */
  reset(): void;
}

export interface FederatedCredentialParams {
  name?: string;
  issuer: string;
  subject: string;
  audiences?: string[];
}

/** Where a pipeline's OIDC token and a host's managed identity come from. */
export interface EmulatorIdentities {
  /** The `iss` of the OIDC tokens: <url>/github-oidc. */
  oidcIssuer: string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL / ARM_OIDC_REQUEST_URL. */
  oidcRequestUrl: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN / ARM_OIDC_REQUEST_TOKEN. */
  oidcRequestToken: string;
  /** IDENTITY_ENDPOINT. */
  identityEndpoint: string;
  /** IDENTITY_HEADER. */
  identityHeader: string;
  systemAssignedClientId: string;
  userAssignedClientId: string;
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
  identities: EmulatorIdentities;
  control: EmulatorControl;
  /** Closes the server and every socket; the process can exit afterwards. */
  stop(): Promise<void>;
}

export interface CertificatePaths {
  certPath: string;
  keyPath: string;
  caPath: string;
}
