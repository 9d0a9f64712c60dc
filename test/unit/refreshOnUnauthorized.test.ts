import { strict as assert } from "node:assert";
import type { AccessToken, GetTokenOptions } from "@azure/identity";
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import {
  challengeClaims,
  refreshOnUnauthorizedPolicy,
  type RenewableCredential,
} from "../../provider/arm/refreshOnUnauthorized";

const SCOPE = "https://management.azure.com/.default";
const CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}';
const CAE_CHALLENGE =
  'Bearer authorization_uri="https://login.microsoftonline.com/t", error="insufficient_claims", ' +
  `claims="${Buffer.from(CLAIMS).toString("base64")}"`;
const INVALID_TOKEN = 'Bearer authorization_uri="https://127.0.0.1/t", error="invalid_token"';

/** Hands out token-1, token-2, ... and records what each request asked for. */
class CountingCredential implements RenewableCredential {
  readonly requests: GetTokenOptions[] = [];
  renewals = 0;
  async getToken(_scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.requests.push(options ?? {});
    return { token: `token-${this.requests.length}`, expiresOnTimestamp: 0 };
  }
  renew(): void {
    this.renewals++;
  }
}

/** ARM as a list of answers; records the Authorization header of every request it gets. */
function armAnswering(...answers: { status: number; challenge?: string }[]) {
  const seen: string[] = [];
  const next = async (request: PipelineRequest): Promise<PipelineResponse> => {
    seen.push(request.headers.get("authorization") ?? "");
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
    const headers = createHttpHeaders(
      answer.challenge ? { "www-authenticate": answer.challenge } : {},
    );
    return { request, status: answer.status, headers };
  };
  return { seen, next };
}

function request(): PipelineRequest {
  return createPipelineRequest({ url: "https://127.0.0.1:1/subscriptions", method: "GET" });
}

describe("refreshOnUnauthorizedPolicy", () => {
  it("sends the cached token and asks for nothing more when ARM accepts it", async () => {
    const credential = new CountingCredential();
    const arm = armAnswering({ status: 200 });
    const response = await refreshOnUnauthorizedPolicy(credential, [SCOPE]).sendRequest(
      request(),
      arm.next,
    );
    assert.equal(response.status, 200);
    assert.deepEqual(arm.seen, ["Bearer token-1"]);
    assert.equal(credential.renewals, 0);
  });

  it("answers a 401 with one fresh token and one retry", async () => {
    const credential = new CountingCredential();
    const arm = armAnswering({ status: 401, challenge: INVALID_TOKEN }, { status: 200 });
    const response = await refreshOnUnauthorizedPolicy(credential, [SCOPE]).sendRequest(
      request(),
      arm.next,
    );
    assert.equal(response.status, 200);
    assert.deepEqual(arm.seen, ["Bearer token-1", "Bearer token-2"]);
    assert.equal(credential.renewals, 1);
    assert.equal(credential.requests[1].claims, undefined);
  });

  it("never retries more than once: a second 401 is the answer", async () => {
    const credential = new CountingCredential();
    const arm = armAnswering({ status: 401, challenge: INVALID_TOKEN });
    const response = await refreshOnUnauthorizedPolicy(credential, [SCOPE]).sendRequest(
      request(),
      arm.next,
    );
    assert.equal(response.status, 401);
    assert.equal(arm.seen.length, 2);
    assert.equal(credential.requests.length, 2);
    assert.equal(credential.renewals, 1);
  });

  it("passes a CAE challenge's claims to the credential", async () => {
    const credential = new CountingCredential();
    const arm = armAnswering({ status: 401, challenge: CAE_CHALLENGE }, { status: 200 });
    await refreshOnUnauthorizedPolicy(credential, [SCOPE]).sendRequest(request(), arm.next);
    assert.equal(credential.requests.length, 2);
    assert.equal(credential.requests[0].claims, undefined);
    assert.equal(credential.requests[1].claims, CLAIMS);
    assert.equal(credential.requests[1].enableCae, true);
  });

  it("leaves other errors alone", async () => {
    for (const status of [403, 404, 429, 500]) {
      const credential = new CountingCredential();
      const arm = armAnswering({ status });
      const response = await refreshOnUnauthorizedPolicy(credential, [SCOPE]).sendRequest(
        request(),
        arm.next,
      );
      assert.equal(response.status, status);
      assert.equal(arm.seen.length, 1, String(status));
      assert.equal(credential.renewals, 0);
    }
  });

  it("refuses to send a token over plain HTTP", async () => {
    const credential = new CountingCredential();
    const plain = createPipelineRequest({ url: "http://127.0.0.1:1/x", method: "GET" });
    await assert.rejects(
      refreshOnUnauthorizedPolicy(credential, [SCOPE]).sendRequest(
        plain,
        armAnswering({ status: 200 }).next,
      ),
      /only sent over HTTPS/,
    );
    assert.equal(credential.requests.length, 0);
  });

  describe("challengeClaims", () => {
    it("reads the claims of an insufficient_claims challenge only", () => {
      assert.equal(challengeClaims(CAE_CHALLENGE), CLAIMS);
      assert.equal(challengeClaims(INVALID_TOKEN), undefined);
      assert.equal(challengeClaims(undefined), undefined);
      assert.equal(
        challengeClaims('Bearer error="insufficient_claims", claims="bm90IGpzb24="'),
        undefined,
        "claims that are not JSON are ignored",
      );
    });
  });
});
