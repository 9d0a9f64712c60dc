import * as fs from "node:fs";
import * as https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { randomUUID } from "node:crypto";
import { handleAad, type AadContext } from "../identity/aad";
import type { ArmContext } from "../arm/context";
import { armHeaders, handleArm } from "../arm/pipeline";
import { mergeBehavior } from "../behavior";
import { ensureCertificate } from "../tls/certificate";
import { defaultCertDir } from "../tls/certificatePaths";
import { createControl, type BehaviorBox } from "../control/control";
import { handleControl } from "../control/controlHttp";
import {
  DEFAULT_ARM_AUDIENCE,
  DEFAULT_BEHAVIOR,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_SUBSCRIPTION_ID,
  DEFAULT_TENANT_ID,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  MIN_TOKEN_LIFETIME_SECONDS,
} from "../defaults";
import { armErrorBody, bearerChallenge, defaultCodeForStatus, routeNotFound } from "../errors";
import { FaultInjector } from "../faults/faults";
import { readBody, writeAnswer, type Answer } from "./http";
import { RequestLog, formatLogLine } from "./requestLog";
import { FederatedCredentials } from "../identity/federatedCredentials";
import {
  ManagedIdentityEndpoint,
  SYSTEM_ASSIGNED_CLIENT_ID,
  USER_ASSIGNED_CLIENT_ID,
} from "../identity/managedIdentity";
import { OidcIssuer } from "../identity/oidcIssuer";
import {
  MSI_TOKEN_PATH,
  OIDC_PREFIX,
  OIDC_REQUEST_PATH,
  classify,
  type ClassifiedRequest,
} from "./routes";
import { EmulatorState } from "../state/state";
import { Throttle } from "../faults/throttle";
import { TokenAuthority } from "../identity/tokens";
import type { EmulatorOptions, Fault, RunningEmulator } from "../types";

/**
 * The HTTPS server on 127.0.0.1: it sends each request to the control API, the Entra ID
 * endpoints or ARM, applies injected faults to the latter two and logs them.
 */

function checkOptions(options: EmulatorOptions): void {
  const { port, tokenLifetimeSeconds } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new RangeError(`port must be an integer from 0 to 65535 (got ${port})`);
  }
  if (
    tokenLifetimeSeconds !== undefined &&
    !(Number.isInteger(tokenLifetimeSeconds) && tokenLifetimeSeconds >= MIN_TOKEN_LIFETIME_SECONDS)
  ) {
    throw new RangeError(
      `tokenLifetimeSeconds must be an integer above 300, or MSAL will not cache tokens (got ${tokenLifetimeSeconds})`,
    );
  }
}

