import { createRestError, type Client, type HttpResponse } from "@azure-rest/core-client";
import type { ConnectionState } from "./connectionState";
import type {
  ConnectionsApi,
  DeleteStart,
  DesiredConnectionState,
  PollAnswer,
  PutAnswer,
} from "./connectionsApi";
import { armErrorOfBody, parseRetryAfterMs, toArmOperationError } from "./errors";
import {
  connectionPath,
  formatConnectionId,
  formatParentId,
  listPath,
  type ConnectionRef,
  type ParentRef,
} from "./ids";
import { unlessBeingDeleted } from "./beingDeleted";
import { notArmAnswerError } from "./notArmAnswer";
import { meansGone, notGoneError } from "./notFound";
import { header, operationOf, pollAnswerOf, requestIdOf, trustedUrl } from "./operationAnswers";
import { serviceConnectionStateOf, servicePutBody } from "./serviceWire";
import { withRetry, type RetryContext } from "./retry";
import { identityOfAuthorization, type TokenIdentity } from "./tokenIdentity";

/** How long a request sent at the end of the deadline may take: what it can overrun by. */
export const LAST_LOOK_MS = 5_000;

/**
 * The one door to ARM for a connection of any service in the profile table (or registered):
 * the same client (credential, origin guard, budget), retry policy and deadline as the Key
 * Vault one, every request's path, api-version and reading taken from the parent's profile.
 * Requests go through the client's pathUnchecked, since no SDK covers every service.
 */
export class ServiceConnectionsApi implements ConnectionsApi {
  constructor(
    private readonly client: Client,
    private readonly endpoint: string,
    private readonly requestTimeoutMs: number,
    private readonly retry: RetryContext,
  ) {}

  /**
   * The per-request timeout, never longer than what is left of the operation's deadline, but
   * for LAST_LOOK_MS: a wait's last look, sent as the deadline ends, still gets its answer.
   */
  private timeoutMs(): number {
    const left = Math.max(this.retry.deadline.remainingMs(), LAST_LOOK_MS);
    return Math.min(this.requestTimeoutMs, left);
  }

  private send(path: string, apiVersion?: string) {
    const url = apiVersion === undefined ? path : `${path}?api-version=${apiVersion}`;
    return this.client.pathUnchecked(url);
  }

  private options(body?: object) {
    const headers = { accept: "application/json" };
    return { timeout: this.timeoutMs(), headers, ...(body ? { body } : {}) };
  }

  /** undefined when the service says the connection (or its parent) does not exist. */
  async get(ref: ConnectionRef): Promise<ConnectionState | undefined> {
    const { profile } = ref;
    const operation = `GET ${formatConnectionId(ref)}`;
    return withRetry(operation, this.retry, async () => {
      const r = await this.send(connectionPath(ref), profile.apiVersion).get(this.options());
      const status = Number(r.status);
      if (status === 204 && profile.absentOnGet === 204) return undefined;
      if (status === 404) return this.goneOrThrow(ref, operation, r);
      if (status !== 200) throw createRestError(r);
      const state = serviceConnectionStateOf(profile, r.body);
      if (!state) throw notArmAnswerError(operation, status, requestIdOf(r), this.endpoint);
      return state;
    });
  }

  /** A 404 is "gone" only with ARM's or the service's own not-found code. */
  private goneOrThrow(ref: ParentRef, operation: string, r: HttpResponse): undefined {
    const code = armErrorOfBody(r.body).code;
    if (meansGone(404, code) || ref.profile.goneCodes.includes(code ?? "")) return undefined;
    // A destroy reported done for a wrong subscription or endpoint would leave it in ARM.
    throw notGoneError(toArmOperationError(operation, createRestError(r)), this.endpoint);
  }

  /** The parent's connections: every page (nextLink), or only the first. */
  async list(parent: ParentRef, pages: "all" | "first" = "all"): Promise<ConnectionState[]> {
    const { profile } = parent;
    const operation = `GET ${formatParentId(parent)}/${profile.listCollection}`;
    const all: ConnectionState[] = [];
    let next: string | undefined = `${listPath(parent)}?api-version=${profile.apiVersion}`;
    while (next !== undefined) {
      const url: string = next;
      const body = await withRetry(operation, this.retry, async () => {
        const r = await this.send(url).get(this.options());
        if (r.status !== "200") throw createRestError(r);
        if (!isList(r.body)) throw notArmAnswerError(operation, 200, requestIdOf(r), this.endpoint);
        return r.body;
      });
      for (const item of body.value) {
        const state = serviceConnectionStateOf(profile, item);
        if (state) all.push(state);
      }
      next =
        pages === "first" || !body.nextLink ? undefined : trustedUrl(this.endpoint, body.nextLink);
    }
    return all;
  }

  async put(ref: ConnectionRef, desired: DesiredConnectionState): Promise<PutAnswer> {
    const { profile } = ref;
    const operation = `PUT ${formatConnectionId(ref)}`;
    const body = servicePutBody(profile, desired);
    let identity: TokenIdentity | undefined;
    const r = await withRetry(operation, this.retry, async () => {
      const answer = await this.send(connectionPath(ref), profile.apiVersion).put({
        ...this.options(body),
        onResponse: (raw) => {
          // The claims of the token this very PUT carried; the token goes no further.
          identity = identityOfAuthorization(raw.request.headers.get("authorization"));
        },
      });
      if (["200", "201", "202"].includes(answer.status)) return answer;
      const failure = toArmOperationError(operation, createRestError(answer));
      throw await unlessBeingDeleted(failure, () => this.get(ref));
    });
    return {
      state: serviceConnectionStateOf(profile, r.body),
      operation: operationOf(r, this.endpoint),
      retryAfterMs: parseRetryAfterMs(header(r, "retry-after")),
      requestId: requestIdOf(r),
      identity,
    };
  }

  async beginDelete(ref: ConnectionRef): Promise<DeleteStart> {
    const operation = `DELETE ${formatConnectionId(ref)}`;
    const r = await withRetry(operation, this.retry, async () => {
      const answer = await this.send(connectionPath(ref), ref.profile.apiVersion).delete(
        this.options(),
      );
      if (answer.status === "404" && this.goneOrThrow(ref, operation, answer) === undefined) {
        return answer;
      }
      if (!["200", "202", "204"].includes(answer.status)) throw createRestError(answer);
      return answer;
    });
    const statusCode = Number(r.status);
    if (statusCode === 404) return { kind: "gone", statusCode };
    const pending = statusCode === 202 ? operationOf(r, this.endpoint) : undefined;
    // A 2xx any proxy can send is not ARM's "gone": a GET confirms it (deleteWait.ts).
    if (!pending) return { kind: "completed", statusCode, body: r.body };
    const retryAfterMs = parseRetryAfterMs(header(r, "retry-after"));
    return { kind: "accepted", ...pending, retryAfterMs };
  }

  async poll(url: string): Promise<PollAnswer> {
    const r = await withRetry(`GET ${url}`, this.retry, async () => {
      const answer = await this.send(trustedUrl(this.endpoint, url)).get(this.options());
      const status = Number(answer.status);
      if (status >= 400 && status !== 404) throw createRestError(answer);
      return answer;
    });
    return pollAnswerOf(r, this.endpoint);
  }
}

function isList(body: unknown): body is { value: unknown[]; nextLink?: string } {
  return (
    typeof body === "object" && body !== null && Array.isArray((body as { value?: unknown }).value)
  );
}
