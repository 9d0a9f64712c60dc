import { strict as assert } from "node:assert";
import { assertionExpiryMs, reusedUntilExpiry } from "../../provider/arm/oidcAssertion";

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256" })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe("the OIDC assertion, reused until shortly before it expires", () => {
  it("reads exp from the JWT, and nothing from what is not one", () => {
    assert.equal(assertionExpiryMs(jwt({ exp: 1_700_000_000 })), 1_700_000_000_000);
    assert.equal(assertionExpiryMs("not-a-jwt"), undefined);
    assert.equal(assertionExpiryMs(jwt({ sub: "no exp" })), undefined);
  });

  it("asks the source once while the assertion has more than a minute left, then again", async () => {
    let now = 1_000_000;
    let asked = 0;
    const source = async () => jwt({ exp: (1_000_000 + 300_000) / 1000, n: ++asked });
    const assertion = reusedUntilExpiry(source, () => now);
    const first = await assertion();
    now += 200_000; // 100 s left
    assert.equal(await assertion(), first);
    assert.equal(asked, 1);
    now += 50_000; // 50 s left: too close
    const renewed = await assertion();
    assert.equal(asked, 2);
    assert.notEqual(renewed, first);
  });

  it("never keeps an assertion whose expiry it cannot read", async () => {
    let asked = 0;
    const assertion = reusedUntilExpiry(async () => `opaque-${++asked}`);
    assert.equal(await assertion(), "opaque-1");
    assert.equal(await assertion(), "opaque-2");
  });

  it("keeps nothing when the source fails, and asks again next time", async () => {
    let fail = true;
    const assertion = reusedUntilExpiry(async () => {
      if (fail) throw new Error("the OIDC token request answered HTTP 500");
      return jwt({ exp: Date.now() / 1000 + 600 });
    });
    await assert.rejects(assertion(), /HTTP 500/);
    fail = false;
    assert.ok((await assertion()).split(".").length === 3);
  });
});
