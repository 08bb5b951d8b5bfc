// Every page a customer or the kitchen uses passes axe's WCAG 2 A and AA rules, on a phone (390×844)
// and a laptop (1280×800), with JavaScript off and on; and no page is wider than a phone's screen
// (wide tables scroll inside their box). The board, an order's page and its ticket are also
// photographed to tests/.artifacts/screenshots/ for a person to look at. axe runs inside the page,
// so "JavaScript off" is the server's HTML with every script request refused: what a browser without
// JavaScript shows, with axe still able to run.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { E2E_ADMIN } from "../support/constants";
import { addToCart, expect, javascriptOn, signInTo, test } from "../support/fixtures";
import { placePaidOrder } from "../support/orders";

const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1280, height: 800 },
] as const;

interface Found {
  rule: string;
  impact: string | null | undefined;
  help: string;
  where: string[];
}

async function axeViolations(page: Page): Promise<Found[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.passes.length, "axe ran its rules on the page").toBeGreaterThan(0);
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    where: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary?.split("\n")[1]?.trim() ?? ""}`),
  }));
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

for (const size of SIZES) {
  test(`storefront, checkout, order status and the admin pass axe (WCAG 2 A/AA) and fit the screen, ${size.name} ${size.width}×${size.height}`, async ({ page: scripted, browser, db }, testInfo) => {
    let page = scripted;
    if (!javascriptOn()) {
      const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled: true });
      await context.route("**/*", (route) => (route.request().resourceType() === "script" ? route.abort() : route.continue()));
      page = await context.newPage();
    }
    await page.setViewportSize({ width: size.width, height: size.height });
    const order = await placePaidOrder(db, "pickup", `axe.${size.name}.${Date.now().toString(36)}@example.com`, "Ana Axe");
    // A packed parcel, so the board shows the Shipped form with its carrier and tracking fields.
    const parcel = await placePaidOrder(db, "shipping", `axe.parcel.${size.name}.${Date.now().toString(36)}@example.com`, "Bea Axe");
    await db`select advance_order(${parcel.id}, 'start', null, 'paid')`;
    await db`select advance_order(${parcel.id}, 'ready', null, 'preparing')`;
    const found: Record<string, Found[]> = {};
    const overflow: Record<string, number> = {};
    async function check(name: string, path: string | null, { photo = false } = {}) {
      if (path) await page.goto(path);
      await expect(page.locator("h1").first()).toBeVisible();
      const violations = await axeViolations(page);
      if (violations.length) found[name] = violations;
      const wider = await horizontalOverflow(page);
      if (wider > 0) overflow[name] = wider;
      if (photo) {
        await page.screenshot({ path: `tests/.artifacts/screenshots/${testInfo.project.name}-${name}-${size.width}.png`, fullPage: true });
      }
    }

    await check("admin login", "/admin/login");
    await check("home", "/");
    await check("product", "/products/humita");
    await addToCart(page, "Humita", "Single", 2);
    await check("cart", null);
    await check("checkout", "/checkout");
    await check("order status", `/orders/${order.token}`);
    await signInTo(page, `/admin/board?date=${order.day}`, E2E_ADMIN);
    await check("board", null, { photo: true });
    await check("board, shipping day", `/admin/board?date=${parcel.day}`, { photo: true });
    await check("admin order", `/admin/orders/${order.number}`, { photo: true });
    await check("ticket", `/admin/orders/${order.number}/ticket`, { photo: true });

    expect(found, "axe violations by page").toEqual({});
    expect(overflow, "pixels wider than the screen, by page").toEqual({});
  });
}
