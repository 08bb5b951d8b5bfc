// Every page of the storefront and the admin (each route with a page, listed below by route file)
// passes axe's WCAG 2 A and AA rules, with JavaScript off
// (on a phone, 390×844) and on (on a laptop, 1280×800); and no page is wider than the screen at either size
// (wide tables scroll inside their box). The board, an order's page and its ticket are also
// photographed to tests/.artifacts/screenshots/ for a person to look at. axe runs inside the page,
// so "JavaScript off" is the server's HTML with every script request refused: what a browser without
// JavaScript shows, with axe still able to run.
import { analyzeAccessibility } from "../support/axe";
import type { Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { hashPassword } from "../../../app/accounts/password.server";
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
  const results = await analyzeAccessibility(page);
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

// axe is the slow part: it runs once per page, at the phone size without JavaScript and at the
// laptop size with it; every page is measured for overflow at both sizes in both projects, and the
// kitchen's pages are photographed at both sizes with JavaScript on.
test("every storefront and admin page passes axe (WCAG 2 A/AA) and fits a phone and a laptop", async ({ page: scripted, browser, db }, testInfo) => {
  // About fifty pages, one load each (axe is the slow part).
  test.setTimeout(600_000);
  let page = scripted;
  if (!javascriptOn()) {
    const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled: true });
    await context.route("**/*", (route) => (route.request().resourceType() === "script" ? route.abort() : route.continue()));
    page = await context.newPage();
  }
  const axeSize = javascriptOn() ? SIZES[1] : SIZES[0];
  const customerEmail = `axe.${testInfo.project.name}.${Date.now().toString(36)}@example.com`;
  const order = await placePaidOrder(db, "pickup", customerEmail, "Ana Axe");
  // A packed parcel, so the board shows the Shipped form with its carrier and tracking fields.
  const parcel = await placePaidOrder(db, "shipping", `axe.parcel.${testInfo.project.name}.${Date.now().toString(36)}@example.com`, "Bea Axe");
  await db`select advance_order(${parcel.id}, 'start', null, 'paid')`;
  await db`select advance_order(${parcel.id}, 'ready', null, 'preparing')`;
  const found: Record<string, Found[]> = {};
  const overflow: Record<string, number> = {};
  async function check(name: string, path: string | null, { photo = false } = {}) {
    if (path) await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      const wider = await horizontalOverflow(page);
      if (wider > 0) overflow[`${name}, ${size.name}`] = wider;
      if (photo && javascriptOn()) {
        await page.screenshot({ path: `tests/.artifacts/screenshots/${name.replaceAll(/[^a-z]+/g, "-")}-${size.width}.png`, fullPage: true });
      }
    }
    await page.setViewportSize({ width: axeSize.width, height: axeSize.height });
    const violations = await axeViolations(page);
    if (violations.length) found[name] = violations;
  }

  // The pages reached by a link someone was sent or by a second sign-in step, each in a context of its own.
  const tag = `${testInfo.project.name}.${Date.now().toString(36)}`;
  const [{ id: ownerId }] = await db<{ id: number }[]>`select id from admin_users where email = ${E2E_ADMIN.email}`;
  const inviteToken = randomBytes(32).toString("base64url");
  await db`select invite_staff(${`axe.invite.${tag}@example.com`}, 'staff', ${inviteToken}, ${ownerId}, 'axe', null)`;
  const twoFactor = { email: `axe.2fa.${tag}@example.com`, password: "correct-horse-battery-2fa" };
  await db`insert into admin_users (email, name, role, password_hash, totp_secret, totp_enabled_at)
           values (${twoFactor.email}, 'Axe Two-Factor', 'staff', ${await hashPassword(twoFactor.password)}, 'JBSWY3DPEHPK3PXP', now())`;
  const [{ id: locationId }] = await db<{ id: string }[]>`select id::text from locations order by id limit 1`;
  const [{ id: zoneId }] = await db<{ id: string }[]>`select id::text from delivery_zones order by id limit 1`;
  const [{ id: promoId }] = await db<{ id: string }[]>`select id::text from promo_codes order by id limit 1`;
  const [{ id: categoryId }] = await db<{ id: string }[]>`select id::text from categories order by id limit 1`;
  const [{ id: listId }] = await db<{ id: string }[]>`select id::text from modifier_lists order by id limit 1`;
  const [{ id: printId }] = await db<{ id: string }[]>`
    select record_production_print(${Number(locationId)}, ${order.day}::date, null, null, ${ownerId})::text as id`;

  await page.setViewportSize({ width: axeSize.width, height: axeSize.height });
  await check("admin login", "/admin/login");
  await check("offline page", "/offline");
  await check("staff invite", `/admin/invite/${inviteToken}`);
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(twoFactor.email);
  await page.getByLabel("Password").fill(twoFactor.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/login\/code$/);
  await check("two-factor code", null);
  await page.context().clearCookies();
  await check("home", "/", { photo: true });
  await check("product", "/products/humita", { photo: true });
  await check("sold-out product", "/products/spicy-chorizo");
  await check("not found", "/no-such-page");
  await addToCart(page, "Humita", "Single", 2);
  await check("cart", null);
  await check("checkout", "/checkout");
  await check("order status", `/orders/${order.token}`);
  await signInTo(page, `/admin/board?date=${order.day}`, E2E_ADMIN);
  await check("board", null, { photo: true });
  await check("board, shipping day", `/admin/board?date=${parcel.day}`, { photo: true });
  await check("admin order", `/admin/orders/${order.number}`, { photo: true });
  await check("ticket", `/admin/orders/${order.number}/ticket`, { photo: true });
  await check("phone order", "/admin/orders/new?product=humita", { photo: true });
  await check("packing", `/admin/packing?date=${order.day}`, { photo: true });
  await check("delivery sheet", `/admin/packing?date=${order.day}&kind=delivery`);
  await check("staff", "/admin/staff");
  await check("account", "/admin/account");
  await check("branding", "/admin/branding", { photo: true });
  await check("menu editor product", "/admin/menu/products/" + (await db<{ id: string }[]>`select id::text from products where slug = 'humita'`)[0].id);
  await check("admin home", "/admin");
  await check("orders", "/admin/orders");
  await check("receipt", `/admin/orders/${order.number}/receipt`);
  await check("packing labels", `/admin/packing/labels?date=${parcel.day}`);
  await check("production", `/admin/production?date=${order.day}`);
  await check("production print", `/admin/production/print/${printId}`);
  await check("menu", "/admin/menu");
  await check("menu editor new product", "/admin/menu/products/new");
  await check("menu editor category", `/admin/menu/categories/${categoryId}`);
  await check("menu editor new category", "/admin/menu/categories/new");
  await check("menu editor modifier list", `/admin/menu/modifier-lists/${listId}`);
  await check("menu editor new modifier list", "/admin/menu/modifier-lists/new");
  await check("dashboard", "/admin/dashboard?range=30d");
  await check("incidents", "/admin/incidents");
  await check("security", "/admin/security");
  await check("promo codes", "/admin/promo-codes");
  await check("promo code", `/admin/promo-codes/${promoId}`);
  await check("locations", "/admin/locations");
  await check("location", `/admin/locations/${locationId}`);
  await check("delivery zones", "/admin/delivery-zones");
  await check("delivery zone", `/admin/delivery-zones/${zoneId}`);
  await check("privacy", "/admin/privacy");
  await check("privacy customer", `/admin/privacy/customer?email=${encodeURIComponent(customerEmail)}`);
  await check("outbox", "/admin/outbox");
  await check("jobs", "/admin/jobs");
  await check("webhooks", "/admin/webhooks");
  await check("health", "/admin/health");
  await check("audit", "/admin/audit");
  await check("catalog sync", "/admin/catalog-sync");
  await check("summary email", "/admin/summary-email");
  await check("maintenance", "/admin/maintenance");

  expect(found, "axe violations by page").toEqual({});
  expect(overflow, "pixels wider than the screen, by page").toEqual({});
});
