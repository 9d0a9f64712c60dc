import { createRestError } from "@azure-rest/core-client";
import type { PagedAsyncIterableIterator } from "@azure/arm-keyvault";
import type { KeyVaultManagementContext } from "@azure/arm-keyvault/api";
import * as mhsmConnections from "@azure/arm-keyvault/api/mhsmPrivateEndpointConnections";
import * as vaultConnections from "@azure/arm-keyvault/api/privateEndpointConnections";
import type {
  ConnectionsApi,
  DeleteStart,
  DesiredConnectionState,
  PollAnswer,
} from "./connectionsApi";
import { unlessBeingDeleted } from "./beingDeleted";
import { connectionStateOf, type SdkConnectionModel } from "./connectionState";
import {
  ArmOperationError,
  armErrorOfBody,
  parseRetryAfterMs,
  toArmOperationError,
} from "./errors";
import {
  connectionPath,
  formatConnectionId,
  formatParentId,
  type ConnectionRef,
  type ParentRef,
} from "./ids";
import { notArmAnswerError } from "./notArmAnswer";
import { header, pollAnswerOf, trustedUrl } from "./operationAnswers";
import { meansGone, notGoneError } from "./notFound";
import { parentKindOf, type ParentType } from "./parentKinds";
import { BudgetOutOfTimeError } from "./armBudget";
import { withRetry, type RetryContext } from "./retry";
import { LAST_LOOK_MS } from "./serviceConnectionsApi";
import { identityOfAuthorization, type TokenIdentity } from "./tokenIdentity";

interface RequestOptions {
  requestOptions: { timeout: number };
  onResponse?: (response: {
    status: number;
    headers: { get(name: string): string | undefined };
    request: { headers: { get(name: string): string | undefined } };
  }) => void;
}

/** The SDK's typed operations for one parent type, narrowed to the fields we use. */
interface TypedOperations {
  get(
    ctx: KeyVaultManagementContext,
    rg: string,
    parent: string,
    name: string,
    o: RequestOptions,
  ): Promise<SdkConnectionModel>;
  put(
    ctx: KeyVaultManagementContext,
    rg: string,
    parent: string,
    name: string,
    body: SdkConnectionModel,
    o: RequestOptions,
  ): Promise<SdkConnectionModel>;
  list(
    ctx: KeyVaultManagementContext,
    rg: string,
    parent: string,
    o: RequestOptions,
  ): PagedAsyncIterableIterator<SdkConnectionModel>;
}

const TYPED_OPERATIONS: Record<ParentType, TypedOperations> = {
  managedHSMs: {
    get: (ctx, rg, parent, name, o) => mhsmConnections.get(ctx, rg, parent, name, o),
    put: (ctx, rg, parent, name, body, o) => mhsmConnections.put(ctx, rg, parent, name, body, o),
    list: (ctx, rg, parent, o) => mhsmConnections.listByResource(ctx, rg, parent, o),
  },
  vaults: {
    get: (ctx, rg, parent, name, o) => vaultConnections.get(ctx, rg, parent, name, o),
    put: (ctx, rg, parent, name, body, o) => vaultConnections.put(ctx, rg, parent, name, body, o),
    list: (ctx, rg, parent, o) => vaultConnections.listByResource(ctx, rg, parent, o),
  },
};

export { LAST_LOOK_MS };

/** The SDK's operations of a Key Vault parent; this door serves no other type. */
function typedOperations(parent: ParentRef): TypedOperations {
  const kind = parentKindOf(parent.profile.resourceType.split("/")[1] ?? "");
  if (!kind || kind.profile !== parent.profile) {
    throw new Error(`the Key Vault SDK door cannot serve ${parent.profile.resourceType}`);
  }
  return TYPED_OPERATIONS[kind.armType];
}

/**
 * ConnectionsApi over @azure/arm-keyvault. GET, PUT and list use the SDK's typed operations.
 * DELETE and its status URL are sent through the same SDK client (same pipeline, credential
 * and transport) but read by us, because the SDK's poller mishandles what ARM answers: it
 * throws on an empty final body, and ignores the Retry-After of the initial 202.
 */
