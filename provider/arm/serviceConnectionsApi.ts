import {
  createRestError,
  type Client,
  type HttpResponse,
  type PathUncheckedResponse,
} from "@azure-rest/core-client";
import type { ConnectionState } from "./connectionState";
import type { DeleteStart, DesiredConnectionState, PollAnswer } from "./connectionsApi";
import { armErrorOfBody, parseRetryAfterMs, toArmOperationError } from "./errors";
import { notArmAnswerError } from "./notArmAnswer";
import { meansGone, notGoneError } from "./notFound";
import {
  formatParentResourceId,
  serviceConnectionPath,
  serviceListPath,
  type ParentResource,
} from "./parentResourceId";
import { LAST_LOOK_MS } from "./sdkConnectionsApi";
import { serviceConnectionStateOf, servicePutBody } from "./serviceWire";
import { withRetry, type RetryContext } from "./retry";
import { identityOfAuthorization, type TokenIdentity } from "./tokenIdentity";

/** Where a long-running operation's progress is read. */
export interface OperationUrl {
  pollUrl: string;
  style: "location" | "azure-asyncoperation";
}

/** What a service answered a PUT. */
export interface ServicePutAnswer {
  statusCode: number;
  /** The connection the body describes; undefined when it is an operation's status instead. */
  state?: ConnectionState;
  /** The long-running PUT's progress (201/202, or a 200 with Azure-AsyncOperation). */
  operation?: OperationUrl;
  retryAfterMs?: number;
  requestId?: string;
  identity?: TokenIdentity;
}

/**
 * The one door to ARM for a connection of any service in the profile table: the same client
 * (credential, origin guard), retry policy and deadline as the Key Vault one, every request's
 * path, api-version and reading taken from the parent's profile. Requests go through the
 * client's pathUnchecked, since no SDK covers every service.
 */
export class ServiceConnectionsApi {
  constructor(
    private readonly client: Client,
    private readonly endpoint: string,
    private readonly requestTimeoutMs: number,
    private readonly retry: RetryContext,
  ) {}

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
  async get(parent: ParentResource, name: string): Promise<ConnectionState | undefined> {
    const { profile } = parent;
    const operation = `GET ${formatParentResourceId(parent)}/${profile.collection}/${name}`;
    return withRetry(operation, this.retry, async () => {
      const path = serviceConnectionPath(parent, name);
      const r = await this.send(path, profile.apiVersion).get(this.options());
      const status = Number(r.status);
      if (status === 204 && profile.absentOnGet === 204) return undefined;
      if (status === 404) return this.goneOrThrow(parent, operation, r);
      if (status !== 200) throw createRestError(r);
      const state = serviceConnectionStateOf(profile, r.body);
      if (!state) throw notArmAnswerError(operation, status, requestIdOf(r), this.endpoint);
      return state;
    });
  }

  /** A 404 is "gone" only with ARM's or the service's own not-found code. */
  private goneOrThrow(parent: ParentResource, operation: string, r: HttpResponse): undefined {
    const code = armErrorOfBody(r.body).code;
    if (meansGone(404, code) || parent.profile.goneCodes.includes(code ?? "")) return undefined;
    throw notGoneError(toArmOperationError(operation, createRestError(r)), this.endpoint);
  }

