import * as fs from "node:fs";
import * as https from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import type { RunningEmulator } from "../../../emulator";

/**
 * A small HTTPS client that trusts the emulator's CA explicitly (the test process itself was
 * not started with NODE_EXTRA_CA_CERTS), with a bearer token fetched from the emulator's
 * own token endpoint.
 */

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** A bearer token; undefined fetches (and caches) a valid ARM token; false sends none. */
  token?: string | false;
}

export const ARM_SCOPE = "https://management.azure.com/.default";

export function json<T = Record<string, unknown>>(result: HttpResult): T {
  return JSON.parse(result.text) as T;
}

export function header(result: HttpResult, name: string): string | undefined {
  const value = result.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

export function send(
  emulator: RunningEmulator,
  method: string,
  pathOrUrl: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const url = pathOrUrl.startsWith("https://") ? pathOrUrl : `${emulator.url}${pathOrUrl}`;
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method,
        ca: fs.readFileSync(emulator.caPath),
        agent: false,
        headers: {
          ...headers,
          ...(body === undefined ? {} : { "content-length": Buffer.byteLength(body) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

export function requestToken(
  emulator: RunningEmulator,
  form: Record<string, string> = {},
  tenant = emulator.tenantId,
): Promise<HttpResult> {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: emulator.clientId,
    client_secret: emulator.clientSecret,
    scope: ARM_SCOPE,
    ...form,
  }).toString();
  return send(emulator, "POST", `/${tenant}/oauth2/v2.0/token`, body, {
    "content-type": "application/x-www-form-urlencoded",
  });
}

const tokens = new WeakMap<RunningEmulator, string>();

export async function armToken(emulator: RunningEmulator): Promise<string> {
  let token = tokens.get(emulator);
  if (!token) {
    const result = await requestToken(emulator);
    if (result.status !== 200) {
      throw new Error(`token endpoint answered ${result.status}: ${result.text}`);
    }
    token = json<{ access_token: string }>(result).access_token;
    tokens.set(emulator, token);
  }
  return token;
}

/** An ARM request as a client sends it: bearer token, JSON body. */
export async function arm(
  emulator: RunningEmulator,
  method: string,
  pathOrUrl: string,
  options: RequestOptions = {},
): Promise<HttpResult> {
  const token = options.token === undefined ? await armToken(emulator) : options.token;
  const headers: Record<string, string> = { ...options.headers };
  if (token !== false) {
    headers.authorization = `Bearer ${token}`;
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  return send(emulator, method, pathOrUrl, body, headers);
}

/** A control-API request; JSON body in, status and JSON out. */
export async function control(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<HttpResult> {
  return send(
    emulator,
    method,
    `/_emulator/${path}`,
    body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? {} : { "content-type": "application/json" },
  );
}
