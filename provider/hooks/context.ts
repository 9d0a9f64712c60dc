import type { Clock, Deadline } from "../arm/clock";
import type { ConnectionsApi } from "../arm/connectionsApi";
import type { Pacing, Report } from "../arm/lro";
import type { RegistrationLookup } from "../arm/providerRegistration";
import type { ParentNaming } from "../parentInputs";
import type { Environment } from "../config";
import type { DeclaredInDeployment } from "../declarations";
import type { StackConfig } from "../settings";
import type { FoundParents } from "./foundParents";

/** What every hook is given: how the inputs name the parent, the environment, the way to ARM. */
export interface HookContext {
  kind: ParentNaming;
  env: Environment;
  /** The stack configuration the provider was configured with (empty until then). */
  config: StackConfig;
  clock: Clock;
  /** ARM's provider registration of a type not in the profile table (providerRegistration.ts). */
  registration: RegistrationLookup;
  /**
   * Who ARM counts this subscription's requests against (endpoint, subscription, principal):
   * what the budget and the parents found are shared by.
   */
  principal(subscriptionId: string): string;
  /** The parents the checks found (the host process's record, or a test's own). */
  foundParents: FoundParents;
  /** ARM for one subscription, every request retried within `deadline`. */
  connectionsApi(subscriptionId: string, deadline: Deadline): ConnectionsApi;
  report: Report;
  /** Lasting warnings (the run's diagnostics): what the user should know of a write. */
  warn: Report;
  /** How waits pace their reads (the host's shared budget); none: each on its own schedule. */
  pacing?: Pacing;
  /** What the running deployment declares: a delete leaves those connections alone. */
  declarations: DeclaredInDeployment;
}