export class SdkConnectionsApi implements ConnectionsApi {
  constructor(
    private readonly context: KeyVaultManagementContext,
    private readonly endpoint: string,
    private readonly apiVersion: string,
    private readonly requestTimeoutMs: number,
    private readonly retry: RetryContext,
  ) {}

  private options(onResponse?: RequestOptions["onResponse"]): RequestOptions {
    return { requestOptions: { timeout: this.timeoutMs() }, onResponse };
  }

  /**
   * The per-request timeout, never longer than what is left of the operation's deadline, but
   * for LAST_LOOK_MS: a wait's last look, sent as the deadline ends, still gets its answer.
   */
  private timeoutMs(): number {
    const left = Math.max(this.retry.deadline.remainingMs(), LAST_LOOK_MS);
    return Math.min(this.requestTimeoutMs, left);
  }

  async get(ref: ConnectionRef) {
    let status = 0;
    let requestId: string | undefined;
    const onResponse: RequestOptions["onResponse"] = (r) => {
      status = r.status;
      requestId = r.headers.get("x-ms-request-id");
    };
    const operation = `GET ${formatConnectionId(ref)}`;
    return withRetry(operation, this.retry, async () => {
      status = 0;
      let model: SdkConnectionModel;
      try {
        model = await typedOperations(ref).get(
          this.context,
          ref.resourceGroupName,
          ref.parentName,
          ref.connectionName,
          this.options(onResponse),
        );
      } catch (error) {
        return this.absentOrThrow(ref, operation, error, status, requestId);
      }
      if (vaultAbsent(ref, status)) {
        return undefined;
      }
      if (status !== 200 || typeof model.id !== "string" || model.id === "") {
        throw notArmAnswerError(operation, status, requestId, this.endpoint);
      }
      return connectionStateOf(model);
    });
  }

  /** A GET the SDK failed: absent only for the vault's 204 and ARM's own not-found 404s. */
  private absentOrThrow(
    ref: ConnectionRef,
    operation: string,
    error: unknown,
    status: number,
    requestId: string | undefined,
  ): undefined {
    if (vaultAbsent(ref, status)) {
      return undefined;
    }
    if (status >= 200 && status < 300) {
      // The SDK could not read a success's body (an HTML page): not ARM's answer either.
      throw notArmAnswerError(operation, status, requestId, this.endpoint);
    }
    if (status !== 404) {
      throw error;
    }
    const failure = toArmOperationError(operation, error);
    if (meansGone(404, failure.details.code)) {
      return undefined;
    }
    // The SDK fails on a 404 without a body before it says the status: what it threw
    // then is not ARM's answer.
    const read = failure.details.statusCode === 404;
    const answered = new ArmOperationError(operation, {
      ...failure.details,
      statusCode: 404,
      armMessage: read ? failure.details.armMessage : undefined,
      requestId: failure.details.requestId ?? requestId,
    });
    throw notGoneError(answered, this.endpoint);
  }

  async list(parent: ParentRef, pages: "all" | "first" = "all") {
    const operation = `GET ${formatParentId(parent)}/privateEndpointConnections`;
    let status = 0;
    let requestId: string | undefined;
    const onResponse: RequestOptions["onResponse"] = (r) => {
      status = r.status;
      requestId = r.headers.get("x-ms-request-id");
    };
    return withRetry(operation, this.retry, async () => {
      const all = [];
      const models = typedOperations(parent).list(
        this.context,
        parent.resourceGroupName,
        parent.parentName,
        this.options(onResponse),
      );
      try {
        for await (const page of models.byPage()) {
          all.push(...page.map(connectionStateOf));
          if (pages === "first") break;
          status = 0; // the next page's answer, not this one's
        }
      } catch (error) {
        // The SDK could not read a success's body (a proxy's page): not ARM's list.
        if (status >= 200 && status < 300) {
          throw notArmAnswerError(operation, status, requestId, this.endpoint);
        }
        throw error;
      }
      return all;
    });
  }

