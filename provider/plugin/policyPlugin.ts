import type { PrivateEndpointConnectionPolicyProvider } from "../policy/provider";
import type { PolicyInputs, PolicyOutputs } from "../policy/rules";
import type { ServedResource } from "./servedResource";
import { declaredOnly, outputsAsDeclared, withDefaults } from "./declared";
import { recordedInputsOf } from "./readInputs";
import { withRequestTimeout } from "./requestTimeouts";
import { plainRecord, secretProperties, withSecrets } from "./wire";

/** The defaults the policy's check applies to the inputs the program left out. */
export const POLICY_DEFAULTS: Readonly<Record<string, unknown>> = {
  otherwise: "leave",
  scope: "pending",
  exclude: [],
  onDelete: "retain",
};

/** The policy's outputs that repeat inputs only a program gives (the rest are ARM's or required). */
const POLICY_INPUT_ONLY_OUTPUTS = ["otherwise", "scope", "exclude", "onDelete", "timeouts"];

/**
 * An approval policy through the plugin: the TypeScript classes' provider (policy/provider.ts),
 * so rules, anchoring, counts, decision records, onDelete and ownership are the same code; the
 * plugin adds the wire's secrets, the engine's customTimeouts and records only what the program
 * declared (declared.ts). The policy's inputs do not drift (its drift is `outstanding`), so a
 * refresh keeps the recorded inputs as they are.
 */
export function policyPlugin(dynamic: PrivateEndpointConnectionPolicyProvider): ServedResource {
  const full = (value: Record<string, unknown>) => withDefaults(value, POLICY_DEFAULTS);
  const forHooks = (news: unknown, operation: "create" | "update") =>
    full(withRequestTimeout(plainRecord(news), operation)) as unknown as PolicyInputs;
  const recorded = (outs: PolicyOutputs, declared: unknown) =>
    withSecrets(
      outputsAsDeclared(outs, plainRecord(declared), POLICY_INPUT_ONLY_OUTPUTS),
      secretProperties(declared),
    );
  return {
    check: async (olds, news) => {
      const sent = plainRecord(news);
      const result = await dynamic.check(plainRecord(olds), sent);
      return {
        ...result,
        inputs: withSecrets(
          declaredOnly(result.inputs, sent, POLICY_DEFAULTS),
          secretProperties(news),
        ),
      };
    },
    diff: async (id, olds, news) =>
      dynamic.diff(id, full(plainRecord(olds)), full(plainRecord(news))),
    create: async (news) => {
      const result = await dynamic.create(forHooks(news, "create"));
      return { ...result, outs: recorded(result.outs, news) };
    },
    read: async (id, sent) => {
      const raw = recordedInputsOf((sent ?? {}) as Record<string, unknown>);
      const props = plainRecord(raw.props);
      const result = await dynamic.read(id, full(props) as Partial<PolicyOutputs>);
      if (result.props === undefined) return { id: result.id };
      const secret = secretProperties(raw.props, raw.recorded);
      // A refresh sends the recorded inputs; without them, the outputs hold the declared ones.
      const inputs =
        raw.recorded && Object.keys(raw.recorded).length > 0
          ? plainRecord(raw.recorded)
          : declaredOnly({ ...result.inputs }, props, POLICY_DEFAULTS);
      return {
        id: result.id,
        props: withSecrets(
          outputsAsDeclared(result.props, props, POLICY_INPUT_ONLY_OUTPUTS),
          secret,
        ),
        inputs: withSecrets(inputs, secret),
      };
    },
    update: async (id, olds, news) => {
      const outs = full(plainRecord(olds)) as unknown as PolicyOutputs;
      const result = await dynamic.update(id, outs, forHooks(news, "update"));
      return { outs: recorded(result.outs, news) };
    },
    delete: async (id, props) =>
      dynamic.delete(
        id,
        full(withRequestTimeout(plainRecord(props), "delete")) as unknown as PolicyOutputs,
      ),
  };
}
