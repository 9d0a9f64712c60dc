import {
  ArmError,
  badRequest,
  controlConnectionNotFound,
  methodNotAllowed,
  routeNotFound,
} from "../errors";
import type { Answer } from "../server/http";
import type { EmulatorControl } from "../types";

/**
 * /_emulator/...: EmulatorControl over HTTP, one route per method, for scripts and for
 * processes that did not start the emulator. JSON in, JSON out; no authentication (the
 * server only listens on 127.0.0.1); never logged and never subject to faults.
 */

export interface ControlRequest {
  /** The path after /_emulator. */
  path: string[];
  method: string;
  url: URL;
  readBody: () => Promise<string>;
}

type Handler = (control: EmulatorControl, req: ControlRequest) => Promise<Answer> | Answer;

async function json(req: ControlRequest): Promise<unknown> {
  const text = await req.readBody();
  try {
    return text === "" ? {} : (JSON.parse(text) as unknown);
  } catch (error) {
    throw badRequest(`the body is not JSON: ${(error as Error).message}`);
  }
}

function fields(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("the body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Query parameters as the object a control method takes; absent ones stay undefined. */
function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

/**
 * The control methods check every argument themselves (control.ts), so parsed JSON is handed
 * over as the parameter type it claims to be.
 */
function checkedByControl<T>(value: unknown): T {
  return value as T;
}

const ok = (body: unknown): Answer => ({ status: 200, body });
const created = (body: unknown): Answer => ({ status: 201, body });
const noContent: Answer = { status: 204 };

/** Route -> method -> handler. */
const ROUTES: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  parents: {
    POST: async (c, r) => created(c.createParent(checkedByControl(fields(await json(r))))),
  },
  connections: {
    POST: async (c, r) => created(c.createConnection(checkedByControl(fields(await json(r))))),
    PATCH: async (c, r) => {
      const body = fields(await json(r));
      return ok(c.setConnection(checkedByControl(body.ref), checkedByControl(body.change)));
    },
    GET: (c, r) => {
      const query = queryObject(r.url);
      if (query.connectionName === undefined) {
        return ok(c.listConnections(checkedByControl(query)));
      }
      const connection = c.getConnection(checkedByControl(query));
      if (!connection) {
        throw controlConnectionNotFound(query.connectionName);
      }
      return ok(connection);
    },
  },
  "connections/operation-duration": {
    GET: (c, r) => {
      const { operation, ...ref } = queryObject(r.url);
      const kind = checkedByControl<"put" | "delete">(operation);
      return ok({ operation, durationMs: c.operationDurationMs(kind, checkedByControl(ref)) });
    },
  },
  "operations/complete": {
    POST: (c) => ok({ completed: c.completeRunningOperations() }),
  },
  "clock/advance": {
    POST: async (c, r) => {
      c.advanceClock(checkedByControl<number>(fields(await json(r)).ms));
      return noContent;
    },
  },
  "connections/request-again": {
    POST: async (c, r) => {
      const body = fields(await json(r));
      return ok(c.requestConnectionAgain(checkedByControl(body.ref), checkedByControl(body)));
    },
  },
  "connections/delete-endpoint": {
    POST: async (c, r) => {
      const body = fields(await json(r));
      const connection = c.deletePrivateEndpoint(
        checkedByControl(body.ref),
        checkedByControl(body),
      );
      return connection ? ok(connection) : noContent;
    },
  },
  behavior: {
    GET: (c) => ok(c.getBehavior()),
    PUT: async (c, r) => ok(c.setBehavior(fields(await json(r)))),
  },
  faults: {
    GET: (c) => ok({ pending: c.pendingFaults() }),
    POST: async (c, r) => {
      c.injectFault(checkedByControl(fields(await json(r))));
      return noContent;
    },
    DELETE: (c) => {
      c.clearFaults();
      return noContent;
    },
  },
  requests: {
    GET: (c) => ok(c.requestLog()),
    DELETE: (c) => {
      c.clearRequestLog();
      return noContent;
    },
  },
  tokens: {
    GET: (c) => ok(c.issuedTokens()),
  },
  "tokens/expire": {
    POST: (c) => {
      c.expireTokens();
      return noContent;
    },
  },
  "federated-credentials": {
    GET: (c) => ok(c.federatedCredentials()),
    POST: async (c, r) =>
      created(c.addFederatedCredential(checkedByControl(fields(await json(r))))),
  },
  "oidc-tokens": {
    GET: (c) => ok(c.issuedOidcTokens()),
    POST: async (c, r) =>
      created({ value: c.issueOidcToken(checkedByControl(fields(await json(r)))) }),
  },
  reset: {
    POST: (c) => {
      c.reset();
      return noContent;
    },
  },
};

export async function handleControl(
  control: EmulatorControl,
  req: ControlRequest,
): Promise<Answer> {
  try {
    const route = ROUTES[req.path.join("/")];
    if (!route) {
      throw routeNotFound(`/_emulator/${req.path.join("/")}`);
    }
    const handler = route[req.method];
    if (!handler) {
      throw methodNotAllowed(req.method);
    }
    return await handler(control, req);
  } catch (error) {
    if (error instanceof ArmError) {
      return { status: error.status, headers: { ...error.headers }, body: error.body() };
    }
    throw error;
  }
}
