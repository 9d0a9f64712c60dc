import { strict as assert } from "node:assert";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ReadRequest } from "@pulumi/pulumi/proto/provider_pb";
import { readRequestsWithoutStateAsEmpty } from "../../provider/plugin/readWithoutState";

describe("provider plugin: Read without state (pulumi import)", () => {
  it("an import's Read request (no properties) reads as an empty struct; a refresh's keeps its properties", () => {
    readRequestsWithoutStateAsEmpty();
    readRequestsWithoutStateAsEmpty(); // idempotent: patched once
    assert.deepEqual(new ReadRequest().getProperties()?.toJavaScript(), {});
    const refresh = new ReadRequest();
    refresh.setProperties(Struct.fromJavaScript({ status: "Approved" }));
    assert.deepEqual(refresh.getProperties()?.toJavaScript(), { status: "Approved" });
  });
});
