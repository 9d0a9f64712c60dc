/**
 * What one private-link service answers for its private endpoint connections, as data: the
 * emulator's ARM routes read a profile and never branch on a service's name. The values come
 * from each service's spec and the recordings (../shared/azure-spec); README.md says, per
 * service, which are invented where both are silent.
 */

/** The poll URLs an accepted operation names: ARM's Location and Azure-AsyncOperation headers. */
export type PollHeader = "location" | "azure-asyncoperation";

/**
 * The body of a 201/202 that accepted a change:
 * - connection: the connection as it now is (Updating, or an interim status);
 * - previousConnection: the connection as it was, provisioningState Updating (ACR);
 * - enqueued: {"status":"Enqueued"} (Cosmos DB);
 * - operation: {"operation": <name>, "startTime"} (the SQL family);
 * - inProgress: {"status":"InProgress"} (Synapse's DELETE);
 * - deletingStub: App Configuration's DELETE, the connection's name and type with
 *   provisioningState Deleting and every other member null, as recorded;
 * - empty: no body.
 */
export type AcceptedBody =
  | "connection"
  | "deletingStub"
  | "previousConnection"
  | "enqueued"
  | "operation"
  | "inProgress"
  | "empty";

export type PutStyle =
  /** 200 with the connection in its final state, at once. */
  | { style: "synchronous" }
  /** Key Vault's: 200 Updating + Azure-AsyncOperation on the connection's URL (kv-operation). */
  | { style: "keyVault" }
  | {
      style: "accepted";
      status: 200 | 201 | 202;
      headers: readonly PollHeader[];
      body: AcceptedBody;
      /** Synapse: a PUT that leaves the status as it is answers 200 at once. */
      unchangedAnswersSynchronously?: boolean;
    };

export type DeleteStyle =
  /** 200 at once: an empty body, or the connection as it was, now Disconnected (Search). */
  | { style: "synchronous"; body: "empty" | "disconnected" }
  /** Key Vault's: 202 + Location on the connection's URL, driven by the behavior. */
  | { style: "keyVault" }
  | {
      style: "accepted";
      headers: readonly PollHeader[];
      body: AcceptedBody;
      /** What the Location poll answers once the connection is gone (ACR: an empty 200). */
      locationDoneStatus: 200 | 204;
    };

/** How ARM answers a GET of a connection that does not exist. */
export type AbsentAnswer =
  | { status: 204 }
  | {
      status: 404;
      code: string;
      /** undefined: ARM's own ResourceNotFound text. */
      message?: (m: AbsentContext) => string;
    };

export interface AbsentContext {
  subscriptionId: string;
  resourceGroupName: string;
  parentName: string;
  connectionName: string;
}

/**
 * The provider side's status-change rules (state/connectionRules.ts):
 * - azure: Pending -> Approved/Rejected, Approved -> Rejected; Rejected stays (Azure Private
 *   Link's documented rule; `allowReapproval` lifts it);
 * - changesOnlyFromPending: the SQL family, 400 PrivateEndpointConnectionStatusNotPending;
 * - storage: approving a Rejected or an Approved connection is 400 InvalidValuesForRequestParameters;
 * - search: Rejected -> Approved is 400 OperationNotAllowed, Rejected -> Pending is accepted.
 */
export type StateRules = "azure" | "changesOnlyFromPending" | "storage" | "search";

/** How the service names a connection a consumer's endpoint created (as recorded). */
export type ConnectionNaming =
  "endpointDotGuid" | "endpointDashGuid" | "parentDotGuid" | "parentDotHex" | "guid" | "endpoint";

export interface ProvisioningStates {
  /** A connection no operation runs on. */
  ready: string;
  /** While a PUT runs, by the status asked for (`*` for any other). */
  updating: Readonly<Record<string, string>>;
  deleting: string;
}

export interface ServiceProfile {
  /** `Namespace/type` as ARM spells it in ids. */
  resourceType: string;
  /** Every api-version the emulator accepts for it: only those the specs or recordings show. */
  apiVersions: readonly string[];
  /** The collection segment in ids; any casing of it is routed (Data Factory lists with `privateEndPointConnections`). */
  collection: string;
  /** The `type` of a connection in ARM's answers. */
  connectionType: string;
  put: PutStyle;
  remove: DeleteStyle;
  /** A DELETE of an absent connection: 204 for most, 404 for Search. */
  absentDelete: 204 | 404;
  absentGet: AbsentAnswer;
  rules: StateRules;
  /** The statuses a PUT may ask for; null: any string, as the spec leaves it open. */
  statuses: readonly string[] | null;
  /** The values actionsRequired may take in a PUT; null: any string. */
  actionsRequiredValues: readonly string[] | null;
  /** The wire name of the connection state's actions field (Storage: `actionRequired`). */
  actionsRequiredField: "actionsRequired" | "actionRequired";
  /** What the service answers for actionsRequired whatever was sent (Search: "None"). */
  answersActionsRequired?: string;
  provisioning: ProvisioningStates;
  /** App Service: the status shown while an operation runs, by the status asked for. */
  interimStatuses?: Readonly<Record<string, string>>;
  /**
   * GETs keep showing the connection as it was for behavior.staleReadMs after an accepted PUT;
   * `provisioningState` is what they show meanwhile (null: the old one).
   */
  staleReads?: { provisioningState: string | null };
  /** What the operation's JSON names (the `operation` body and SQL-style poll answers). */
  operationNames?: { put: string; delete: string };
  /** The Azure-AsyncOperation poll while running (ACR: 201 with status "Updating"). */
  runningPoll: { httpStatus: 200 | 201; status: string };
  naming: ConnectionNaming;
  /** Whether answers carry the connection's etag (recorded for Data Factory, Cognitive Services, Network). */
  showsEtag?: boolean;
  /** Whether the parent's GET carries properties.privateEndpointConnections. */
  parentEmbedsConnections: boolean;
  /** The parent's own properties beside provisioningState and the connections (invented where silent). */
  parentProperties: (name: string, tenantId: string) => Record<string, unknown>;
  /** The parent's `kind`, `sku` and the like, at the top level. */
  parentTopLevel?: Record<string, unknown>;
}
