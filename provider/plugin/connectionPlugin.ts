import type { ConnectionInputs, ConnectionOutputs } from "../inputs";
import type { PrivateEndpointConnectionProvider } from "../provider";
import {
  CONNECTION_DEFAULTS,
  CONNECTION_INPUT_ONLY_OUTPUTS,
  declaredOnly,
  outputsAsDeclared,
  refreshedConnectionInputs,
  withDefaults,
} from "./declared";
import { recordedInputsOf } from "./readInputs";
import type { ServedResource } from "./servedResource";
import { withRequestTimeout } from "./requestTimeouts";
import { plainRecord, secretProperties, withSecrets } from "./wire";

/**
 * A connection resource through the plugin: the dynamic provider's hooks, with the wire's
 * secrets (wire.ts), the engine's customTimeouts (requestTimeouts.ts) and only what the
 * program declared in what the engine records (declared.ts).
 */
export function connectionPlugin(dynamic: PrivateEndpointConnectionProvider): ServedResource {
  /** The hooks' inputs: the declared ones over the defaults, timeouts as customTimeouts says. */
  const forHooks = (news: unknown, operation: "create" | "update") =>
    withDefaults(
      withRequestTimeout(plainRecord(news), operation),
      CONNECTION_DEFAULTS,
    ) as unknown as ConnectionInputs;
  /** The outputs to record: the input-only ones as the program gave them (not the timeout). */
  const recorded = (outs: ConnectionOutputs, news: unknown) =>
    withSecrets(
      outputsAsDeclared(outs, plainRecord(news), CONNECTION_INPUT_ONLY_OUTPUTS),
      secretProperties(news),
    );
  return {
    check: async (olds, news) => {
      const sent = plainRecord(news);
      const result = await dynamic.check(plainRecord(olds), sent);
      const inputs = declaredOnly(result.inputs, sent, CONNECTION_DEFAULTS);
      return { ...result, inputs: withSecrets(inputs, secretProperties(news)) };
    },
    diff: async (id, olds, news) =>
      dynamic.diff(id, plainRecord(olds), withDefaults(plainRecord(news), CONNECTION_DEFAULTS)),
    create: async (news) => {
      const result = await dynamic.create(forHooks(news, "create"));
      return { ...result, outs: recorded(result.outs, news) };
    },
    read: async (id, sent) => {
      const raw = recordedInputsOf((sent ?? {}) as Record<string, unknown>);
      const props = plainRecord(raw.props);
      const inputs = raw.recorded && plainRecord(raw.recorded);
      const result = await dynamic.read(id, props as Partial<ConnectionOutputs>);
      if (result.props === undefined) return result;
      const secret = secretProperties(raw.props, raw.recorded);
      // An import's Read carries no recorded inputs (or none at all): read's own then stand.
      const known = inputs !== undefined && Object.keys(inputs).length > 0 ? inputs : undefined;
      return {
        ...result,
        props: withSecrets(
          outputsAsDeclared(result.props, props, CONNECTION_INPUT_ONLY_OUTPUTS),
          secret,
        ),
        inputs: withSecrets(refreshedConnectionInputs({ ...result.inputs }, known, props), secret),
      };
    },
    update: async (id, olds, news) => {
      const outs = plainRecord(olds) as unknown as ConnectionOutputs;
      const result = await dynamic.update(id, outs, forHooks(news, "update"));
      return { outs: recorded(result.outs, news) };
    },
    delete: async (id, props) =>
      dynamic.delete(
        id,
        withRequestTimeout(plainRecord(props), "delete") as unknown as ConnectionOutputs,
      ),
  };
}
