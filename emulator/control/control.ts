/**
 * The one implementation of EmulatorControl: tests call it in-process, and the /_emulator
 * HTTP routes (controlHttp.ts) call it with parsed JSON. Because JSON can hold anything,
 * every argument is checked (arguments.ts); mistakes throw an ArmError with a 4xx status.
 */
import { mergeBehavior } from "../behavior";
import type {
  EmulatorBehavior,
  EmulatorControl,
  FaultRule,
  FederatedCredentialParams,
  OidcTokenParams,
} from "../types";
import { federatedCredentialOf, oidcTokenParamsOf } from "./arguments";
import { connectionControl } from "./connectionControl";
import type { ControlDeps } from "./controlDeps";

/** Behavior, faults and the request log: how the emulator answers, not what it holds. */
function answeringControl(deps: ControlDeps) {
  return {
    setBehavior(b: Partial<EmulatorBehavior>): EmulatorBehavior {
      const merged = mergeBehavior(deps.behavior.current, b);
      deps.behavior.current = merged;
      if (Object.prototype.hasOwnProperty.call(b, "throttle")) {
        deps.throttle.configure(merged.throttle);
      }
      return structuredClone(merged);
    },
    getBehavior: (): EmulatorBehavior => structuredClone(deps.behavior.current),
    injectFault: (rule: FaultRule): void => deps.faults.add(rule),
    pendingFaults: (): number => deps.faults.pending(),
    clearFaults: (): void => deps.faults.clear(),
    completeRunningOperations: (): number => deps.state.completeRunningOperations(),
    advanceClock: (ms: number): void => deps.clock.advance(ms),
    requestLog: () => deps.log.all(),
    clearRequestLog: (): void => deps.log.clear(),
  } satisfies Partial<EmulatorControl>;
}

/** Tokens, federated credentials and OIDC tokens: the Entra ID side. */
function identityControl(deps: ControlDeps) {
  return {
    expireTokens: (): void => deps.tokens.expireAll(),
    issuedTokens: (): string[] => deps.tokens.issuedTokens(),
    addFederatedCredential: (c: FederatedCredentialParams) =>
      deps.federated.add(federatedCredentialOf(c)),
    federatedCredentials: () => deps.federated.list(),
    issueOidcToken: (p: OidcTokenParams = {}): string =>
      deps.oidcIssuer.issue(oidcTokenParamsOf(p)),
    issuedOidcTokens: (): string[] => deps.oidcIssuer.issuedTokens(),
  } satisfies Partial<EmulatorControl>;
}

export function createControl(deps: ControlDeps): EmulatorControl {
  return {
    ...connectionControl(deps),
    ...answeringControl(deps),
    ...identityControl(deps),
    reset(): void {
      deps.federated.clear();
      deps.state.clear();
      deps.behavior.current = structuredClone(deps.initialBehavior);
      deps.throttle.configure(deps.behavior.current.throttle);
      deps.faults.clear();
      deps.log.clear();
    },
  };
}
