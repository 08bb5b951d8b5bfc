// Load shedding in front of the storefront (ops/load-shedding.server.ts), on a bare Express app
// whose handler answers when the test says: past the active cap requests wait in a bounded queue,
// shopping customers ahead of new visitors; past the queue, or after waiting too long, the answer
// is 503 with Retry-After; exempt paths never wait.
import express from "express";
import { connect, type AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { InFlightLimits, Shed } from "~/ops/load-shedding.server";

// The real metrics module opens the database pool (its gauges read queue depths): a unit test has
// no database, so the two metrics the limiter moves are counted here.
const shedCounts: Record<string, number> = {};
vi.mock("~/lib/metrics.server", () => ({
  metrics: {
    httpInFlight: { set: () => {} },
    httpShed: { inc: ({ reason }: { reason: string }) => { shedCounts[reason] = (shedCounts[reason] ?? 0) + 1; } },
  },
}));
const { answerBusy, limitInFlight } = await import("~/ops/load-shedding.server");

let server: Server | null = null;
afterEach(() => new Promise<void>((resolve) => {
  if (!server) return resolve();
  server.close(() => resolve());
  server.closeAllConnections();
}));

/** Waits up to 2 s for `check` to hold, and fails when it does not. */
async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

/** An app whose every request is held until `release()`; `order` lists the paths served, in turn. */
async function start(limits: Partial<InFlightLimits> = {}, shed: Shed = (_req, res, retryAfter) => {
  res.status(503).set("Retry-After", String(retryAfter)).send("busy");
}) {
  const held: (() => void)[] = [];
  const order: string[] = [];
  const limiter = limitInFlight(
    { maxActive: 1, maxQueued: 2, maxQueueWaitMs: 5_000, retryAfterSeconds: 5, ...limits },
    { exempt: (req) => req.path === "/healthz", shed },
  );
  const app = express();
  app.use(limiter);
  app.get("/healthz", (_req, res) => {
    res.send("ok");
  });
  app.all("*", (req, res) => {
    order.push(req.path);
    held.push(() => res.send(`served ${req.path}`));
  });
  server = app.listen(0);
  await new Promise((resolve) => server!.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
  const post = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { method: "POST", headers, body: "quantity=1" });
  const releaseOne = () => held.shift()!();
  return { get, post, order, held, limiter, until, releaseOne };
}

describe("load shedding", () => {
  it("queues past the active cap, then answers 503 with Retry-After", async () => {
    const app = await start();
    const first = app.get("/a");
    await app.until(() => app.held.length === 1);
    const queued = [app.get("/b"), app.get("/c")];
    await app.until(() => app.limiter.stats().queued === 2);

    const shedBefore = shedCounts.queue_full ?? 0;
    const refused = await app.get("/d");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(shedCounts.queue_full, "counted in larder_http_requests_shed_total").toBe(shedBefore + 1);
    // Exempt paths are served at once, whatever the queue.
    expect((await app.get("/healthz")).status).toBe(200);

    app.releaseOne();
    expect(await (await first).text()).toBe("served /a");
    await app.until(() => app.held.length === 1);
    app.releaseOne();
    await app.until(() => app.held.length === 1);
    app.releaseOne();
    expect(await Promise.all(queued.map(async (answer) => (await answer).status))).toEqual([200, 200]);
    expect(app.order).toEqual(["/a", "/b", "/c"]);
    expect(app.limiter.stats()).toEqual({ active: 0, queued: 0 });
  });

  it("lets a shopping customer ahead of, and in place of, a new visitor", async () => {
    const app = await start({ maxQueued: 1 });
    const first = app.get("/a");
    await app.until(() => app.held.length === 1);
    const visitor = app.get("/new-visitor");
    await app.until(() => app.limiter.stats().queued === 1);
    // The queue is full: the customer with a cart takes the new visitor's place, who is told to come back.
    const shopper = app.get("/checkout", { Cookie: "theme=dark; __larder=abc" });
    expect((await visitor).status).toBe(503);
    await app.until(() => app.limiter.stats().queued === 1);
    // Another new visitor finds the queue full of shoppers: refused.
    expect((await app.get("/another-visitor")).status).toBe(503);

    app.releaseOne();
    await first;
    await app.until(() => app.held.length === 1);
    app.releaseOne();
    expect((await shopper).status).toBe(200);
    expect(app.order).toEqual(["/a", "/checkout"]);
  });

  it("counts a form posted without the session cookie (a new visitor's first add) as an arrival", async () => {
    const app = await start({ maxQueued: 2 });
    const first = app.get("/a");
    await app.until(() => app.held.length === 1);
    const firstAdd = app.post("/products/dozen");
    await app.until(() => app.limiter.stats().queued === 1);
    const checkout = app.post("/checkout", { Cookie: "__larder=abc" });
    await app.until(() => app.limiter.stats().queued === 2);
    for (let i = 0; i < 3; i++) {
      await app.until(() => app.held.length === 1);
      app.releaseOne();
    }
    expect((await firstAdd).status).toBe(200);
    expect((await checkout).status).toBe(200);
    await first;
    expect(app.order).toEqual(["/a", "/checkout", "/products/dozen"]);
  });

  it("answers 503 to a request that waited too long, and forgets one whose client left", async () => {
    const app = await start({ maxQueueWaitMs: 100 });
    const first = app.get("/a");
    await app.until(() => app.held.length === 1);
    const shedBefore = shedCounts.queue_wait ?? 0;
    const waited = await app.get("/b");
    expect(waited.status).toBe(503);
    expect(waited.headers.get("retry-after")).toBe("5");
    expect(shedCounts.queue_wait).toBe(shedBefore + 1);

    const gone = new AbortController();
    const leaving = fetch(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/c`, { signal: gone.signal }).catch(() => null);
    await app.until(() => app.limiter.stats().queued === 1);
    gone.abort();
    await leaving;
    await app.until(() => app.limiter.stats().queued === 0);

    app.releaseOne();
    await first;
    await app.until(() => app.limiter.stats().active === 0);
    expect(app.order).toEqual(["/a"]);
  });

  it("gives the place back once the answer is handed over, not when a slow client has read it", async () => {
    const limiter = limitInFlight({ maxActive: 1, maxQueued: 5, maxQueueWaitMs: 5_000, retryAfterSeconds: 5 }, { exempt: () => false, shed: answerBusy });
    const app = express();
    app.use(limiter);
    // 8 MB: more than the kernel's socket buffers take, so most of it waits for the client to read.
    const big = Buffer.alloc(8 * 1024 * 1024, "a");
    app.get("/big", (_req, res) => {
      res.type("text/plain").send(big);
    });
    app.get("/small", (_req, res) => {
      res.send("small");
    });
    server = app.listen(0);
    await new Promise((resolve) => server!.once("listening", resolve));
    const port = (server.address() as AddressInfo).port;

    // A client that asks for the big answer and reads none of it.
    const slow = connect(port, "127.0.0.1");
    slow.pause();
    slow.write("GET /big HTTP/1.1\r\nHost: shop.test\r\n\r\n");
    // Served, and its place given back, while most of its bytes are still unread.
    await until(() => limiter.stats().active === 0);

    const other = await fetch(`http://127.0.0.1:${port}/small`);
    expect(other.status).toBe(200);
    expect(await other.text()).toBe("small");

    // The slow client still gets every byte when it reads.
    let received = 0;
    slow.on("data", (chunk: Buffer) => {
      received += chunk.length;
    });
    slow.resume();
    await until(() => received > big.length);
    slow.destroy();
  });

  it("gives the place back, once, when a client goes away before its answer", async () => {
    const app = await start();
    const first = app.get("/a");
    await app.until(() => app.held.length === 1);
    const gone = new AbortController();
    const abandoned = fetch(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/b`, { signal: gone.signal }).catch(() => null);
    await app.until(() => app.limiter.stats().queued === 1);
    app.releaseOne();
    await first;
    await app.until(() => app.order.length === 2 && app.held.length === 1);
    gone.abort();
    await abandoned;
    await app.until(() => app.limiter.stats().active === 0);
    // The answer the handler still sends into the closed response frees no second place.
    app.releaseOne();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.limiter.stats()).toEqual({ active: 0, queued: 0 });

    const third = app.get("/c");
    await app.until(() => app.held.length === 1 && app.limiter.stats().active === 1);
    app.releaseOne();
    expect((await third).status).toBe(200);
    await app.until(() => app.limiter.stats().active === 0);
  });

  it("refuses with the busy page, in the shop's name once the storefront has read it", async () => {
    const app = await start({ maxQueued: 0 }, answerBusy);
    const first = app.get("/a");
    await app.until(() => app.held.length === 1);

    globalThis.__larderShopName = undefined;
    const page = await app.get("/menu");
    expect(page.status).toBe(503);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("retry-after")).toBe("5");
    expect(await page.text()).toContain("<title>We&#39;re very busy right now — Larder</title>");
    // Once the storefront has shown the shop's name (branding.server.ts), the busy page uses it.
    globalThis.__larderShopName = "Empanadas & Co";
    expect(await (await app.get("/menu")).text()).toContain("<title>We&#39;re very busy right now — Empanadas &#38; Co</title>");

    app.releaseOne();
    await first;
    expect(app.order).toEqual(["/a"]);
  });
});
