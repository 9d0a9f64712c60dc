/**
 * What both doors to ARM read from an answer the same way: its headers, where a long-running
 * operation goes on (only on the endpoint's origin, which alone gets our bearer token), and
 * one answer of an operation's status URL.
 */

import type { HttpResponse } from "@azure-rest/core-client";
import type { PollAnswer } from "./connectionsApi";
import { parseRetryAfterMs } from "./errors";

/** Where a long-running operation's progress is read. */
export interface OperationUrl {
  pollUrl: string;
  style: "location" | "azure-asyncoperation";
}

export function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return value === undefined || value === "" ? undefined : value;
}

export function requestIdOf(response: HttpResponse): string | undefined {
  return header(response, "x-ms-request-id");
}

/**
 * Resolves a relative URL against the endpoint, and refuses one on another origin: the client
 * would send it our bearer token, and only HTTPS to ARM may leave the process.
 */
export function trustedUrl(endpoint: string, url: string): string {
  const resolved = new URL(url, `${endpoint}/`);
  const expected = new URL(endpoint).origin;
  if (resolved.origin !== expected) {
    throw new Error(
      `ARM answered with an operation URL on another host (${resolved.origin}); ` +
        `refusing to send credentials there (expected ${expected})`,
    );
  }
  return resolved.toString();
}

/** Azure-AsyncOperation when ARM sends it (it says the outcome), else Location; else none. */
export function operationOf(response: HttpResponse, endpoint: string): OperationUrl | undefined {
  const asyncOperation = header(response, "azure-asyncoperation");
  const url = asyncOperation ?? header(response, "location");
  if (!url) return undefined;
  const style = asyncOperation ? "azure-asyncoperation" : "location";
  return { pollUrl: trustedUrl(endpoint, url), style };
}

/** One answer of an operation's status URL: status, body, Retry-After, a trusted next URL. */
export function pollAnswerOf(response: HttpResponse, endpoint: string): PollAnswer {
  const location = header(response, "location");
  return {
    statusCode: Number(response.status),
    body: response.body,
    retryAfterMs: parseRetryAfterMs(header(response, "retry-after")),
    nextPollUrl: location ? trustedUrl(endpoint, location) : undefined,
  };
}
