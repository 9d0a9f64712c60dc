import type * as pulumi from "@pulumi/pulumi";
import { Deadline, realClock, type Clock } from "./arm/clock";
import { createArmContext } from "./arm/client";
import type { ConnectionsApi } from "./arm/connectionsApi";
import { armCredential } from "./arm/credential";
import type { Report } from "./arm/lro";
import { KEY_VAULT, MANAGED_HSM, type ParentKind } from "./arm/parentKinds";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./arm/retry";
import { SdkConnectionsApi } from "./arm/sdkConnectionsApi";
import { readArmSettings, type Environment } from "./config";
import { check } from "./hooks/check";
import type { HookContext } from "./hooks/context";
import { create } from "./hooks/create";
import { deleteConnection } from "./hooks/delete";
import { diff } from "./hooks/diff";
import { read } from "./hooks/read";
import { update } from "./hooks/update";
import type { ConnectionInputs, ConnectionOutputs } from "./inputs";
import { pulumiProgress } from "./progress";

/**
 * Seams for tests and tools; a provider built with none talks to ARM as configured by env.
 *
 * @internal
 */
export interface ProviderOptions {
  /** Replaces the SDK-backed ARM client (unit tests). */
  connectionsApi?: (subscriptionId: string, deadline: Deadline) => ConnectionsApi;
  /** The environment to read settings from; default: process.env at each call. */
  env?: Environment;
  clock?: Clock;
  report?: Report;
  retryPolicy?: RetryPolicy;
}

/**
 * The dynamic provider: each hook is one file under hooks/, given a HookContext. Settings and
 * credentials are resolved here, at call time, so nothing of them is ever serialized.
 */
export class PrivateEndpointConnectionProvider implements pulumi.dynamic.ResourceProvider {
  private readonly ctx: HookContext;

  constructor(kind: ParentKind, options: ProviderOptions = {}) {
    const clock = options.clock ?? realClock;
    const report = options.report ?? pulumiProgress;
    const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    const env = () => options.env ?? process.env;
    this.ctx = {
      kind,
      get env() {
        return env();
      },
      clock,
      report,
      connectionsApi:
        options.connectionsApi ??
        ((subscriptionId, deadline) => {
          const settings = readArmSettings(env());
          const context = createArmContext(settings, subscriptionId, armCredential(settings));
          return new SdkConnectionsApi(
            context,
            settings.endpoint,
            settings.apiVersion,
            settings.requestTimeoutMs,
            {
              deadline,
              policy,
              clock,
              onRetry: report,
            },
          );
        }),
    };
  }

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
    return check(this.ctx.kind, this.ctx.env, news);
  }

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    return diff(this.ctx.kind, olds, news);
  }

  async create(inputs: ConnectionInputs) {
    return create(this.ctx, inputs);
  }

  async read(id: string, props?: Partial<ConnectionOutputs>) {
    return read(this.ctx, id, props);
  }

  async update(_id: string, _olds: ConnectionOutputs, news: ConnectionInputs) {
    return update(this.ctx, news);
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
