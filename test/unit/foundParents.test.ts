import { strict as assert } from "node:assert";
import { MhsmPrivateEndpointConnectionProvider } from "../../provider";
import { FOUND_FOR_MS, FoundParents, processFoundParents } from "../../provider/hooks/foundParents";
import type { HookContext } from "../../provider/hooks/context";
import { missingParentFailure } from "../../provider/hooks/parentExists";
import { connection, harness, inputs } from "./support/fakes";

/**
 * The parent check's record is the host process's, keyed per principal and parent: the engine
 * makes a provider object per resource, and each must not read the parent again.
 */
describe("parents found: one record per host process, per principal and parent", () => {
  const declared = (name: string) =>
    inputs({ privateEndpointConnectionName: name }) as unknown as Record<string, unknown>;

  /** n provider objects' contexts (one per resource, as the engine makes them), one record. */
  function perResource(n: number, foundParents: FoundParents, principal = "sp-1") {
    const h = harness();
    h.api.get.resolves(connection());
    const contexts: HookContext[] = Array.from({ length: n }, () => ({
      ...h.ctx,
      principal: (subscriptionId: string) => `${principal} ${subscriptionId}`,
      foundParents,
    }));
    return { h, contexts };
  }

  it("200 resources, each with its own provider object, checked at once: one read of the parent", async () => {
    const { h, contexts } = perResource(200, new FoundParents());
    const failures = await Promise.all(
      contexts.map((ctx, i) => missingParentFailure(ctx, {}, declared(`pe-${i}`))),
    );
    assert.ok(failures.every((f) => f === undefined));
    assert.equal(h.api.get.callCount + h.api.list.callCount, 1);
  });

  it("another principal reads the parent again; the same one, within the record's life, does not", async () => {
    const shared = new FoundParents();
    const first = perResource(1, shared, "sp-1");
    const again = perResource(1, shared, "sp-1");
    const other = perResource(1, shared, "sp-2");
    for (const { contexts } of [first, again, other]) {
      await missingParentFailure(contexts[0], {}, declared("pe-1"));
    }
    assert.equal(first.h.api.get.callCount, 1);
    assert.equal(again.h.api.get.callCount, 0);
    assert.equal(other.h.api.get.callCount, 1);
  });

  it("a parent found is read again once its record is older than FOUND_FOR_MS", async () => {
    const shared = new FoundParents();
    const { h, contexts } = perResource(1, shared);
    await missingParentFailure(contexts[0], {}, declared("pe-1"));
    h.clock.advance(FOUND_FOR_MS - 1);
    await missingParentFailure(contexts[0], {}, declared("pe-2"));
    assert.equal(h.api.get.callCount, 1);
    h.clock.advance(1);
    await missingParentFailure(contexts[0], {}, declared("pe-3"));
    assert.equal(h.api.get.callCount, 2);
  });

  it("keeps at most its bound of parents, forgetting the one found longest ago", async () => {
    const record = new FoundParents(FOUND_FOR_MS, 2);
    const clock = harness().clock;
    let reads = 0;
    const read = async () => void (reads += 1);
    for (const key of ["a", "b", "c", "b", "a"]) await record.once(key, clock, read);
    // a, b, c read; c pushed a out; b still found; a read again.
    assert.equal(reads, 4);
  });

  it("provider objects the host makes share the process's record, keyed by their credentials", () => {
    const env = (clientId: string) => ({
      ARM_CLIENT_ID: clientId,
      ARM_TENANT_ID: "11111111-1111-4111-8111-111111111111",
      ARM_CLIENT_SECRET: "not-a-secret",
    });
    const one = new MhsmPrivateEndpointConnectionProvider({ env: env("app-1") });
    const two = new MhsmPrivateEndpointConnectionProvider({ env: env("app-1") });
    const other = new MhsmPrivateEndpointConnectionProvider({ env: env("app-2") });
    assert.equal(one.ctx.foundParents, processFoundParents);
    assert.equal(two.ctx.foundParents, processFoundParents);
    assert.equal(one.ctx.principal("sub"), two.ctx.principal("sub"));
    assert.notEqual(one.ctx.principal("sub"), other.ctx.principal("sub"));
    assert.notEqual(one.ctx.principal("sub"), one.ctx.principal("sub-2"));
    assert.doesNotMatch(one.ctx.principal("sub"), /not-a-secret/);
  });
});
