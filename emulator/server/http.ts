import type { IncomingMessage, ServerResponse } from "node:http";
import { badRequest } from "../errors";

/**
 * Handlers return an Answer instead of writing to the response, so every answer passes the
 * same place that adds common headers, logs it and serializes JSON.
 */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON; undefined sends an empty body. */
  body?: unknown;
  /** Sent as it is, with headers' content-type, instead of body: a page that is not ARM's. */
  text?: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(badRequest(`the request body exceeds ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function writeAnswer(
  res: ServerResponse,
  answer: Answer,
  commonHeaders: Record<string, string> = {},
): void {
  const headers: Record<string, string> = { ...commonHeaders, ...answer.headers };
  let payload = "";
  if (answer.text !== undefined) {
    payload = answer.text;
  } else if (answer.body !== undefined) {
    payload = JSON.stringify(answer.body);
    headers["content-type"] = "application/json; charset=utf-8";
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(answer.status, headers);
  res.end(payload);
}