  async put(ref: ConnectionRef, desired: DesiredConnectionState) {
    let retryAfterMs: number | undefined;
    let requestId: string | undefined;
    let identity: TokenIdentity | undefined;
    const onResponse: RequestOptions["onResponse"] = (r) => {
      retryAfterMs = parseRetryAfterMs(r.headers.get("retry-after"));
      requestId = r.headers.get("x-ms-request-id");
      // The claims of the token this very PUT carried; the token goes no further than here.
      identity = identityOfAuthorization(r.request.headers.get("authorization"));
    };
    const body: SdkConnectionModel = {
      privateLinkServiceConnectionState: {
        status: desired.status,
        description: desired.description,
        actionsRequired: "None",
      },
    };
    const operation = `PUT ${formatConnectionId(ref)}`;
    const model = await withRetry(operation, this.retry, async () => {
      try {
        return await typedOperations(ref).put(
          this.context,
          ref.resourceGroupName,
          ref.parentName,
          ref.connectionName,
          body,
          this.options(onResponse),
        );
      } catch (error) {
        // A try the budget let go never reached ARM: retry.ts answers it with ARM's last word.
        if (error instanceof BudgetOutOfTimeError) throw error;
        throw await unlessBeingDeleted(toArmOperationError(operation, error), () => this.get(ref));
      }
    });
    return { state: connectionStateOf(model), retryAfterMs, requestId, identity };
  }

  async beginDelete(ref: ConnectionRef): Promise<DeleteStart> {
    const url = `${connectionPath(ref)}?api-version=${this.apiVersion}`;
    const operation = `DELETE ${formatConnectionId(ref)}`;
    const response = await withRetry(operation, this.retry, async () => {
      const r = await this.context.pathUnchecked(url).delete({
        timeout: this.timeoutMs(),
        headers: { accept: "application/json" },
      });
      if (r.status === "404" && !meansGone(404, armErrorOfBody(r.body).code)) {
        // A destroy reported done for a wrong subscription or endpoint would leave it in ARM.
        throw notGoneError(toArmOperationError(operation, createRestError(r)), this.endpoint);
      }
      if (!["200", "202", "204", "404"].includes(r.status)) {
        throw createRestError(r);
      }
      return r;
    });
    const statusCode = Number(response.status);
    if (statusCode === 404) {
      return { kind: "gone", statusCode };
    }
    if (statusCode === 200 || statusCode === 204) {
      // Confirmed by a GET (deleteWait.ts): a 2xx any proxy can send is not ARM's "gone".
      return { kind: "completed", statusCode, body: response.body };
    }
    const asyncOperation = header(response, "azure-asyncoperation");
    const location = header(response, "location");
    const pollUrl = asyncOperation ?? location;
    if (!pollUrl) {
      // A 202 with nowhere to poll: confirm by GET instead (see deleteWait.ts).
      return { kind: "completed", statusCode, body: undefined };
    }
    return {
      kind: "accepted",
      pollUrl: trustedUrl(this.endpoint, pollUrl),
      style: asyncOperation ? "azure-asyncoperation" : "location",
      retryAfterMs: parseRetryAfterMs(header(response, "retry-after")),
    };
  }

  async poll(url: string): Promise<PollAnswer> {
    const response = await withRetry(`GET ${url}`, this.retry, async () => {
      const r = await this.context.pathUnchecked(url).get({
        timeout: this.timeoutMs(),
        headers: { accept: "application/json" },
      });
      const status = Number(r.status);
      if (status >= 400 && status !== 404) {
        throw createRestError(r);
      }
      return r;
    });
    return pollAnswerOf(response, this.endpoint);
  }
}
/** The vault spec answers a GET of a connection that does not exist with 204 and no body. */
function vaultAbsent(ref: ConnectionRef, status: number): boolean {
  return status === 204 && ref.profile.absentOnGet === 204;
}
