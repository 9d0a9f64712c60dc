import type * as structProto from "google-protobuf/google/protobuf/struct_pb";
import { CreateRequest, DeleteRequest, UpdateRequest } from "@pulumi/pulumi/proto/provider_pb";
import type { Timeouts } from "../inputs";

type Struct = structProto.Struct;

/** Where a request's timeout travels, inside the properties the server hands the provider. */
const TIMEOUT_KEY = "__pulumiRequestTimeoutSeconds";

interface TimedRequest {
  getTimeout(): number;
}

/**
 * The engine sends a resource's `customTimeouts` as each Create, Update and Delete request's
 * `timeout` (seconds), but @pulumi/pulumi's provider server passes the provider only the
 * properties. So in this process (the plugin's own) the getter the server reads the
 * properties with adds the timeout to them under TIMEOUT_KEY; requestTimeoutOf takes it out
 * before any hook sees the properties. The Struct class is the one the request returns, so no
 * package that is not ours is required.
 */
export function passRequestTimeouts(): void {
  patch(CreateRequest.prototype, "getProperties");
  patch(UpdateRequest.prototype, "getNews");
  patch(DeleteRequest.prototype, "getProperties");
}

function patch<P extends TimedRequest>(prototype: P, getter: keyof P): void {
  const original = prototype[getter] as unknown as ((this: P) => Struct | undefined) & {
    patched?: boolean;
  };
  if (original.patched) {
    return;
  }
  const patched = function (this: P): Struct | undefined {
    const struct = original.call(this);
    const seconds = this.getTimeout();
    if (struct === undefined || !(seconds > 0)) {
      return struct;
    }
    const StructClass = struct.constructor as typeof structProto.Struct;
    return StructClass.fromJavaScript({ ...struct.toJavaScript(), [TIMEOUT_KEY]: seconds });
  };
  (prototype as Record<keyof P, unknown>)[getter] = Object.assign(patched, { patched: true });
}

/**
 * The properties without the timeout, and the timeouts with the request's in place of the
 * operation's: `customTimeouts` is Pulumi's own way to say it, so it wins over the input.
 */
export function withRequestTimeout(
  props: Record<string, unknown>,
  operation: keyof Timeouts,
): Record<string, unknown> {
  if (!Object.hasOwn(props, TIMEOUT_KEY)) {
    return props;
  }
  const { [TIMEOUT_KEY]: seconds, ...rest } = props;
  if (typeof seconds !== "number" || !(seconds > 0)) {
    return rest;
  }
  const timeouts = (rest.timeouts ?? {}) as Timeouts;
  return { ...rest, timeouts: { ...timeouts, [operation]: seconds } };
}
