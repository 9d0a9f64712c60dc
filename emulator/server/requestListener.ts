/**
 * The request listener: classifies each request, sends /_emulator to the control API, applies
 * injected faults to the rest, routes what is left and records it in the request log.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { handleControl } from "../control/controlHttp";
import { DEFAULT_TENANT_ID } from "../defaults";
import { armErrorBody } from "../errors";
import { faultAnswer, pageAnswer } from "../faults/faultAnswer";
import type { EmulatorParts } from "./composition";
import { readBody, writeAnswer, type Answer } from "./http";
import { formatLogLine } from "./requestLog";
import { classify, type ClassifiedRequest } from "./routes";
import { routeRequest } from "./router";
import type { Listener } from "./listeningServer";
import type { Fault, RequestOp } from "../types";

export interface RequestListener {
  listener: Listener;
  /** Cancels pending injected delays; a delayed request then gets no answer. */
  stop(): void;
}

type LogLine = (line: string) => void;

/** Control requests are never logged and never subject to faults. */
async function answerControl(
  parts: EmulatorParts,
  controlPath: string[],
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const answer = await handleControl(parts.control, {
    path: controlPath,
    method: req.method ?? "GET",
    url,
    readBody: () => readBody(req),
  });
  writeAnswer(res, answer);
}

/** Records one request in the log (and the log option), with its duration so far. */
function recorder(parts: EmulatorParts, req: IncomingMessage, op: RequestOp, log?: LogLine) {
  const requestId = randomUUID();
  const startedAt = Date.now();
  const record = (status: number) => {
    const entry = {
      time: new Date(startedAt).toISOString(),
      method: req.method ?? "GET",
      path: req.url ?? "/",
      op,
      status,
      durationMs: Date.now() - startedAt,
      requestId,
    };
    parts.log.add(entry);
    log?.(formatLogLine(entry));
  };
  return { requestId, record };
}

/** Timers of injected delays, so stop() can cancel the ones still waiting. */
function delayTimers() {
  const timers = new Set<NodeJS.Timeout>();
  return {
    sleep(ms: number): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timer.unref();
        timers.add(timer);
      });
    },
    cancelAll(): void {
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
    },
  };
}

/** The injected status fault, or the routed answer; a throw here is an emulator bug (500). */
async function answerOrFault(
  parts: EmulatorParts,
  classified: ClassifiedRequest,
  req: IncomingMessage,
  requestId: string,
  fault: Fault | undefined,
  log?: LogLine,
): Promise<Answer> {
  try {
    if (fault?.kind === "page") {
      return pageAnswer(fault);
    }
    return fault?.kind === "status"
      ? faultAnswer(fault, classified, req, requestId, `${parts.url}/${DEFAULT_TENANT_ID}`)
      : await routeRequest(parts, classified, req, requestId);
  } catch (error) {
    // A bug in the emulator, not an emulated failure: say so loudly.
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log?.(`emulator error on ${req.method ?? "GET"} ${req.url ?? "/"}: ${message}`);
    return { status: 500, body: armErrorBody("EmulatorInternalError", message) };
  }
}

export function createRequestListener(parts: EmulatorParts, log?: LogLine): RequestListener {
  const delays = delayTimers();
  let stopped = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const classified = classify(method, path);
    if (classified.route.area === "control") {
      return answerControl(parts, classified.route.path, classified.url, req, res);
    }
    // Logged before the answer is written, so a client that has its answer finds it logged.
    const { requestId, record } = recorder(parts, req, classified.op, log);
    const fault = parts.faults.take({ method, op: classified.op, path });
    if (fault?.kind === "reset") {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "delay") {
      await delays.sleep(fault.ms);
      if (stopped) {
        return;
      }
    }
    const result = await answerOrFault(parts, classified, req, requestId, fault, log);
    record(result.status);
    writeAnswer(res, result);
  }

  return {
    listener(req: IncomingMessage, res: ServerResponse) {
      handle(req, res).catch((error: unknown) => {
        log?.(`emulator error on ${req.method} ${req.url}: ${String(error)}`);
        res.destroy();
      });
    },
    stop() {
      stopped = true;
      delays.cancelAll();
    },
  };
}
