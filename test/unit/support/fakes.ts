/**
 * Shared fakes for the unit tests: a virtual clock whose sleep returns at once and records
 * what was asked, a ConnectionsApi whose every method is a sinon stub, and a HookContext (or a
 * provider) wired to both. Nothing here touches the network or waits in real time.
 */
import { strict as assert } from "node:assert";
import {
  RestError,
  createHttpHeaders,
  createPipelineRequest,
  type RestErrorOptions,
} from "@azure/core-rest-pipeline";
import sinon from "sinon";
import type { Deadline } from "../../../provider/arm/clock";
import { SteppingClock as FakeClock } from "../../support/testClocks";
import type { ConnectionsApi } from "../../../provider/arm/connectionsApi";
import type { ConnectionState } from "../../../provider/arm/connectionState";
import type { ConnectionRef } from "../../../provider/arm/ids";
import { MANAGED_HSM } from "../../../provider/arm/parentKinds";
import type { RegistrationLookup } from "../../../provider/arm/providerRegistration";
import type { ParentNaming } from "../../../provider/parentInputs";
import type { Environment } from "../../../provider/config";
import { DeclaredInDeployment } from "../../../provider/declarations";
import type { HookContext } from "../../../provider/hooks/context";
import { FoundParents } from "../../../provider/hooks/foundParents";
import type { ConnectionOutputs } from "../../../provider/inputs";
import type { ConnectionInputs } from "../../../provider/inputs";
import { MhsmPrivateEndpointConnectionProvider } from "../../../provider/provider";