/** An injected status fault, shaped like the errors of the route it hits. */
function faultAnswer(
  fault: Extract<Fault, { kind: "status" }>,
  classified: ClassifiedRequest,
  req: IncomingMessage,
  requestId: string,
  authorizationUri: string,
): Answer {
  const code = fault.code ?? defaultCodeForStatus(fault.status);
  const message = fault.message ?? `Injected fault: HTTP ${fault.status}.`;
  const retryAfter: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  if (classified.route.area === "aad") {
    return {
      status: fault.status,
      headers: { "x-ms-request-id": requestId, ...retryAfter },
      body: { error: code, error_description: message },
    };
  }
  // Every ARM 401 carries the Bearer challenge, injected ones too.
  const challenge: Record<string, string> =
    fault.status === 401 ? { "www-authenticate": bearerChallenge(authorizationUri, message) } : {};
  return {
    status: fault.status,
    headers: { ...armHeaders(requestId, req.headers), ...retryAfter, ...challenge },
    body: armErrorBody(code, message),
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  checkOptions(options);
  const certificate = ensureCertificate(options.certDir ?? defaultCertDir());
  const clock = () => Date.now();
  const initialBehavior = mergeBehavior({ ...DEFAULT_BEHAVIOR }, options.behavior ?? {});
  const behavior: BehaviorBox = { current: structuredClone(initialBehavior) };
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const armAudience = options.armAudience ?? DEFAULT_ARM_AUDIENCE;
  const state = new EmulatorState(clock, options.stateFile);
  const tokens = new TokenAuthority({
    tenantId: DEFAULT_TENANT_ID,
    clientId: DEFAULT_CLIENT_ID,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    clock,
  });
  const throttle = new Throttle(clock);
  throttle.configure(behavior.current.throttle);
  const faults = new FaultInjector();
  const log = new RequestLog();

  const server = https.createServer({
    key: fs.readFileSync(certificate.keyPath),
    cert: fs.readFileSync(certificate.certPath),
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  // A client that does not trust the CA aborts the handshake; nothing to answer.
  server.on("tlsClientError", (_error, socket) => socket.destroy());
  const delays = new Set<NodeJS.Timeout>();
  let stopped = false;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error("the emulator is not listening on a TCP port");
  }
  const port = address.port;
  const url = `https://127.0.0.1:${port}`;
  const oidcIssuer = new OidcIssuer(
    `${url}/${OIDC_PREFIX}`,
    `${url}${OIDC_REQUEST_PATH}?api-version=2.0`,
    clock,
  );
  const federated = new FederatedCredentials(oidcIssuer, clock);
  const managedIdentity = new ManagedIdentityEndpoint(tokens);
  const control = createControl({
    state,
    faults,
    log,
    tokens,
    throttle,
    behavior,
    initialBehavior,
    tenantId: DEFAULT_TENANT_ID,
    federated,
    oidcIssuer,
  });
  const armContext: ArmContext = {
    state,
    behavior: () => behavior.current,
    baseUrl: url,
    tenantId: DEFAULT_TENANT_ID,
    armAudience,
    tokens,
    throttle,
  };
  const aadContext: AadContext = {
    baseUrl: url,
    tenantId: DEFAULT_TENANT_ID,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret,
    tokens,
    federated,
  };

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      delays.add(timer);
    });
  }

  async function answer(
    classified: ClassifiedRequest,
    req: IncomingMessage,
    requestId: string,
  ): Promise<Answer> {
    const { route, url: requestUrl } = classified;
    const method = req.method ?? "GET";
    let bodyPromise: Promise<string> | undefined;
    const body = () => (bodyPromise ??= readBody(req));
    switch (route.area) {
      case "arm":
        return handleArm(armContext, {
          target: route.target,
          method,
          url: requestUrl,
          headers: req.headers,
          requestId,
          readBody: body,
        });
      case "oidc":
        return oidcIssuer.answer(method, requestUrl, req.headers.authorization);
      case "msi": {
        const header = req.headers["x-identity-header"];
        return managedIdentity.answer(
          method,
          requestUrl,
          Array.isArray(header) ? header[0] : header,
        );
      }
      case "aad": {
        const result = await handleAad(aadContext, {
          endpoint: route.endpoint,
          tenant: route.tenant,
          method,
          url: requestUrl,
          readBody: body,
        });
        return { ...result, headers: { "x-ms-request-id": requestId, ...result.headers } };
      }
      default: {
        const error = routeNotFound(requestUrl.pathname);
        return {
          status: error.status,
          headers: armHeaders(requestId, req.headers),
          body: error.body(),
        };
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const classified = classify(method, path);
    if (classified.route.area === "control") {
      const controlPath = classified.route.path;
      writeAnswer(
        res,
        await handleControl(control, {
          path: controlPath,
          method,
          url: classified.url,
          readBody: () => readBody(req),
        }),
      );
      return;
    }
    const requestId = randomUUID();
    const startedAt = Date.now();
    // Logged before the answer is written, so a client that has its answer finds it logged.
    const record = (status: number) => {
      const entry = {
        time: new Date(startedAt).toISOString(),
        method,
        path,
        op: classified.op,
        status,
        durationMs: Date.now() - startedAt,
        requestId,
      };
      log.add(entry);
      options.log?.(formatLogLine(entry));
    };
    const fault = faults.take({ method, op: classified.op, path });
    if (fault?.kind === "reset") {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "delay") {
      await sleep(fault.ms);
      if (stopped) {
        return;
      }
    }
    let result: Answer;
    try {
      result =
        fault?.kind === "status"
          ? faultAnswer(fault, classified, req, requestId, `${url}/${DEFAULT_TENANT_ID}`)
          : await answer(classified, req, requestId);
    } catch (error) {
      // A bug in the emulator, not an emulated failure: say so loudly.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      options.log?.(`emulator error on ${method} ${path}: ${message}`);
      result = { status: 500, body: armErrorBody("EmulatorInternalError", message) };
    }
    record(result.status);
    writeAnswer(res, result);
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      options.log?.(`emulator error on ${req.method} ${req.url}: ${String(error)}`);
      res.destroy();
    });
  });

  return {
    url,
    port,
    caPath: certificate.caPath,
    tenantId: DEFAULT_TENANT_ID,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret,
    subscriptionId: DEFAULT_SUBSCRIPTION_ID,
    env() {
      return {
        AZURE_RESOURCE_MANAGER_ENDPOINT: url,
        AZURE_AUTHORITY_HOST: url,
        AZURE_TENANT_ID: DEFAULT_TENANT_ID,
        AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
        AZURE_CLIENT_SECRET: clientSecret,
        AZURE_SUBSCRIPTION_ID: DEFAULT_SUBSCRIPTION_ID,
        NODE_EXTRA_CA_CERTS: certificate.caPath,
        ...(options.armAudience === undefined
          ? {}
          : { AZURE_RESOURCE_MANAGER_AUDIENCE: armAudience }),
      };
    },
    identities: {
      oidcIssuer: oidcIssuer.issuer,
      oidcRequestUrl: oidcIssuer.requestUrl,
      oidcRequestToken: oidcIssuer.requestToken,
      identityEndpoint: `${url}${MSI_TOKEN_PATH}`,
      identityHeader: managedIdentity.identityHeader,
      systemAssignedClientId: SYSTEM_ASSIGNED_CLIENT_ID,
      userAssignedClientId: USER_ASSIGNED_CLIENT_ID,
    },
    control,
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      delays.forEach((timer) => clearTimeout(timer));
      delays.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      await closed;
    },
  };
}
