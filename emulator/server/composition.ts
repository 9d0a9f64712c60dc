/**
 * Composition: every part of the emulator built from the start options and the URL it is
 * served at. No sockets and no request handling here; the request listener uses these parts.
 */
import { emulatorClock } from "../clock";
import type { ArmContext } from "../arm/context";
import { mergeBehavior } from "../behavior";
import { createControl } from "../control/control";
import type { BehaviorBox } from "../control/controlDeps";
import {
  DEFAULT_ARM_AUDIENCE,
  CLASSIC_ARM_AUDIENCE,
  DEFAULT_BEHAVIOR,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_TENANT_ID,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  MIN_TOKEN_LIFETIME_SECONDS,
} from "../defaults";
import { FaultInjector } from "../faults/faults";
import { Throttle } from "../faults/throttle";
import type { AadContext } from "../identity/aad";
import { FederatedCredentials } from "../identity/federatedCredentials";
import { ManagedIdentityEndpoint } from "../identity/managedIdentity";
import { OidcIssuer } from "../identity/oidcIssuer";
import { TokenAuthority } from "../identity/tokens";
import { EmulatorState } from "../state/state";
import type { EmulatorControl, EmulatorOptions } from "../types";
import { RequestLog } from "./requestLog";
import { OIDC_PREFIX, OIDC_REQUEST_PATH } from "./routes";

export interface EmulatorParts {
  /** https://127.0.0.1:<port> */
  url: string;
  clientSecret: string;
  armAudience: string;
  faults: FaultInjector;
  log: RequestLog;
  oidcIssuer: OidcIssuer;
  managedIdentity: ManagedIdentityEndpoint;
  control: EmulatorControl;
  armContext: ArmContext;
  aadContext: AadContext;
}

/** Checked before anything is created, so a bad option leaves nothing behind. */
export function checkOptions(options: EmulatorOptions): void {
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

export function composeEmulator(options: EmulatorOptions, url: string): EmulatorParts {
  const emulatorTime = emulatorClock(options.virtualClock ?? false);
  const clock = emulatorTime.now;
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
  const oidcIssuer = new OidcIssuer(
    `${url}/${OIDC_PREFIX}`,
    `${url}${OIDC_REQUEST_PATH}?api-version=2.0`,
    clock,
  );
  const federated = new FederatedCredentials(oidcIssuer, clock);
  const control = createControl({
    state,
    faults,
    log,
    tokens,
    throttle,
    behavior,
    initialBehavior,
    tenantId: DEFAULT_TENANT_ID,
    clock: emulatorTime,
    federated,
    oidcIssuer,
  });
  const armContext: ArmContext = {
    state,
    behavior: () => behavior.current,
    baseUrl: url,
    tenantId: DEFAULT_TENANT_ID,
    armAudiences:
      options.armAudience === undefined ? [armAudience, CLASSIC_ARM_AUDIENCE] : [armAudience],
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
  const managedIdentity = new ManagedIdentityEndpoint(tokens);
  return {
    url,
    clientSecret,
    armAudience,
    faults,
    log,
    oidcIssuer,
    managedIdentity,
    control,
    armContext,
    aadContext,
  };
}
