import type * as structProto from "google-protobuf/google/protobuf/struct_pb";
import { ReadRequest } from "@pulumi/pulumi/proto/provider_pb";

type Struct = structProto.Struct;

/** A ReadRequest whose field 3 (properties) is an empty Struct, in protobuf's wire format. */
const EMPTY_PROPERTIES = Uint8Array.of((3 << 3) | 2, 0);

/**
 * `pulumi import` sends Read a request with no properties (there is no state yet), and
 * @pulumi/pulumi 3.248's provider server calls `req.getProperties().toJavaScript()` on it, so
 * every import failed with "Cannot read properties of undefined (reading 'toJavaScript')"
 * before our read ran. Until the server handles it, an absent properties field reads as an
 * empty struct in this process (the plugin's own; the dynamic provider is untouched). The
 * patched class is the one the server decodes requests with: the same module of @pulumi/pulumi.
 * The empty struct is decoded by that class too, so it is google-protobuf's Struct as
 * @pulumi/pulumi resolves it, without a require of a package that is not ours (and without a
 * require.resolve, which a bundled plugin cannot do).
 */
export function readRequestsWithoutStateAsEmpty(): void {
  const prototype = ReadRequest.prototype;
  const original = prototype.getProperties;
  if ((original as { patched?: boolean }).patched) {
    return;
  }
  const patched = function (this: ReadRequest): Struct {
    const properties = this.hasProperties()
      ? original.call(this)
      : original.call(ReadRequest.deserializeBinary(EMPTY_PROPERTIES));
    return properties as Struct;
  };
  prototype.getProperties = Object.assign(patched, { patched: true });
}
