import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator";
import { start, stopEmulatorsAfterEach } from "../emulator/support/emulator";
import { arm, header, type HttpResult } from "../emulator/support/https";
import { shapeDifferences } from "./exampleShape";
import { isJsonObject, type Json, type JsonObject } from "./json";
import { loadSpec } from "./loadSpec";
import { EXAMPLE_FILES, type ExampleFile } from "./specLayout";
import { SpecValidator } from "./specValidator";

/**
 * The spec's x-ms-examples replayed: the example's state is seeded (its HSM or vault, and the
 * connections its answer shows), its request is sent, and the answer must have a status the
 * example lists, the example body's shape, and the values the example's inputs determine.
 * Every status an example lists is produced once (e.g. a DELETE's 200, 202 and 204).
 */

const spec = loadSpec();
const validator = new SpecValidator(spec);

interface ExampleConnection {
  name: string;
  privateEndpointId?: string;
  status?: string;
  description?: string;
}

function object(value: Json | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

function string(value: Json | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function connectionOf(body: JsonObject): ExampleConnection {
  const properties = object(body.properties);
  const state = object(properties.privateLinkServiceConnectionState);
  return {
    name: string(body.name) ?? "",
    privateEndpointId: string(object(properties.privateEndpoint).id),
    status: string(state.status),
    description: string(state.description),
  };
}

function bodyOf(result: HttpResult): unknown {
  return result.text === "" ? undefined : (JSON.parse(result.text) as unknown);
}

class Replay {
  readonly parameters: JsonObject;
  readonly responses: JsonObject;
  readonly statuses = new Set<string>();

  constructor(
    readonly example: ExampleFile,
    readonly emulator: RunningEmulator,
  ) {
    const json = spec.example(example.path);
    this.parameters = object(json.parameters);
    this.responses = object(json.responses);
    emulator.control.createParent({
      kind: example.kind,
      subscriptionId: string(this.parameters.subscriptionId),
      resourceGroupName: string(this.parameters.resourceGroupName) ?? "",
      parentName: this.parentName,
    });
  }

  get parentName(): string {
    return string(this.parameters.name) ?? string(this.parameters.vaultName) ?? "";
  }

  get connectionName(): string {
    return string(this.parameters.privateEndpointConnectionName) ?? "";
  }

  responseBody(status: string): JsonObject {
    return object(object(this.responses[status]).body);
  }

  seedConnection(c: ExampleConnection, status = c.status): void {
    this.emulator.control.createConnection({
      kind: this.example.kind,
      subscriptionId: string(this.parameters.subscriptionId),
      resourceGroupName: string(this.parameters.resourceGroupName) ?? "",
      parentName: this.parentName,
      connectionName: c.name,
      privateEndpointId: c.privateEndpointId,
      status: status as "Pending" | "Approved" | "Rejected" | "Disconnected" | undefined,
      description: c.description,
    });
  }

  path(connectionName?: string): string {
    const p = this.parameters;
    const type = this.example.kind;
    const base =
      `/subscriptions/${string(p.subscriptionId)}/resourceGroups/${string(p.resourceGroupName)}` +
      `/providers/Microsoft.KeyVault/${type}/${this.parentName}/privateEndpointConnections`;
    const apiVersion = string(p["api-version"]);
    return `${connectionName === undefined ? base : `${base}/${connectionName}`}?api-version=${apiVersion}`;
  }

  /** Sends, and checks status, spec conformance and the example's body shape. */
  async send(method: string, path: string, body?: Json, expectedBody?: Json): Promise<HttpResult> {
    const result = await arm(this.emulator, method, path, { body: body ?? undefined });
    const status = String(result.status);
    assert.ok(
      status in this.responses,
      `${this.example.path}: ${status} is not among the example's ${Object.keys(this.responses).join(", ")}`,
    );
    this.statuses.add(status);
    const operation = this.example.operation;
    const op = validator.operation(this.example.kind, this.example.apiVersion, operation);
    assert.deepEqual(validator.checkAnswer(op, result.status, result.headers, bodyOf(result)), []);
    const expected = object(this.responses[status]);
    const shape = expectedBody ?? expected.body;
    if (shape !== undefined) {
      assert.deepEqual(
        shapeDifferences(shape, bodyOf(result)),
        [],
        `${this.example.path} ${status}`,
      );
    }
    for (const name of Object.keys(object(expected.headers))) {
      assert.ok(
        header(result, name),
        `${this.example.path} ${status}: the example's ${name} header`,
      );
    }
    return result;
  }

  /** The values the example's inputs determine; the id too, unless the example's own id is off. */
  assertSameConnection(expected: JsonObject, actual: unknown): void {
    const a = object(actual as Json);
    const want = connectionOf(expected);
    const got = connectionOf(a);
    assert.equal(got.name, want.name);
    for (const field of ["privateEndpointId", "status", "description"] as const) {
      if (want[field] !== undefined) {
        assert.equal(got[field], want[field], field);
      }
    }
    const id = string(expected.id) ?? "";
    if (id.includes(`/${this.parentName}/`)) {
      assert.equal(a.id, id, "with lowercaseTypeInIds, ids are the example's");
    }
  }

  assertEveryStatusProduced(): void {
    assert.deepEqual([...this.statuses].sort(), Object.keys(this.responses).sort());
  }
}

describe(`replay of the spec's x-ms-examples (${spec.source.mode} copy)`, function () {
  this.timeout(20_000);
  stopEmulatorsAfterEach();

  it("replays every example file the spec's operations reference", () => {
    const referenced = new Set<string>();
    for (const doc of [spec.managedHsm, spec.keyvault]) {
      for (const item of Object.values(object(doc.paths))) {
        for (const operation of Object.values(object(item))) {
          for (const ref of Object.values(object(object(operation)["x-ms-examples"]))) {
            referenced.add(string(object(ref).$ref)?.replace("./examples/", "") ?? "");
          }
        }
      }
    }
    const replayed = EXAMPLE_FILES.filter((e) => e.apiVersion === "2025-05-01").map((e) =>
      e.path.split("/").pop(),
    );
    const connectionExamples = [...referenced].filter((file) =>
      /PrivateEndpointConnection/i.test(file),
    );
    assert.deepEqual(connectionExamples.sort(), [...replayed].sort());
  });

  for (const example of EXAMPLE_FILES) {
    it(`${example.apiVersion} ${example.kind} ${example.operation}: ${example.path.split("/").pop()}`, async () => {
      // The examples carry name, type and etag everywhere; the recording (the default) does not.
      const emulator = await start({
        behavior: { lowercaseTypeInIds: true, putDurationMs: 0, responseShape: "specExample" },
      });
      const replay = new Replay(example, emulator);
      switch (example.operation) {
        case "get": {
          const expected = replay.responseBody("200");
          replay.seedConnection(connectionOf(expected));
          const result = await replay.send("GET", replay.path(replay.connectionName));
          replay.assertSameConnection(expected, bodyOf(result));
          if ("204" in replay.responses) {
            await replay.send("GET", replay.path("not-there"));
          }
          break;
        }
        case "put": {
          const expected = replay.responseBody("200");
          replay.seedConnection(connectionOf(expected), "Pending");
          const result = await replay.send(
            "PUT",
            replay.path(replay.connectionName),
            replay.parameters.properties,
          );
          replay.assertSameConnection(expected, bodyOf(result));
          const settled = await replay.send("GET", replay.path(replay.connectionName));
          const provisioningState = object(
            object(bodyOf(settled) as Json).properties,
          ).provisioningState;
          assert.equal(provisioningState, object(expected.properties).provisioningState);
          break;
        }
        case "delete": {
          replay.seedConnection({ name: replay.connectionName });
          const accepted = await replay.send("DELETE", replay.path(replay.connectionName));
          assert.equal(accepted.status, 202);
          emulator.control.setBehavior({ deleteMode: "sync200" });
          replay.seedConnection({ name: `${replay.connectionName}-2` });
          const deleted = await replay.send("DELETE", replay.path(`${replay.connectionName}-2`));
          assert.equal(deleted.status, 200);
          const removed = object(bodyOf(deleted) as Json);
          assert.equal(
            object(removed.properties).provisioningState,
            object(replay.responseBody("200").properties).provisioningState,
          );
          await replay.send("DELETE", replay.path("not-there"));
          break;
        }
        case "list": {
          const expected = replay.responseBody("200");
          const listed = Array.isArray(expected.value) ? expected.value.map((v) => object(v)) : [];
          // The vault example lists one connection twice; ARM names are unique, so it is seeded once.
          const items = listed.filter(
            (item, i) => listed.findIndex((x) => x.name === item.name) === i,
          );
          items.forEach((item) => replay.seedConnection(connectionOf(item)));
          const result = await replay.send("GET", replay.path(), undefined, {
            ...expected,
            value: items,
          });
          const value = (bodyOf(result) as { value: unknown[] }).value;
          items.forEach((item, i) => replay.assertSameConnection(item, value[i]));
          break;
        }
      }
      replay.assertEveryStatusProduced();
    });
  }
});
