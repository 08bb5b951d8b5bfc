// The customer's session is read once per page (issue 15): the root loader and the page's loader of
// one GET share one read through the request's load context, and nothing is shared beyond it: the
// next request, another browser, or a POST reads the row afresh.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;
let session: typeof import("~/lib/session.server");
let metrics: typeof import("~/lib/metrics.server").metrics;

beforeAll(async () => {
  harness = await startAppHarness();
  session = await import("~/lib/session.server");
  ({ metrics } = await import("~/lib/metrics.server"));
});

afterAll(async () => {
  await harness?.stop();
});

/** Statements the app has run against `sessions` so far (the pool's own per-statement metric). */
async function sessionStatements(): Promise<number> {
  const { values } = await metrics.dbQueryDuration.get();
  return values
    .filter((value) => value.metricName === "larder_db_query_duration_seconds_count" && value.labels.query === "sessions")
    .reduce((sum, value) => sum + value.value, 0);
}

/** A browser's cookie for a stored session holding `cartId`. */
async function browserWithCart(cartId: string): Promise<string> {
  const fresh = await session.getSession(new Request("http://shop.test/"));
  fresh.set("cartId", cartId);
  return (await session.commitSession(fresh)).split(";")[0];
}

// Remix hands each loader a Request of its own (same URL and headers) and the same context object.
const loaderRequest = (cookie: string, method = "GET") => new Request("http://shop.test/cart", { method, headers: { cookie } });

describe("one session read per request", () => {
  it("shares one read between the loaders of one GET", async () => {
    const cookie = await browserWithCart("11111111-1111-4111-8111-111111111111");
    const context = { requestId: "r1", clientIp: null };
    const before = await sessionStatements();
    const [root, page] = await Promise.all([session.getSession(loaderRequest(cookie), context), session.getSession(loaderRequest(cookie), context)]);
    expect(root).toBe(page);
    expect(page.get("cartId")).toBe("11111111-1111-4111-8111-111111111111");
    expect((await sessionStatements()) - before).toBe(1);
  });

  it("never shares it with the next request, which sees what the last one saved", async () => {
    const cookie = await browserWithCart("22222222-2222-4222-8222-222222222222");
    const first = await session.getSession(loaderRequest(cookie), { requestId: "r2", clientIp: null });
    first.set("cartId", "33333333-3333-4333-8333-333333333333");
    first.flash("notice", "Added to your cart.");
    await session.commitSession(first);

    const before = await sessionStatements();
    const next = await session.getSession(loaderRequest(cookie), { requestId: "r3", clientIp: null });
    expect(next).not.toBe(first);
    expect(next.get("cartId")).toBe("33333333-3333-4333-8333-333333333333");
    expect(next.get("notice")).toBe("Added to your cart.");
    await session.commitSession(next);
    expect((await sessionStatements()) - before).toBe(2); // the read and the save

    // The notice was shown once: the request after that does not show it again.
    expect((await session.getSession(loaderRequest(cookie), { requestId: "r4", clientIp: null })).get("notice")).toBeUndefined();
  });

  it("keeps two browsers apart, and a different cookie under the same context reads its own row", async () => {
    const alice = await browserWithCart("44444444-4444-4444-8444-444444444444");
    const bob = await browserWithCart("55555555-5555-4555-8555-555555555555");
    const context = { requestId: "r5", clientIp: null };
    expect((await session.getSession(loaderRequest(alice), context)).get("cartId")).toBe("44444444-4444-4444-8444-444444444444");
    expect((await session.getSession(loaderRequest(bob), context)).get("cartId")).toBe("55555555-5555-4555-8555-555555555555");
    expect((await session.getSession(loaderRequest(bob), { requestId: "r6", clientIp: null })).get("cartId")).toBe("55555555-5555-4555-8555-555555555555");
  });

  it("reads afresh for a POST (its action's writes come before the loaders' reads) and without a context", async () => {
    const cookie = await browserWithCart("66666666-6666-4666-8666-666666666666");
    const context = { requestId: "r7", clientIp: null };
    const before = await sessionStatements();
    const action = await session.getSession(loaderRequest(cookie, "POST"), context);
    const again = await session.getSession(loaderRequest(cookie, "POST"), context);
    const bare = await session.getSession(loaderRequest(cookie));
    expect(action).not.toBe(again);
    expect(bare).not.toBe(action);
    expect((await sessionStatements()) - before).toBe(3);
  });
});
