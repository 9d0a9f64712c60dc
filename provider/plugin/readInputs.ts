import type * as structProto from "google-protobuf/google/protobuf/struct_pb";
import { ReadRequest } from "@pulumi/pulumi/proto/provider_pb";

type Struct = structProto.Struct;

/** Where a refresh's recorded inputs travel, inside the properties the server hands read. */
const INPUTS_KEY = "__pulumiReadInputs";

/**
 * The engine sends a refresh's Read the inputs the state recorded, but @pulumi/pulumi 3.248's
 * provider server passes read only the outputs. The refreshed inputs must be the recorded ones
 * (declared.ts: nothing the program did not declare), so in this process (the plugin's own) the
 * getter the server reads the properties with adds the inputs under INPUTS_KEY, and
 * recordedInputsOf takes them out before the hooks see the properties. The Struct class is the
 * one the request returns, so no package that is not ours is required.
 */
export function passReadInputs(): void {
  const prototype = ReadRequest.prototype;
  const original = prototype.getProperties as (() => Struct | undefined) & {
    carriesInputs?: boolean;
  };
  if (original.carriesInputs) {
    return;
  }
  const patched = function (this: ReadRequest): Struct | undefined {
    const struct = original.call(this);
    const inputs = this.getInputs();
    if (struct === undefined || inputs === undefined) {
      return struct;
    }
    const StructClass = struct.constructor as typeof structProto.Struct;
    return StructClass.fromJavaScript({
      ...struct.toJavaScript(),
      [INPUTS_KEY]: inputs.toJavaScript(),
    });
  };
  prototype.getProperties = Object.assign(patched, { carriesInputs: true });
}

/** The properties without the recorded inputs, and those inputs (undefined when none came). */
export function recordedInputsOf(props: Record<string, unknown>): {
  props: Record<string, unknown>;
  recorded: Record<string, unknown> | undefined;
} {
  if (!Object.hasOwn(props, INPUTS_KEY)) {
    return { props, recorded: undefined };
  }
  const { [INPUTS_KEY]: recorded, ...rest } = props;
  const usable =
    recorded !== null && typeof recorded === "object" && !Array.isArray(recorded)
      ? (recorded as Record<string, unknown>)
      : undefined;
  return { props: rest, recorded: usable };
}
