import type * as pulumi from "@pulumi/pulumi";
import { Deadline, realClock, type Clock } from "./arm/clock";
import { createArmContext } from "./arm/client";
import type { ConnectionsApi } from "./arm/connectionsApi";
import { armCredential } from "./arm/credential";
import type { Report } from "./arm/lro";
import { oneDoor } from "./arm/door";
import { KEY_VAULT, MANAGED_HSM } from "./arm/parentKinds";
import { profileFromRegistration, type RegistrationLookup } from "./arm/providerRegistration";
import { ServiceConnectionsApi } from "./arm/serviceConnectionsApi";
import { PREFLIGHT_MS } from "./hooks/preflight";
import { ANY_PARENT, type ParentNaming } from "./parentInputs";
import type { ArmBudget } from "./arm/armBudget";
import { FIXED_POLL_VARIABLE, READS_PER_SECOND_VARIABLE, hostPacing } from "./arm/readBudget";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./arm/retry";
import { SdkConnectionsApi } from "./arm/sdkConnectionsApi";
import { readArmSettings, type Environment } from "./config";
import { principalOf, resolveCredentialSettings } from "./credentialSettings";
import { declaredInThisProcess, type DeclaredInDeployment } from "./declarations";
import { checkAgainstState } from "./hooks/check";
import type { HookContext } from "./hooks/context";
import { create } from "./hooks/create";
import { deleteConnection } from "./hooks/delete";
import { diff } from "./hooks/diff";
import { read } from "./hooks/read";
import { missingParentFailure } from "./hooks/parentExists";
import { unprofiledParentFailure } from "./hooks/registeredParent";
import { declareChecked, declareConnectionOf } from "./hooks/declare";
import { FoundParents, processFoundParents } from "./hooks/foundParents";
import { missingRenamedConnectionFailure } from "./hooks/renamedConnection";
import { unrestorableDriftFailure } from "./hooks/unrestorableDrift";
import { update } from "./hooks/update";
import type { ConnectionInputs, ConnectionOutputs } from "./inputs";
import { pulumiProgress, pulumiWarning } from "./progress";
import { knownConfigKeys, lookupSetting, type StackConfig } from "./settings";
import { rememberStackConfig, rememberedStackConfig } from "./stackConfig";

/**
 * Seams for tests and tools; a provider built with none talks to ARM as configured by env.
 *
 * @internal
 */
export interface ProviderOptions {
  /** Replaces the SDK-backed ARM client (unit tests). */
  connectionsApi?: (subscriptionId: string, deadline: Deadline) => ConnectionsApi;
  /** Replaces ARM's provider registration lookup (unit tests). */
  registration?: RegistrationLookup;
  /** The environment to read settings from; default: process.env at each call. */
  env?: Environment;
  clock?: Clock;
  report?: Report;
  /** Lasting warnings; default: pulumiWarning. */
  warning?: Report;
  retryPolicy?: RetryPolicy;
  /**
   * The budget every ARM request goes through; default: the process's one for the
   * subscription and principal (armBudget.ts), except for a provider given its own clock
   * (tests), which has none.
   */
  armBudget?: ArmBudget;
  /** What the deployment declares; default: the one record of this process. */
  declarations?: DeclaredInDeployment;
}

/**
 * The dynamic provider: each hook is one file under hooks/, given a HookContext. Settings and
 * credentials are resolved here, at call time, so nothing of them is ever serialized.
 */
export class PrivateEndpointConnectionProvider implements pulumi.dynamic.ResourceProvider {
  /** The hooks' context, shared with the approval policy provider built on the same ARM layer. */
  readonly ctx: HookContext;
  /** What `configure` kept of the stack's configuration: only the keys settings.ts reads. */
  private config: StackConfig | undefined;

