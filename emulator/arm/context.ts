import type { EmulatorState } from "../state/state";
import type { Throttle } from "../faults/throttle";
import type { TokenAuthority } from "../identity/tokens";
import type { ArmTarget } from "../server/routes";
import type { EmulatorBehavior } from "../types";

/** What the ARM handlers share: the state, the current behavior and where they are served. */
export interface ArmContext {
  state: EmulatorState;
  behavior(): EmulatorBehavior;
  /** https://127.0.0.1:<port> */
  baseUrl: string;
  tenantId: string;
  /** The audiences a token may be for (any case, trailing slash or not). */
  armAudiences: readonly string[];
  tokens: TokenAuthority;
  throttle: Throttle;
}

export interface ArmRequest<T extends ArmTarget = ArmTarget> {
  target: T;
  method: string;
  url: URL;
  apiVersion: string;
  readBody: () => Promise<string>;
}
