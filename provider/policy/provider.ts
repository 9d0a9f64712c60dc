import type * as pulumi from "@pulumi/pulumi";
import { KEY_VAULT, MANAGED_HSM } from "../arm/parentKinds";
import { unprofiledParentFailure } from "../hooks/registeredParent";
import { ANY_PARENT, type ParentNaming } from "../parentInputs";
import { declarePolicyChecked } from "../hooks/declare";
import { pulumiNotice, pulumiWarning } from "../progress";
import { PrivateEndpointConnectionProvider, type ProviderOptions } from "../provider";
import { applyPolicy } from "./apply";
import { checkPolicy } from "./checkPolicy";
import { DEFAULT_MAX_CONCURRENT_WRITES, type PolicyContext } from "./context";
import { deletePolicy } from "./delete";
import { diffPolicy } from "./diff";
import { readPolicy } from "./read";
import type { PolicyInputs, PolicyOutputs } from "./rules";

/**
 * Seams for tests and tools, beyond the connection provider's; a provider built with none
 * talks to ARM as configured by env.
 *
 * @internal
 */
export interface PolicyProviderOptions extends ProviderOptions {
  /** Default: pulumiNotice (the run's diagnostics). */
  notice?: (message: string) => void;
  /** Default: pulumiWarning (the run's diagnostics, as warnings): what check accepts with one. */
  warning?: (message: string) => void;
  /** Default: DEFAULT_MAX_CONCURRENT_WRITES. */
  maxConcurrentWrites?: number;
}

/**
 * The approval policy's dynamic provider. It reaches ARM exactly as the connection provider
 * does (same settings, credentials, retry policy and SDK client), through that provider's
 * hook context.
 *
 * @internal
 */
export class PrivateEndpointConnectionPolicyProvider implements pulumi.dynamic.ResourceProvider {
  private readonly ctx: PolicyContext;
  /** Holds the stack configuration `configure` hands over, exactly as for a connection. */
  private readonly connections: PrivateEndpointConnectionProvider;
  private readonly warning: (message: string) => void;

  constructor(kind: ParentNaming, options: PolicyProviderOptions = {}) {
    this.connections = new PrivateEndpointConnectionProvider(kind, options);
    this.warning = options.warning ?? pulumiWarning;
    this.ctx = {
      hook: this.connections.ctx,
      notice: options.notice ?? pulumiNotice,
      maxConcurrentWrites: options.maxConcurrentWrites ?? DEFAULT_MAX_CONCURRENT_WRITES,
    };
  }

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    await this.connections.configure(req);
  }

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
    const { inputs, failures, warnings } = checkPolicy(
      this.ctx.hook.kind,
      this.ctx.hook.env,
      news,
      this.ctx.hook.config,
    );
    warnings.forEach((message) => this.warning(message));
    if (failures.length === 0) {
      const refusal = await unprofiledParentFailure(this.ctx.hook, inputs);
      if (refusal) failures.push(refusal);
      else declarePolicyChecked(this.ctx.hook, inputs);
    }
    return { inputs, failures };
  }

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    return diffPolicy(this.ctx, olds, news);
  }

  async create(inputs: PolicyInputs) {
    return applyPolicy(this.ctx, inputs, "create");
  }

  async read(id: string, props?: Partial<PolicyOutputs>) {
    return readPolicy(this.ctx, id, props);
  }

  async update(_id: string, _olds: PolicyOutputs, news: PolicyInputs) {
    const { outs } = await applyPolicy(this.ctx, news, "update");
    return { outs };
  }

  async delete(_id: string, props: PolicyOutputs) {
    return deletePolicy(this.ctx, props);
  }
}

/**
 * The approval policy provider for a Managed HSM's connections. Loaded by the serialized
 * provider in the state, not meant for programs.
 *
 * @internal
 */
export class MhsmPrivateEndpointConnectionPolicyProvider extends PrivateEndpointConnectionPolicyProvider {
  constructor(options: PolicyProviderOptions = {}) {
    super(MANAGED_HSM, options);
  }
}

/**
 * The approval policy provider for a key vault's connections. Loaded by the serialized
 * provider in the state, not meant for programs.
 *
 * @internal
 */
export class KeyVaultPrivateEndpointConnectionPolicyProvider extends PrivateEndpointConnectionPolicyProvider {
  constructor(options: PolicyProviderOptions = {}) {
    super(KEY_VAULT, options);
  }
}

/**
 * The approval policy provider for the connections of any private-link service's resource,
 * given by its ARM id. Loaded by the serialized provider in the state, not meant for programs.
 *
 * @internal
 */
export class AnyPrivateEndpointConnectionPolicyProvider extends PrivateEndpointConnectionPolicyProvider {
  constructor(options: PolicyProviderOptions = {}) {
    super(ANY_PARENT, options);
  }
}
