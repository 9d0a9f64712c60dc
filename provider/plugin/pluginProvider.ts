import type * as provider from "@pulumi/pulumi/provider";
import type { ConnectionInputs, ConnectionOutputs } from "../inputs";
import {
  KeyVaultPrivateEndpointConnectionProvider,
  MhsmPrivateEndpointConnectionProvider,
  type PrivateEndpointConnectionProvider,
  type ProviderOptions,
} from "../provider";
import { withRequestTimeout } from "./requestTimeouts";
import { packageSchema } from "./schema";
import { KEY_VAULT_CONNECTION_TOKEN, MHSM_CONNECTION_TOKEN, typeOfUrn } from "./tokens";
import { plainRecord, secretProperties, withSecrets, withoutSecretValues } from "./wire";

/**
 * The provider plugin's face of the hooks: each method finds the dynamic provider of the
 * resource's type and calls it, so settings, credentials, validation, faults and messages
 * are the dynamic provider's, exactly. Only the wire differs: the type comes from the URN,
 * and secrets arrive wrapped and leave wrapped (wire.ts).
 */
export function pluginProvider(version: string, options: ProviderOptions = {}): provider.Provider {
  const providers: Record<string, PrivateEndpointConnectionProvider> = {
    [MHSM_CONNECTION_TOKEN]: new MhsmPrivateEndpointConnectionProvider(options),
    [KEY_VAULT_CONNECTION_TOKEN]: new KeyVaultPrivateEndpointConnectionProvider(options),
  };
  const of = (urn: string): PrivateEndpointConnectionProvider => {
    const type = typeOfUrn(urn);
    const found = Object.hasOwn(providers, type) ? providers[type] : undefined;
    if (found === undefined) {
      throw new Error(
        `unknown resource type '${type}'; this provider serves ${Object.keys(providers).join(", ")}`,
      );
    }
    return found;
  };
  const inputs = (value: unknown) => plainRecord(value) as unknown as ConnectionInputs;
  const outputs = (value: unknown) => plainRecord(value) as unknown as ConnectionOutputs;
  /** The hooks wait as long as customTimeouts says; the state keeps the timeouts as given. */
  const timed = (value: unknown, operation: "create" | "update" | "delete") =>
    withRequestTimeout(plainRecord(value), operation);
  const asGiven = (outs: ConnectionOutputs, sent: unknown): ConnectionOutputs => {
    const given = plainRecord(sent).timeouts as ConnectionOutputs["timeouts"];
    const kept = { ...outs };
    if (given === undefined) delete kept.timeouts;
    else kept.timeouts = given;
    return kept;
  };
  return {
    version,
    schema: JSON.stringify(packageSchema(version)),
    check: async (urn, olds, news) => {
      const result = await of(urn).check(plainRecord(olds), plainRecord(news));
      const failures = result.failures?.map((f) => ({
        ...f,
        reason: withoutSecretValues(f.reason, olds, news),
      }));
      return {
        ...result,
        inputs: withSecrets(result.inputs, secretProperties(news)),
        ...(failures ? { failures } : {}),
      };
    },
    diff: async (id, urn, olds, news) => of(urn).diff(id, plainRecord(olds), plainRecord(news)),
    create: async (urn, news) => {
      const result = await of(urn).create(inputs(timed(news, "create")));
      return { ...result, outs: withSecrets(asGiven(result.outs, news), secretProperties(news)) };
    },
    read: async (id, urn, props) => {
      const result = await of(urn).read(id, outputs(props));
      const secret = secretProperties(props);
      return {
        ...result,
        props: withSecrets(result.props, secret),
        inputs: withSecrets(result.inputs, secret),
      };
    },
    update: async (id, urn, olds, news) => {
      const result = await of(urn).update(id, outputs(olds), inputs(timed(news, "update")));
      return { outs: withSecrets(asGiven(result.outs, news), secretProperties(news)) };
    },
    delete: async (id, urn, props) => of(urn).delete(id, outputs(timed(props, "delete"))),
  };
}
