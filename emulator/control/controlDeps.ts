import type { EmulatorClock } from "../clock";
import type { FaultInjector } from "../faults/faults";
import type { Throttle } from "../faults/throttle";
import type { FederatedCredentials } from "../identity/federatedCredentials";
import type { OidcIssuer } from "../identity/oidcIssuer";
import type { TokenAuthority } from "../identity/tokens";
import type { RequestLog } from "../server/requestLog";
import type { EmulatorState } from "../state/state";
import type { EmulatorBehavior } from "../types";

/** The current behavior, shared by reference so a change reaches ARM's handlers at once. */
export interface BehaviorBox {
  current: EmulatorBehavior;
}

/** The parts the control API reads and changes. */
export interface ControlDeps {
  state: EmulatorState;
  faults: FaultInjector;
  log: RequestLog;
  tokens: TokenAuthority;
  throttle: Throttle;
  behavior: BehaviorBox;
  /** What reset() returns to: the built-in defaults with the start options applied. */
  initialBehavior: EmulatorBehavior;
  tenantId: string;
  clock: EmulatorClock;
  federated: FederatedCredentials;
  oidcIssuer: OidcIssuer;
}
