// The public-page cache (catalog/page-cache.server.ts): which requests it may answer, what it keeps,
// and that a kept page stops being served on a storefront change, at the end of its minute, while
// LISTEN is down, or when a change came while it was being rendered; each answer carries its own
// nonce and request id.
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("~/lib/logger.server", () => ({ logger: { warn: () => {}, error: () => {} } }));
const { PageCache, isCacheablePageRequest, pageBody } = await import("~/catalog/page-cache.server");
const { markStorefrontChanged } = await import("~/catalog/storefront-changes.server");

const NONCE = "c2VjcmV0LW5vbmNlLTAxMjM0NQ==";
const REQUEST_ID = "0b6e1c9a-2f4d-4e8a-9c3b-7d5f1a2e4c6b";
const page = (overrides: Partial<{ status: number; headers: [string, string][]; body: string }> = {}) => ({
  status: 200,
  headers: [["content-type", "text/html; charset=utf-8"]] as [string, string][],
  body: `<html><script nonce="${NONCE}">x</script><p>Beef Criolla — empanada</p><script nonce="${NONCE}">{"requestId":"${REQUEST_ID}"}</script></html>`,
  nonce: NONCE,
  requestId: REQUEST_ID,
  ...overrides,
});
const get = (url: string, headers: Record<string, string> = {}) => ({ method: "GET", path: url.split("?")[0], url, headers });

let now = Date.UTC(2026, 11, 2, 12, 0, 10);
const clock = () => now;

beforeEach(() => {
  now = Date.UTC(2026, 11, 2, 12, 0, 10);
  globalThis.__larderStorefrontChanges = { generation: 0, listening: true, started: true, listeners: new Set(), memos: new Map() };
});

describe("which requests", () => {
  it("answers GETs of the menu and product pages without a cookie, credentials or query", () => {
    expect(isCacheablePageRequest(get("/"))).toBe(true);
    expect(isCacheablePageRequest(get("/products/beef-criolla"))).toBe(true);
    expect(isCacheablePageRequest(get("/?from=instagram"))).toBe(false);
    expect(isCacheablePageRequest(get("/", { cookie: "__larder=abc" }))).toBe(false);
    expect(isCacheablePageRequest(get("/", { authorization: "Basic eDp5" }))).toBe(false);
    expect(isCacheablePageRequest({ ...get("/"), method: "POST" })).toBe(false);
    expect(isCacheablePageRequest({ ...get("/"), method: "HEAD" })).toBe(false);
    for (const path of ["/cart", "/checkout", "/account", "/admin", "/products/Beef", "/products/a/b", "/products/", "/_root.data", "/orders/abc"]) {
      expect(isCacheablePageRequest(get(path)), path).toBe(false);
    }
  });
});

