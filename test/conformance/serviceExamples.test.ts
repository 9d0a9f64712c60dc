import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { start, stopEmulatorsAfterEach } from "../emulator/support/emulator";
import { arm, type HttpResult } from "../emulator/support/https";
import { shapeDifferences } from "./exampleShape";
import { isJsonObject, type Json, type JsonObject } from "./json";
import {
  FULL_SPEC_DIR,
  SERVICE_EXAMPLES,
  filesOf,
  fixturePath,
  readJson,
  trimExample,
  type ServiceExamples,
} from "./serviceExamples";

/**
 * Every modelled service's x-ms-examples replayed against the emulator (trimmed copies,
 * serviceExamples.ts): the example's parent and connection are seeded, its request is sent at
 * its api-version, and the answer's status must be one the example lists; where the example
 * shows a body for that status, the answer has its shape and the values its inputs determine.
 */

const PARENT_PARAMETERS = [
  "accountName",
  "serverName",
  "registryName",
  "name",
  "namespaceName",
  "searchServiceName",
  "serviceName",
  "workspaceName",
  "factoryName",
  "configStoreName",
];
const CONNECTION_PARAMETERS = ["privateEndpointConnectionName", "peConnectionName"];

function text(parameters: JsonObject, names: readonly string[]): string {
  const found = names.map((n) => parameters[n]).find((v) => typeof v === "string");
  assert.ok(
    typeof found === "string",
    `none of ${names.join(", ")} in ${JSON.stringify(parameters)}`,
  );
  return found;
}

function object(value: Json | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

interface Example {
  parameters: JsonObject;
  responses: JsonObject;
}

function load(service: ServiceExamples, file: string): Example {
  const json = readJson(fixturePath(service, file));
  return { parameters: object(json.parameters), responses: object(json.responses) };
}

function pathOf(emulator: RunningEmulator, service: ServiceExamples, e: Example): string {
  const collection =
    service.resourceType === "Microsoft.DataFactory/factories"
      ? "privateEndPointConnections"
      : "privateEndpointConnections";
  return (
    `/subscriptions/${emulator.subscriptionId}/resourceGroups/${text(e.parameters, ["resourceGroupName"])}` +
    `/providers/${service.resourceType}/${text(e.parameters, PARENT_PARAMETERS)}/${collection}/` +
    `${encodeURIComponent(text(e.parameters, CONNECTION_PARAMETERS))}?api-version=${text(e.parameters, ["api-version"])}`
  );
}

/** The parent and the connection the example talks about, in the state its answer (or Pending) shows. */
function seed(
  emulator: RunningEmulator,
  service: ServiceExamples,
  e: Example,
  status: string,
): void {
  const ref = {
    resourceType: service.resourceType,
    resourceGroupName: text(e.parameters, ["resourceGroupName"]),
    parentName: text(e.parameters, PARENT_PARAMETERS),
  };
  emulator.control.createParent(ref);
  const body = object(object(e.responses["200"]).body);
  const state = object(object(body.properties).privateLinkServiceConnectionState);
  emulator.control.createConnection({
    ...ref,
    connectionName: text(e.parameters, CONNECTION_PARAMETERS),
    status: status as "Pending",
    ...(typeof state.description === "string" ? { description: state.description } : {}),
  });
}

function requestBody(e: Example): Json | undefined {
  return Object.values(e.parameters).find((v) => isJsonObject(v) && "properties" in v);
}

function checkAnswer(e: Example, answer: HttpResult, what: string): void {
  const codes = Object.keys(e.responses);
  assert.ok(
    codes.includes(String(answer.status)),
    `${what}: ${answer.status} is not one of ${codes.join(", ")}: ${answer.text}`,
  );
  const expected = object(e.responses[String(answer.status)]).body;
  if (expected !== undefined && answer.text !== "") {
    const differences = shapeDifferences(expected, JSON.parse(answer.text));
    assert.deepEqual(differences, [], `${what}: ${answer.text}`);
  }
}

function statusOf(body: Json | undefined): string {
  const state = object(object(object(body).properties).privateLinkServiceConnectionState);
  assert.equal(typeof state.status, "string");
  return state.status as string;
}

describe("conformance: every service's answers against its x-ms-examples", () => {
  stopEmulatorsAfterEach();

  for (const service of SERVICE_EXAMPLES) {
    it(`${service.resourceType}: GET, PUT and DELETE as the examples list them, and absent`, async () => {
      const emulator = await start({ behavior: { putRetryAfterSeconds: null } });
      const get = load(service, service.get);
      const getStatus = statusOf(object(get.responses["200"]).body);
      seed(emulator, service, get, getStatus);
      const read = await arm(emulator, "GET", pathOf(emulator, service, get));
      checkAnswer(get, read, "GET");
      assert.equal(statusOf(JSON.parse(read.text) as Json), getStatus);
      emulator.control.reset();

      const put = load(service, service.put);
      seed(emulator, service, put, "Pending");
      const body = requestBody(put);
      const written = await arm(emulator, "PUT", pathOf(emulator, service, put), { body });
      checkAnswer(put, written, "PUT");
      emulator.control.completeRunningOperations();
      const after = await arm(emulator, "GET", pathOf(emulator, service, put));
      assert.equal(
        statusOf(JSON.parse(after.text) as Json),
        statusOf(body),
        "the PUT's status holds",
      );

      const remove = load(service, service.remove);
      emulator.control.reset();
      seed(emulator, service, remove, "Approved");
      checkAnswer(
        remove,
        await arm(emulator, "DELETE", pathOf(emulator, service, remove)),
        "DELETE",
      );
      emulator.control.completeRunningOperations();
      checkAnswer(
        remove,
        await arm(emulator, "DELETE", pathOf(emulator, service, remove)),
        "DELETE of an absent one",
      );
    });
  }

  const full = fs.existsSync(FULL_SPEC_DIR);
  it(`the trimmed copies are the originals trimmed (${full ? "checked against ../shared" : "no ../shared here: the copies stand"})`, () => {
    for (const service of SERVICE_EXAMPLES) {
      for (const file of filesOf(service)) {
        const copy = readJson(fixturePath(service, file));
        assert.ok(isJsonObject(copy.parameters) && isJsonObject(copy.responses), file);
        if (full) {
          assert.deepEqual(
            copy,
            trimExample(readJson(path.join(FULL_SPEC_DIR, service.specDir, file))),
            file,
          );
        }
      }
    }
  });
});
