import { createRequire } from "node:module";
import type * as structProto from "google-protobuf/google/protobuf/struct_pb";
import { ReadRequest } from "@pulumi/pulumi/proto/provider_pb";

type Struct = structProto.Struct;

/**
 * `pulumi import` sends Read a request with no properties (there is no state yet), and
 * @pulumi/pulumi 3.248's provider server calls `req.getProperties().toJavaScript()` on it, so
 * every import failed with "Cannot read properties of undefined (reading 'toJavaScript')"
 * before our read ran. Until the server handles it, an absent properties field reads as an
 * empty struct in this process (the plugin's own; the dynamic provider is untouched). The
 * patched class is the one the server decodes requests with: the same module of @pulumi/pulumi;
 * the empty struct comes from google-protobuf as @pulumi/pulumi resolves it (its dependency,
 * not one of ours).
 */
export function readRequestsWithoutStateAsEmpty(): void {
  const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/provider_pb"));
  const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as typeof structProto;
  const prototype = ReadRequest.prototype;
  const original = prototype.getProperties;
  if ((original as { patched?: boolean }).patched) {
    return;
  }
  const patched = function (this: ReadRequest): Struct {
    return this.hasProperties() ? (original.call(this) as Struct) : Struct.fromJavaScript({});
  };
  prototype.getProperties = Object.assign(patched, { patched: true });
}
