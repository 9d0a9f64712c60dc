import type * as provider from "@pulumi/pulumi/provider";
import {
  AnyPrivateEndpointConnectionPolicyProvider,
  KeyVaultPrivateEndpointConnectionPolicyProvider,
  MhsmPrivateEndpointConnectionPolicyProvider,
  type PolicyProviderOptions,
} from "../policy/provider";
import {
  AnyPrivateEndpointConnectionProvider,
  KeyVaultPrivateEndpointConnectionProvider,
  MhsmPrivateEndpointConnectionProvider,
} from "../provider";
import { connectionPlugin } from "./connectionPlugin";
import { policyPlugin } from "./policyPlugin";
import type { ServedResource } from "./servedResource";
import { packageSchema } from "./schema";
import {
  CONNECTION_TOKEN,
  POLICY_TOKEN,
  KEY_VAULT_CONNECTION_TOKEN,
  KEY_VAULT_POLICY_TOKEN,
  MHSM_CONNECTION_TOKEN,
  MHSM_POLICY_TOKEN,
  typeOfUrn,
} from "./tokens";
import { withoutSecretValues } from "./wire";

/**
 * The provider plugin's face of the hooks: each method finds the dynamic provider of the
 * resource's type (a connection's, or the approval policy's) and calls it, so settings, credentials, validation, faults and messages
 * are the dynamic provider's, exactly. Only the wire differs: the type comes from the URN,
 * secrets arrive wrapped and leave wrapped (wire.ts), and the engine records only what the
 * program declared (declared.ts).
 */
export function pluginProvider(
  version: string,
  options: PolicyProviderOptions = {},
): provider.Provider {
  const served: Record<string, ServedResource> = {
    [CONNECTION_TOKEN]: connectionPlugin(new AnyPrivateEndpointConnectionProvider(options)),
    [POLICY_TOKEN]: policyPlugin(new AnyPrivateEndpointConnectionPolicyProvider(options)),
    [MHSM_CONNECTION_TOKEN]: connectionPlugin(new MhsmPrivateEndpointConnectionProvider(options)),
    [KEY_VAULT_CONNECTION_TOKEN]: connectionPlugin(
      new KeyVaultPrivateEndpointConnectionProvider(options),
    ),
    [MHSM_POLICY_TOKEN]: policyPlugin(new MhsmPrivateEndpointConnectionPolicyProvider(options)),
    [KEY_VAULT_POLICY_TOKEN]: policyPlugin(
      new KeyVaultPrivateEndpointConnectionPolicyProvider(options),
    ),
  };
  const of = (urn: string): ServedResource => {
    const type = typeOfUrn(urn);
    const found = Object.hasOwn(served, type) ? served[type] : undefined;
    if (found === undefined) {
      throw new Error(
        `unknown resource type '${type}'; this provider serves ${Object.keys(served).join(", ")}`,
      );
    }
    return found;
  };
  return {
    version,
    schema: JSON.stringify(packageSchema(version)),
    check: async (urn, olds, news) => {
      // A failure quotes the bad value so it can be fixed; never one the program made secret.
      const result = await of(urn).check(olds, news);
      const failures = result.failures?.map((f) => ({
        ...f,
        reason: withoutSecretValues(f.reason, olds, news),
      }));
      return failures ? { ...result, failures } : result;
    },
    diff: async (id, urn, olds, news) => of(urn).diff(id, olds, news),
    create: async (urn, news) => of(urn).create(news),
    read: async (id, urn, props) => of(urn).read(id, props),
    update: async (id, urn, olds, news) => of(urn).update(id, olds, news),
    delete: async (id, urn, props) => of(urn).delete(id, props),
  };
}
