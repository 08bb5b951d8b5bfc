// The storefront as an installable app: its manifest and icons, and (with JavaScript on) the service
// worker's offline page showing the last order opened on the device, while the cart, checkout and
// admin pages are never answered from a cache. Without JavaScript no worker is registered at all.
import { analyzeAccessibility } from "../support/axe";
import type { Page } from "@playwright/test";
import { placePaidOrder } from "../support/orders";
import { expect, javascriptOn, newCustomer, test } from "../support/fixtures";

/** Every URL the service worker's caches hold, as paths. */
async function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
}

test("the shop names its web app manifest, whose icons are real PNGs of their sizes", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");
  const manifest = await request.get(href!);
  expect(manifest.headers()["content-type"]).toContain("application/manifest+json");
  const body = (await manifest.json()) as { name: string; start_url: string; display: string; theme_color: string; icons: { src: string; sizes: string; type: string }[] };
  expect(body).toMatchObject({ start_url: "/", display: "standalone" });
  // The shop's own colour (its branding settings), as the page's theme-color says.
  expect(body.theme_color).toBe(await page.locator('meta[name="theme-color"]').getAttribute("content"));
  expect(body.name).toBe((await page.locator(".site-header .brand").textContent())?.trim());
  for (const icon of body.icons.filter((i) => i.type === "image/png")) {
    const png = await request.get(icon.src);
    expect(png.status(), icon.src).toBe(200);
    const bytes = await png.body();
    // The PNG header's IHDR: width and height as big-endian integers at bytes 16 and 20.
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
  }
  if (!javascriptOn()) {
    // Without JavaScript nothing registers a service worker: every page comes from the shop.
    await page.goto("/cart");
    await expect(page.getByRole("heading", { level: 1, name: "Your cart" })).toBeVisible();
    expect(page.context().serviceWorkers()).toHaveLength(0);
  }
});

test("offline, the service worker shows the last order opened here, and never the cart, checkout or admin", async ({ page, context, db }) => {
  const order = await placePaidOrder(db, "pickup", newCustomer("offline").email);
  if (!javascriptOn()) {
    // Without JavaScript no service worker is registered: offline, the browser says it has no
    // connection, and nothing of the shop was kept.
    await page.goto(`/orders/${order.token}`);
    await expect(page.locator(".order-state")).toHaveText("Paid");
    await context.setOffline(true);
    try {
      await expect(page.goto("/")).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    } finally {
      await context.setOffline(false);
    }
    expect(context.serviceWorkers()).toHaveLength(0);
    return;
  }

  await page.goto("/");
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.goto(`/orders/${order.token}`);
  await expect(page.locator(".order-state")).toHaveText("Paid");
  await expect
    .poll(() => page.evaluate(() => caches.match("/offline/last-order.json").then((answer) => answer?.json())))
    .toMatchObject({ number: order.number, status: "Paid", url: `/orders/${order.token}` });
  await page.goto("/cart");
  await expect(page.getByRole("heading", { level: 1, name: "Your cart" })).toBeVisible();
  await page.goto("/checkout");

  await context.setOffline(true);
  try {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
    const saved = page.locator("#last-order");
    await expect(saved.getByRole("link", { name: `Order #${order.number}` })).toHaveAttribute("href", `/orders/${order.token}`);
    await expect(saved).toContainText(`Order #${order.number}: Paid`);
    // axe's script is injected into the page, not fetched: it runs offline too.
    const axe = await analyzeAccessibility(page);
    expect(axe.passes.length, "axe ran its rules on the offline page").toBeGreaterThan(0);
    expect(axe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

    // The cart and checkout are never kept: offline they get the offline page, not a stale copy.
    for (const path of ["/cart", "/checkout", `/orders/${order.token}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: "You are offline" }), path).toBeVisible();
    }
    // Admin pages are not even intercepted: offline, the browser itself says it has no connection.
    await expect(page.goto("/admin/login")).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  } finally {
    await context.setOffline(false);
  }

  await page.goto("/");
  const paths = await cachedPaths(page);
  expect(paths).toEqual(expect.arrayContaining(["/offline", "/styles.css", "/offline/last-order.json"]));
  expect(paths.some((path) => path.startsWith("/build/"))).toBe(true);
  expect(paths.filter((path) => /^\/(cart|checkout|admin|orders)(\/|$)/.test(path))).toEqual([]);
});