export const SUB = "11111111-2222-3333-4444-555555555555";
export const OTHER_SUB = "99999999-8888-7777-6666-555555555555";
export const RG = "rg-pec";
export const HSM = "contoso-hsm";
export const CONN = "pe-contoso.8f1c4f2a-6c1d-4b1e-9d0a-2f3e4a5b6c7d";
/** Written out, not formatted by the code under test. */
export const HSM_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/managedHSMs/${HSM}`;
export const CONN_ID = `${HSM_ID}/privateEndpointConnections/${CONN}`;
export const PE_ID = `/subscriptions/${OTHER_SUB}/resourceGroups/consumer/providers/Microsoft.Network/privateEndpoints/pe-contoso`;

export const REF: ConnectionRef = {
  subscriptionId: SUB,
  resourceGroupName: RG,
  profile: MANAGED_HSM.profile,
  parentName: HSM,
  connectionName: CONN,
};

/** The unit suites' clock: time moves only when something sleeps (or a test advances it). */
export { FakeClock };

type Stubbed<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? sinon.SinonStub<A, R> : never;
};

/** A ConnectionsApi whose methods are stubs; unconfigured ones reject loudly. */
export type FakeApi = Stubbed<ConnectionsApi>;

export function fakeApi(): FakeApi {
  const unexpected = (method: string) => () =>
    Promise.reject(new Error(`unexpected call to ConnectionsApi.${method}`));
  return {
    get: sinon
      .stub<Parameters<ConnectionsApi["get"]>, ReturnType<ConnectionsApi["get"]>>()
      .callsFake(unexpected("get")),
    list: sinon
      .stub<Parameters<ConnectionsApi["list"]>, ReturnType<ConnectionsApi["list"]>>()
      .callsFake(unexpected("list")),
    put: sinon
      .stub<Parameters<ConnectionsApi["put"]>, ReturnType<ConnectionsApi["put"]>>()
      .callsFake(unexpected("put")),
    beginDelete: sinon
      .stub<Parameters<ConnectionsApi["beginDelete"]>, ReturnType<ConnectionsApi["beginDelete"]>>()
      .callsFake(unexpected("beginDelete")),
    poll: sinon
      .stub<Parameters<ConnectionsApi["poll"]>, ReturnType<ConnectionsApi["poll"]>>()
      .callsFake(unexpected("poll")),
  };
}

export function totalApiCalls(api: FakeApi): number {
  return (
    api.get.callCount +
    api.list.callCount +
    api.put.callCount +
    api.beginDelete.callCount +
    api.poll.callCount
  );
}

/** What ARM says of the connection; by default Pending and settled. */
export function connection(overrides: Partial<ConnectionState> = {}): ConnectionState {
  return {
    id: CONN_ID,
    name: CONN,
    status: "Pending",
    description: "",
    actionsRequired: "None",
    provisioningState: "Succeeded",
    privateEndpointId: PE_ID,
    etag: 'W/"1"',
    ...overrides,
  };
}

export function inputs(overrides: Partial<ConnectionInputs> = {}): ConnectionInputs {
  return {
    subscriptionId: SUB,
    resourceGroupName: RG,
    hsmName: HSM,
    privateEndpointConnectionName: CONN,
    status: "Approved",
    ...overrides,
  };
}

/** What the provider recorded after approving the fake connection: its outputs in state. */
export function outputs(overrides: Partial<ConnectionOutputs> = {}): ConnectionOutputs {
  return {
    ...inputs(),
    privateEndpointConnectionName: CONN,
    description: "",
    connectionId: CONN_ID,
    provisioningState: "Succeeded",
    actionsRequired: "None",
    privateEndpointId: PE_ID,
    etag: 'W/"1"',
    ...overrides,
  };
}

export interface Harness {
  api: FakeApi;
  clock: FakeClock;
  reports: string[];
  /** The lasting warnings the hooks gave. */
  warnings: string[];
  env: Record<string, string | undefined>;
  /** The factory the hooks call: records the subscription and deadline of each call. */
  factory: sinon.SinonStub<[string, Deadline], ConnectionsApi>;
  ctx: HookContext;
  provider: MhsmPrivateEndpointConnectionProvider;
}

export function harness(
  options: {
    env?: Environment;
    kind?: ParentNaming;
    clock?: FakeClock;
    registration?: RegistrationLookup;
  } = {},
): Harness {
  const api = fakeApi();
  const clock = options.clock ?? new FakeClock();
  const reports: string[] = [];
  const env: Record<string, string | undefined> = { ...(options.env ?? {}) };
  const factory = sinon.stub<[string, Deadline], ConnectionsApi>().returns(api);
  const report = (message: string) => {
    reports.push(message);
  };
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
  };
  // Each harness is one deployment: what its checks declare, its deletes leave alone.
  const declarations = new DeclaredInDeployment();
  const ctx: HookContext = {
    kind: options.kind ?? MANAGED_HSM,
    env,
    config: {},
    clock,
    report,
    warn,
    connectionsApi: factory,
    registration: options.registration ?? noRegistration,
    declarations,
    principal: (subscriptionId) => subscriptionId,
    foundParents: new FoundParents(),
  };
  const provider = new MhsmPrivateEndpointConnectionProvider({
    connectionsApi: factory,
    declarations,
    clock,
    report,
    warning: warn,
    env,
  });
  return { api, clock, reports, warnings, env, factory, ctx, provider };
}

/** A registration lookup that a test does not expect to be asked. */
const noRegistration: RegistrationLookup = async (_subscriptionId, resourceType, field) => ({
  ok: false,
  problem: `${field}: no registration of ${resourceType} in this test`,
});

/** Awaits a rejection and returns the error for further assertions. */
export async function rejection(promise: PromiseLike<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, `rejected with a non-Error: ${String(error)}`);
    return error;
  }
  assert.fail("expected the promise to reject, but it resolved");
}

/** A RestError as the SDK throws it for an HTTP answer. */
export function restError(
  statusCode: number | undefined,
  options: {
    code?: string;
    message?: string;
    headers?: Record<string, string>;
    body?: unknown;
  } = {},
): RestError {
  const request = createPipelineRequest({ url: `https://management.azure.com${CONN_ID}` });
  const errorOptions: RestErrorOptions = { code: options.code, statusCode, request };
  if (statusCode !== undefined) {
    errorOptions.response = {
      request,
      status: statusCode,
      headers: createHttpHeaders(options.headers ?? {}),
      bodyAsText:
        options.body === undefined
          ? undefined
          : typeof options.body === "string"
            ? options.body
            : JSON.stringify(options.body),
    };
  }
  return new RestError(options.message ?? `Request failed with status ${statusCode}`, errorOptions);
}