describe("a kept page", () => {
  it("is served with each answer's own nonce and request id", () => {
    const cache = new PageCache(10, clock);
    const render = cache.begin("/");
    expect(render.finish(page())).not.toBeNull();
    const kept = cache.lookup("/")!;
    const body = pageBody(kept, "bmV3LW5vbmNlLWFiY2RlZmdoaQ==", "11111111-2222-4333-8444-555555555555").toString("utf8");
    expect(body).toBe('<html><script nonce="bmV3LW5vbmNlLWFiY2RlZmdoaQ==">x</script><p>Beef Criolla — empanada</p><script nonce="bmV3LW5vbmNlLWFiY2RlZmdoaQ==">{"requestId":"11111111-2222-4333-8444-555555555555"}</script></html>');
    expect(body).not.toContain(NONCE);
    expect(body).not.toContain(REQUEST_ID);
  });

  it("is dropped when the storefront changes", () => {
    const cache = new PageCache(10, clock);
    cache.begin("/").finish(page());
    expect(cache.lookup("/")).not.toBeNull();
    markStorefrontChanged();
    expect(cache.lookup("/")).toBeNull();
  });

  it("is not kept when the storefront changed while it was rendered", () => {
    const cache = new PageCache(10, clock);
    const render = cache.begin("/");
    markStorefrontChanged();
    expect(render.finish(page())).toBeNull();
    expect(cache.lookup("/")).toBeNull();
  });

  it("lasts until the end of the minute its render began in", () => {
    const cache = new PageCache(10, clock);
    now = Date.UTC(2026, 11, 2, 12, 0, 59, 990);
    const render = cache.begin("/");
    now += 5; // still 12:00:59
    expect(render.finish(page())).not.toBeNull();
    expect(cache.lookup("/")).not.toBeNull();
    now = Date.UTC(2026, 11, 2, 12, 1, 0);
    expect(cache.lookup("/")).toBeNull();

    // A render that began in one minute and ended in the next is not kept: it may show the old minute.
    now = Date.UTC(2026, 11, 2, 12, 1, 59, 999);
    const late = cache.begin("/");
    now += 2;
    expect(late.finish(page())).toBeNull();
  });

  it("is neither kept nor served while nothing listens for changes", () => {
    const cache = new PageCache(10, clock);
    cache.begin("/").finish(page());
    globalThis.__larderStorefrontChanges!.listening = false;
    expect(cache.lookup("/")).toBeNull();
    expect(cache.begin("/").finish(page())).toBeNull();
  });

  it("is only a 200 HTML page without Set-Cookie or no-store", () => {
    const cache = new PageCache(10, clock);
    expect(cache.begin("/products/gone").finish(page({ status: 404 }))).toBeNull();
    expect(cache.begin("/").finish(page({ headers: [["content-type", "text/html"], ["set-cookie", "__larder=x"]] }))).toBeNull();
    expect(cache.begin("/").finish(page({ headers: [["content-type", "text/html"], ["cache-control", "no-store"]] }))).toBeNull();
    expect(cache.begin("/").finish(page({ headers: [["content-type", "application/json"]] }))).toBeNull();
    expect(cache.size).toBe(0);
  });

  it("keeps at most its number of pages, the oldest going first", () => {
    const cache = new PageCache(2, clock);
    for (const path of ["/products/a", "/products/b", "/products/c"]) cache.begin(path).finish(page());
    expect(cache.size).toBe(2);
    expect(cache.lookup("/products/a")).toBeNull();
    expect(cache.lookup("/products/c")).not.toBeNull();
  });
});

describe("a render under way", () => {
  it("is shared by the visitors arriving meanwhile, and not after a change", async () => {
    const cache = new PageCache(10, clock);
    const render = cache.begin("/");
    const waiting = cache.rendered("/");
    expect(waiting).not.toBeNull();
    render.finish(page());
    expect((await waiting)?.status).toBe(200);
    expect(cache.rendered("/")).toBeNull();

    const next = cache.begin("/products/a");
    markStorefrontChanged();
    expect(cache.rendered("/products/a")).toBeNull();
    next.finish(null);
  });

  it("hands its waiters nothing when it failed, so each renders its own", async () => {
    const cache = new PageCache(10, clock);
    const render = cache.begin("/");
    const waiting = cache.rendered("/");
    render.finish(null);
    expect(await waiting).toBeNull();
  });
});

describe("the in-flight queue", () => {
  it("is skipped by a kept page, a render under way, and the one render of a page kept before", () => {
    const cache = new PageCache(10, clock);
    expect(cache.skipsQueue(get("/"))).toBe(false); // never kept: waits its turn
    const first = cache.begin("/");
    expect(cache.skipsQueue(get("/"))).toBe(true); // shares the render under way
    first.finish(page());
    expect(cache.skipsQueue(get("/"))).toBe(true); // kept
    markStorefrontChanged();
    expect(cache.skipsQueue(get("/"))).toBe(true); // the one render that keeps it again
    const again = cache.begin("/");
    markStorefrontChanged();
    expect(cache.skipsQueue(get("/"))).toBe(false); // a second render after a newer change waits
    again.finish(null);
    expect(cache.skipsQueue(get("/", { cookie: "__larder=abc" }))).toBe(false);
    expect(cache.skipsQueue(get("/products/no-such-thing"))).toBe(false);
    globalThis.__larderStorefrontChanges!.listening = false;
    expect(cache.skipsQueue(get("/"))).toBe(false);
  });
});
