// Browser errors to Sentry: with SENTRY_BROWSER_DSN (here a local receiver standing in for Sentry's
// envelope endpoint, on an app process of this spec's own) an uncaught error in the page arrives
// tagged with the server's request id, without the customer's email, the query string or the order
// page's token, and the CSP lets the page reach the DSN's origin. Without a DSN (the suite's own
// app) the page never fetches Sentry's SDK. Without JavaScript nothing runs, so nothing is sent.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { startAppProcess, type AppProcess } from "../../support/app-process";
import { expect, javascriptOn, test } from "../support/fixtures";
import { placePaidOrder } from "../support/orders";

let receiver: Server;
let app: AppProcess;
const envelopes: string[] = [];
const SDK_CHUNK = /browser-error-tracking/;

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      if (req.method === "POST") envelopes.push(req.headers["content-encoding"] === "gzip" ? gunzipSync(raw).toString("utf8") : raw.toString("utf8"));
      res.writeHead(200, { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as AddressInfo).port;
  app = await startAppProcess({
    DATABASE_URL: process.env.E2E_DATABASE_URL!,
    SENTRY_BROWSER_DSN: `http://publickey@127.0.0.1:${port}/7`,
    SQUARE_ENVIRONMENT: "simulator",
    SQUARE_SIMULATOR_URL: process.env.E2E_SIMULATOR_URL!,
    INCIDENT_WATCH_SECONDS: "0",
    LOG_LEVEL: "warn",
  });
});

test.afterAll(async () => {
  await app?.stop();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

test("a browser error reaches Sentry with the request id and without the customer's email or order token", async ({ page, db }) => {
  const email = `ana.browser.${Date.now().toString(36)}@example.com`;
  const order = await placePaidOrder(db, "pickup", email);
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(request.url());
  });
  const response = await page.goto(`${app.url}/orders/${order.token}?email=${encodeURIComponent(email)}`);
  const requestId = response!.headers()["x-request-id"];
  expect(requestId).toBeTruthy();
  expect(response!.headers()["content-security-policy"]).toMatch(/connect-src [^;]*http:\/\/127\.0\.0\.1:\d+/);
  await expect(page.locator("html")).toHaveAttribute("data-request-id", requestId);

  if (!javascriptOn()) {
    // Nothing runs without JavaScript: no SDK is fetched and nothing is sent.
    await page.waitForTimeout(1_000);
    expect(scripts.filter((url) => SDK_CHUNK.test(url))).toEqual([]);
    expect(envelopes.filter((body) => body.includes(requestId))).toEqual([]);
    return;
  }

  await expect.poll(() => scripts.some((url) => SDK_CHUNK.test(url))).toBe(true);
  // Let the SDK start, then fail the way a bug would: an uncaught error, holding the email.
  await page.waitForLoadState("networkidle");
  await page.evaluate((address) => {
    setTimeout(() => {
      throw new Error(`could not show the order of ${address}`);
    }, 0);
  }, email);
  await expect.poll(() => envelopes.some((body) => body.includes(requestId)), { timeout: 15_000 }).toBe(true);
  const body = envelopes.find((candidate) => candidate.includes(requestId))!;
  const event = body.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((item) => "exception" in item) as { tags: Record<string, string>; exception: { values: { value: string }[] }; request?: { url?: string } };
  expect(event.tags.request_id).toBe(requestId);
  expect(event.exception.values[0].value).toBe("could not show the order of [email]");
  expect(event.request?.url).toBe(`${app.url}/orders/[token]`);
  for (const secret of [email, encodeURIComponent(email), order.token, "?email="]) expect(body).not.toContain(secret);
});

test("without a DSN the page never fetches Sentry's SDK", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(request.url());
  });
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await expect(page.locator("html")).not.toHaveAttribute("data-sentry-dsn", /.+/);
  if (javascriptOn()) expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((url) => SDK_CHUNK.test(url))).toEqual([]);
});