  constructor(kind: ParentNaming, options: ProviderOptions = {}) {
    const clock = options.clock ?? realClock;
    const report = options.report ?? pulumiProgress;
    const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    const env = () => options.env ?? process.env;
    // A provider object the host made after `configure` ran on another one (see stackConfig.ts).
    const config = () => this.config ?? rememberedStackConfig();
    const principal = (subscriptionId: string) =>
      `${readArmSettings(env(), config()).endpoint} ${subscriptionId} ${principalOf(resolveCredentialSettings(env(), config()))}`;
    this.ctx = {
      kind,
      get env() {
        return env();
      },
      get config() {
        return config();
      },
      clock,
      report,
      warn: options.warning ?? pulumiWarning,
      declarations: options.declarations ?? declaredInThisProcess,
      // A provider given its own ARM client (tests) keeps its own record of parents found.
      principal: options.connectionsApi ? (subscriptionId) => subscriptionId : principal,
      foundParents: options.connectionsApi ? new FoundParents() : processFoundParents,
      get pacing() {
        const budget = options.armBudget;
        if (budget) return { budget: () => budget };
        if (options.clock) return undefined;
        // arm/ takes plain values; stack config and the variables are resolved on this side.
        return hostPacing({
          [READS_PER_SECOND_VARIABLE]: lookupSetting("pollReadsPerSecond", config(), env())?.value,
          [FIXED_POLL_VARIABLE]: lookupSetting("fixedPollSeconds", config(), env())?.value,
        });
      },
      connectionsApi:
        options.connectionsApi ??
        ((subscriptionId, deadline) => {
          const { context, settings } = armClient(subscriptionId);
          const retry = { deadline, policy, clock, onRetry: report };
          const { endpoint, apiVersion, requestTimeoutMs } = settings;
          return oneDoor(
            new SdkConnectionsApi(context, endpoint, apiVersion, requestTimeoutMs, retry),
            new ServiceConnectionsApi(context, endpoint, requestTimeoutMs, retry),
          );
        }),
      registration:
        options.registration ??
        ((subscriptionId, resourceType, field) => {
          const retry = { deadline: new Deadline(PREFLIGHT_MS, clock), policy, clock };
          const { context } = armClient(subscriptionId);
          return profileFromRegistration(context, subscriptionId, resourceType, field, retry);
        }),
    };
    /** A client on the subscription's budget for the configured identity. */
    const armClient = (subscriptionId: string) => {
      const settings = readArmSettings(env(), config());
      const credentialSettings = resolveCredentialSettings(env(), config());
      const credential = armCredential(settings, credentialSettings);
      const budget = this.ctx.pacing?.budget?.(principal(subscriptionId));
      return { context: createArmContext(settings, subscriptionId, credential, budget), settings };
    };
  }

  /**
   * Called by the provider host once per process with the stack's whole configuration
   * (namespaces kept, secrets in plain text). Only the keys this package reads are kept, in
   * memory: the provider object is never serialized after this point.
   */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    const kept: Record<string, string> = {};
    for (const key of knownConfigKeys()) {
      const value = req.config.get(key);
      if (value !== undefined) {
        kept[key] = value;
      }
    }
    this.config = kept;
    rememberStackConfig(kept);
  }

  /**
   * Valid inputs are then held against the state: when a refresh recorded drift Azure lets no
   * one undo, one GET confirms it, so preview says it too (unrestorableDrift.ts); a new
   * resource's HSM or vault that does not exist fails here too (parentExists.ts), and so does a
   * new name that names no connection (renamedConnection.ts). What passes is recorded as
   * declared by this deployment (declarations.ts).
   */
  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const checked = checkAgainstState(this.ctx.kind, this.ctx.env, olds, news, this.ctx.config);
    if (checked.failures.length === 0) {
      const refusal =
        (await unprofiledParentFailure(this.ctx, checked.inputs)) ??
        (await unrestorableDriftFailure(this.ctx, olds, checked.inputs)) ??
        (await missingParentFailure(this.ctx, olds, checked.inputs)) ??
        (await missingRenamedConnectionFailure(this.ctx, olds, checked.inputs));
      if (refusal) checked.failures.push(refusal);
      else declareChecked(this.ctx, checked.inputs);
    }
    return checked;
  }

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    return diff(this.ctx.kind, olds, news);
  }

  async create(inputs: ConnectionInputs) {
    return declareConnectionOf(this.ctx, await create(this.ctx, inputs));
  }

  async read(id: string, props?: Partial<ConnectionOutputs>) {
    return read(this.ctx, id, props);
  }

  async update(_id: string, olds: ConnectionOutputs, news: ConnectionInputs) {
    return declareConnectionOf(this.ctx, await update(this.ctx, news, olds));
  }

  async delete(id: string, props: ConnectionOutputs) {
    return deleteConnection(this.ctx, id, props);
  }
}

/**
 * The provider of Managed HSM private endpoint connections; constructible with no arguments.
 * Loaded by the serialized provider in the state, not meant for programs.
 *
 * @internal
 */
export class MhsmPrivateEndpointConnectionProvider extends PrivateEndpointConnectionProvider {
  constructor(options: ProviderOptions = {}) {
    super(MANAGED_HSM, options);
  }
}

/**
 * The provider of key vault private endpoint connections. Loaded by the serialized provider in
 * the state, not meant for programs.
 *
 * @internal
 */
export class KeyVaultPrivateEndpointConnectionProvider extends PrivateEndpointConnectionProvider {
  constructor(options: ProviderOptions = {}) {
    super(KEY_VAULT, options);
  }
}

/**
 * The provider of the private endpoint connections of any private-link service, the parent
 * given by its ARM id. Loaded by the serialized provider in the state, not meant for programs.
 *
 * @internal
 */
export class AnyPrivateEndpointConnectionProvider extends PrivateEndpointConnectionProvider {
  constructor(options: ProviderOptions = {}) {
    super(ANY_PARENT, options);
  }
}