  /** The parent's connections: every page (nextLink), or only the first. */
  async list(parent: ParentResource, pages: "all" | "first" = "all"): Promise<ConnectionState[]> {
    const { profile } = parent;
    const operation = `GET ${formatParentResourceId(parent)}/${profile.listCollection}`;
    const all: ConnectionState[] = [];
    let next: string | undefined = `${serviceListPath(parent)}?api-version=${profile.apiVersion}`;
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
      next = pages === "first" || !body.nextLink ? undefined : this.trustedUrl(body.nextLink);
    }
    return all;
  }

  async put(
    parent: ParentResource,
    name: string,
    desired: DesiredConnectionState,
  ): Promise<ServicePutAnswer> {
    const { profile } = parent;
    const operation = `PUT ${formatParentResourceId(parent)}/${profile.collection}/${name}`;
    const body = servicePutBody(profile, desired);
    let identity: TokenIdentity | undefined;
    const r = await withRetry(operation, this.retry, async () => {
      const answer = await this.send(serviceConnectionPath(parent, name), profile.apiVersion).put({
        ...this.options(body),
        onResponse: (raw) => {
          identity = identityOfAuthorization(raw.request.headers.get("authorization"));
        },
      });
      if (!["200", "201", "202"].includes(answer.status)) throw createRestError(answer);
      return answer;
    });
    return {
      statusCode: Number(r.status),
      state: serviceConnectionStateOf(profile, r.body),
      operation: this.operationOf(r),
      retryAfterMs: parseRetryAfterMs(header(r, "retry-after")),
      requestId: requestIdOf(r),
      identity,
    };
  }

  async beginDelete(parent: ParentResource, name: string): Promise<DeleteStart> {
    const { profile } = parent;
    const operation = `DELETE ${formatParentResourceId(parent)}/${profile.collection}/${name}`;
    const r = await withRetry(operation, this.retry, async () => {
      const answer = await this.send(
        serviceConnectionPath(parent, name),
        profile.apiVersion,
      ).delete(this.options());
      if (answer.status === "404" && this.goneOrThrow(parent, operation, answer) === undefined) {
        return answer;
      }
      if (!["200", "202", "204"].includes(answer.status)) throw createRestError(answer);
      return answer;
    });
    const statusCode = Number(r.status);
    if (statusCode === 404) return { kind: "gone", statusCode };
    const pending = statusCode === 202 ? this.operationOf(r) : undefined;
    if (!pending) return { kind: "completed", statusCode, body: r.body };
    const retryAfterMs = parseRetryAfterMs(header(r, "retry-after"));
    return { kind: "accepted", ...pending, retryAfterMs };
  }

  async poll(url: string): Promise<PollAnswer> {
    const r = await withRetry(`GET ${url}`, this.retry, async () => {
      const answer = await this.send(this.trustedUrl(url)).get(this.options());
      const status = Number(answer.status);
      if (status >= 400 && status !== 404) throw createRestError(answer);
      return answer;
    });
    const location = header(r, "location");
    return {
      statusCode: Number(r.status),
      body: r.body,
      retryAfterMs: parseRetryAfterMs(header(r, "retry-after")),
      nextPollUrl: location ? this.trustedUrl(location) : undefined,
    };
  }

  /** Azure-AsyncOperation when the service sends it (it says the outcome), else Location. */
  private operationOf(r: PathUncheckedResponse): OperationUrl | undefined {
    const asyncOperation = header(r, "azure-asyncoperation");
    const url = asyncOperation ?? header(r, "location");
    if (!url) return undefined;
    const style = asyncOperation ? "azure-asyncoperation" : "location";
    return { pollUrl: this.trustedUrl(url), style };
  }

  /** Only the endpoint's origin ever gets our bearer token (as sdkConnectionsApi.ts). */
  private trustedUrl(url: string): string {
    const resolved = new URL(url, `${this.endpoint}/`);
    const expected = new URL(this.endpoint).origin;
    if (resolved.origin !== expected) {
      throw new Error(
        `ARM answered with a URL on another host (${resolved.origin}); refusing to send ` +
          `credentials there (expected ${expected})`,
      );
    }
    return resolved.toString();
  }
}

function isList(body: unknown): body is { value: unknown[]; nextLink?: string } {
  return (
    typeof body === "object" && body !== null && Array.isArray((body as { value?: unknown }).value)
  );
}

function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return value === undefined || value === "" ? undefined : value;
}

function requestIdOf(response: HttpResponse): string | undefined {
  return header(response, "x-ms-request-id");
}
