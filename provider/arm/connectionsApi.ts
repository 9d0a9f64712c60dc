import type { ConnectionRef, ParentRef } from "./ids";
import type { ConnectionState } from "./connectionState";
import type { OperationUrl } from "./operationAnswers";
import type { TokenIdentity } from "./tokenIdentity";

/** The approval state a PUT asks ARM to put a connection in; what ARM answers is a ConnectionState. */
export interface DesiredConnectionState {
  status: string;
  description: string;
}

/** What ARM answered a PUT, and what a decision record needs of it. */
export interface PutAnswer {
  /** The connection the body describes; undefined when it is an operation's status instead. */
  state?: ConnectionState;
  /** Where the long-running PUT goes on, when ARM named it (201/202, or Azure-AsyncOperation). */
  operation?: OperationUrl;
  retryAfterMs?: number;
  /** ARM's x-ms-request-id of the PUT that was accepted (the last try, when retried). */
  requestId?: string;
  /** Whom ARM saw make the PUT, from its access token's claims (never the token). */
  identity?: TokenIdentity;
}

/** How ARM answered the DELETE itself. */
export type DeleteStart =
  | { kind: "gone"; statusCode: number }
  | { kind: "completed"; statusCode: number; body: unknown }
  | {
      kind: "accepted";
      pollUrl: string;
      style: "location" | "azure-asyncoperation";
      retryAfterMs?: number;
    };

/** One answer of an LRO status URL. */
export interface PollAnswer {
  statusCode: number;
  body: unknown;
  retryAfterMs?: number;
  /** A new Location, when ARM moves the operation. */
  nextPollUrl?: string;
}

/**
 * The ARM operations the hooks need, for a parent of any type: what differs between services
 * is in each ref's profile, never in the hooks. The hooks see only this, so unit tests stub it;
 * serviceConnectionsApi.ts serves every type, sdkConnectionsApi.ts Key Vault's on its SDK.
 */
export interface ConnectionsApi {
  /** undefined when ARM says the connection (or its parent) does not exist. */
  get(ref: ConnectionRef): Promise<ConnectionState | undefined>;
  /**
   * The connections of the parent: all pages, or only the first (enough to learn that the
   * parent exists, one request however many connections it has).
   */
  list(parent: ParentRef, pages?: "all" | "first"): Promise<ConnectionState[]>;
  put(ref: ConnectionRef, desired: DesiredConnectionState): Promise<PutAnswer>;
  beginDelete(ref: ConnectionRef): Promise<DeleteStart>;
  poll(url: string): Promise<PollAnswer>;
}
