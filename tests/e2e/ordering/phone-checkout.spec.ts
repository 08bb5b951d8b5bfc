// Checkout on a phone (issue 15), with JavaScript off and on: the total on Place order, tip choices
// with their amounts, a promo code applied with Enter after a tip (the stale-total bug), the error
// summary, pickup as a day then a time (and "as soon as possible"), a submit that cannot reach the
// shop, times with their zone, a keyboard-only checkout, the cart at 320 px, axe on each page.
// Screenshots go to $CHECKOUT_SHOTS (default /tmp/shots-checkoutui/) for a person to look at.
import { analyzeAccessibility } from "../support/axe";
import type { Browser, Page } from "@playwright/test";
import { SUCCESS_CARD } from "../support/constants";
import {
  addToCart, choosePickup, expect, expectPaid, fillCard, javascriptOn, newCustomer, payOnHostedCheckout, test, type Customer,
} from "../support/fixtures";
import { placePaidOrder } from "../support/orders";

const SHOTS = process.env.CHECKOUT_SHOTS ?? "/tmp/shots-checkoutui";
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };
const ZONE = /\d{1,2}:\d\d [AP]M C[SD]T\b/;

async function shoot(page: Page, name: string) {
  for (const size of [PHONE, LAPTOP]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/${test.info().project.name}-${name}-${size.width}.png`, fullPage: true });
  }
  await page.setViewportSize(PHONE);
}

/** axe's WCAG 2 A/AA rules on the page as it is (a script-less copy of it without JavaScript, as accessibility.spec does). */
async function expectNoAxeViolations(page: Page, browser: Browser) {
  let target = page;
  if (!javascriptOn()) {
    // axe runs inside the page: the same HTML in a context that refuses every script request.
    const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled: true, viewport: page.viewportSize() });
    await context.addCookies(await page.context().cookies());
    await context.route("**/*", (route) => (route.request().resourceType() === "script" ? route.abort() : route.continue()));
    target = await context.newPage();
    // The page's own HTML (a 422 answer to a POST cannot be fetched again), under the shop's origin.
    await target.goto("/robots.txt");
    await target.setContent(await page.content(), { waitUntil: "load" });
  }
  const results = await analyzeAccessibility(target);
  expect(results.passes.length, "axe ran its rules").toBeGreaterThan(0);
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
  if (target !== page) await target.context().close();
}

/** On the checkout page, once React has taken over the form (JavaScript on) or at once (off). */
async function openCheckout(page: Page) {
  await page.goto("/checkout");
  // "Show times" is the JavaScript-off step of the pickup choice; hydration removes it.
  if (javascriptOn()) await expect(page.getByRole("button", { name: "Show times" })).toHaveCount(0);
}

async function fillDetails(page: Page, customer: Customer) {
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Phone").fill(customer.phone);
}

const totals = (page: Page) => page.locator("table.totals");

test.beforeEach(async ({ page }) => {
  await page.setViewportSize(PHONE);
});

test("Place order says what it charges, tips say what they add, and a promo code applied with Enter after a tip re-prices everything", async ({ page }) => {
  await addToCart(page, "Beef Criolla", "Dozen", 1); // $49.00, 8.25 % tax
  await openCheckout(page);
  await expect(page.getByRole("button", { name: "Place order · $53.04" })).toBeVisible();
  await expect(page.getByLabel("15% · $7.35")).toBeVisible();

  // A price change first: the tip (re-priced in the background with JavaScript, by Update total without).
  await page.getByLabel("15% · $7.35").check();
  if (!javascriptOn()) await page.getByRole("button", { name: "Update total" }).click();
  await expect(totals(page).getByRole("row", { name: /Tip/ })).toContainText("$7.35");
  // $49.00 + $4.04 tax + $7.35 tip.
  await expect(page.getByRole("button", { name: "Place order · $60.39" })).toBeVisible();

  // Then a promo code, applied by pressing Enter in its field: the fresh quote must win.
  await page.getByLabel("Promo code").fill("welcome10");
  await page.getByLabel("Promo code").press("Enter");
  await expect(totals(page).getByRole("row", { name: /Discount \(WELCOME10\)/ })).toContainText("−$4.90");
  // 15 % of $44.10 = $6.615 → $6.62 (half to even); tax $3.64; $44.10 + $3.64 + $6.62.
  await expect(totals(page).getByRole("row", { name: /Tip/ })).toContainText("$6.62");
  await expect(totals(page).getByRole("row", { name: /^Total/ })).toContainText("$54.36");
  await expect(page.getByRole("button", { name: "Place order · $54.36" })).toBeVisible();
  await expect(page.getByLabel("15% · $6.62")).toBeChecked();
  await expect(page.getByLabel("Promo code")).toHaveValue(/^welcome10$/i);
  await shoot(page, "checkout-promo-and-tip");
});

test("a refused checkout starts with a summary that has focus and links to each field, and keeps every value", async ({ page, browser }) => {
  await addToCart(page, "Humita", "Single", 1);
  await openCheckout(page);
  await page.getByLabel("Name").fill("Ana Summary");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel(/^Text me when my order is ready/).check();
  await page.getByLabel("Notes for the kitchen (allergies, instructions)").fill("Extra salsa, please");
  await page.getByLabel(/15% · /).check();
  const pickupLabel = await choosePickup(page, { day: "last", time: "last" });
  const pickupDay = await page.getByLabel("Pickup day").inputValue();
  const pickupAt = await page.getByLabel("Pickup time").inputValue();
  if (javascriptOn()) {
    await page.getByRole("button", { name: "Place order" }).click();
  } else {
    const answer = page.waitForResponse((response) => response.request().method() === "POST");
    await page.getByRole("button", { name: "Place order" }).click();
    expect((await answer).status(), "the refused form is the server's 422 page").toBe(422);
  }

  const summary = page.locator(".error-summary");
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(summary).toBeFocused();
  const emailLink = summary.getByRole("link", { name: "Enter an email address like name@example.com." });
  await expect(emailLink).toHaveAttribute("href", "#email");
  await expect(summary.getByRole("link", { name: /^Enter a phone number/ })).toHaveAttribute("href", "#phone");
  await expect(summary.getByRole("link", { name: /^Choose a pickup time/ })).toHaveCount(0);
  // Everything typed and chosen is still there (JavaScript off: the server's 422 page re-renders it).
  await expect(page.getByLabel("Name")).toHaveValue("Ana Summary");
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
  await expect(page.getByLabel(/^Text me when my order is ready/)).toBeChecked();
  await expect(page.getByLabel("Notes for the kitchen (allergies, instructions)")).toHaveValue("Extra salsa, please");
  await expect(page.getByLabel(/15% · /)).toBeChecked();
  await expect(page.getByLabel("Pickup day")).toHaveValue(pickupDay);
  await expect(page.getByLabel("Pickup time")).toHaveValue(pickupAt);
  expect(pickupLabel).toMatch(ZONE);
  // With JavaScript the charge follows the tip ($4.00 + $0.33 tax + $0.60); the server's refusal
  // page has no quote of these choices, so it names no amount rather than a stale one.
  await expect(page.getByRole("button", { name: /^Place order/ })).toHaveText(javascriptOn() ? "Place order · $4.93" : "Place order");
  await shoot(page, "checkout-error-summary");
  await expectNoAxeViolations(page, browser);

  await emailLink.click();
  await expect(page.getByLabel("Email")).toBeFocused();
});

test("pickup is a day, then a time on that day, with 'as soon as possible' when the first slot is the soonest", async ({ page, db }) => {
  await addToCart(page, "Humita", "Single", 1);
  await openCheckout(page);
  const [shop] = await db<{ timezone: string; asapMinutes: number; first: Date | null; days: string[] }[]>`
    select l.timezone, l.pickup_lead_minutes + l.pickup_slot_minutes
             + case when l.busy_until > now() then l.busy_extra_minutes else 0 end as "asapMinutes",
           (select min(s) from fulfillment_slots(l.id, 'pickup') s) as first,
           array(select distinct (s at time zone l.timezone)::date::text from fulfillment_slots(l.id, 'pickup') s order by 1) as days
      from locations l where l.id = shop_location_id()`;
  expect(shop.days.length, "the demo shop offers pickup on several days").toBeGreaterThan(1);
  const days = page.getByLabel("Pickup day");
  await expect(days.locator("option")).toHaveCount(shop.days.length);
  const dayOf = (instants: string[]) => instants.map((instant) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: shop.timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(instant)));
  const listed = () => page.getByLabel("Pickup time").locator('option:not([value=""])').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));

  // Only the first day's times are in the page, each once (and the soonest maybe twice, as "as soon as possible").
  expect(new Set(dayOf(await listed()))).toEqual(new Set([shop.days[0]]));
  const asap = page.getByLabel("Pickup time").locator("option.asap");
  if (shop.first && shop.first.getTime() - Date.now() <= shop.asapMinutes * 60_000) {
    await expect(asap).toHaveText(/^As soon as possible \(ready about \d{1,2}:\d\d [AP]M( C[SD]T)?\)$/);
    await expect(asap).toHaveAttribute("value", shop.first.toISOString());
  } else {
    await expect(asap).toHaveCount(0);
  }

  // Another day: with JavaScript the list follows at once; without it, "Show times" brings that day's list.
  const later = shop.days[shop.days.length - 1];
  if (!javascriptOn()) {
    // Both lists sent together, the time still the first day's: refused on the time, nothing held.
    await fillDetails(page, newCustomer("pickup-day"));
    await page.getByLabel("Pickup time").selectOption({ index: 1 });
    await days.selectOption(later);
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.locator(".error-summary").getByRole("link", { name: /^Choose a time on .+: the times shown were for another day\.$/ })).toHaveAttribute("href", "#pickupAt");
    await expect(page.getByLabel("Pickup time")).toHaveValue("");
    await expect(days).toHaveValue(later);
  } else {
    await days.selectOption(later);
  }
  await expect(async () => expect(new Set(dayOf(await listed()))).toEqual(new Set([later]))).toPass();
  await expect(asap).toHaveCount(0);
});

test("a submit that cannot reach the shop, or that the shop is too busy to take, keeps the form and every value (JavaScript off: a refused one does)", async ({ page, db }) => {
  const shop = new URL(process.env.E2E_BASE_URL!).origin;
  await addToCart(page, "Humita", "Single", 1);
  await openCheckout(page);
  const customer = newCustomer("unreachable");
  await fillDetails(page, customer);
  await page.getByLabel("Notes for the kitchen (allergies, instructions)").fill("Ring twice");
  if (!javascriptOn()) await page.getByLabel("Promo code").fill("NOSUCHCODE");
  await choosePickup(page, { day: "last" });
  const pickupAt = await page.getByLabel("Pickup time").inputValue();
  if (!javascriptOn()) {
    // The browser's own "could not connect" page and retry are not testable here; what is: a refused
    // submit (an unknown promo code) comes back as a 4xx with every value in the form.
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.locator(".error-summary").getByRole("link", { name: "We don't recognise the promo code NOSUCHCODE." })).toHaveAttribute("href", "#promoCode");
  } else {
    await fillCard(page, SUCCESS_CARD);
    // The shop stops answering (the card form's Square stand-in is elsewhere and still does).
    await page.route((url) => url.origin === shop, (route) => route.abort("internetdisconnected"));
    await page.getByRole("button", { name: "Place order" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toContainText("We could not reach the shop, so your order may not have gone through.");
    await expect(summary).toBeFocused();
    await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Place order/ })).toBeEnabled();
  }
  await expect(page.getByLabel("Name")).toHaveValue(customer.name);
  await expect(page.getByLabel("Email")).toHaveValue(customer.email);
  await expect(page.getByLabel("Phone")).toHaveValue(customer.phone);
  await expect(page.getByLabel("Notes for the kitchen (allergies, instructions)")).toHaveValue("Ring twice");
  await expect(page.getByLabel("Pickup time")).toHaveValue(pickupAt);
  expect(await db`select 1 from orders where customer_email = ${customer.email}`).toHaveLength(0);
  if (javascriptOn()) {
    // Back online but the shop too busy to take it: the load shedder's busy page (a 503 that is not
    // Remix's; load-shedding.server.ts answerBusy) answers the page's data request. The form stays.
    await page.unrouteAll();
    await page.route((url) => url.origin === shop && url.pathname.endsWith(".data"), (route) => route.fulfill({
      status: 503, headers: { "Retry-After": "5" }, contentType: "text/html", body: "<!doctype html><title>We're very busy right now</title>",
    }));
    await page.getByRole("button", { name: /^Place order/ }).click();
    await expect(page.locator(".error-summary")).toContainText("The shop could not take your order just now (it may be very busy)");
    await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);
    await expect(page.getByLabel("Email")).toHaveValue(customer.email);
    expect(await db`select 1 from orders where customer_email = ${customer.email}`).toHaveLength(0);
    // Then the same form places the order.
    await page.unrouteAll();
    await page.getByRole("button", { name: /^Place order/ }).click();
    await expectPaid(page);
    expect(await db`select 1 from orders where customer_email = ${customer.email}`).toHaveLength(1);
  }
});

test.describe("in a browser on Mountain time", () => {
  test.use({ timezoneId: "America/Denver" });
  test("checkout's pickup times and the order page name the shop's zone", async ({ page, db, browser }) => {
    await addToCart(page, "Humita", "Single", 1);
    await openCheckout(page);
    await expect(page.getByLabel("Pickup time").locator('option:not([value=""])').first()).toHaveText(ZONE);
    const order = await placePaidOrder(db, "pickup", `zone.${test.info().project.name}.${Date.now().toString(36)}@example.com`, "Zed Zone");
    await page.goto(`/orders/${order.token}`);
    await expect(page.getByText(/^Pickup: /)).toHaveText(new RegExp(`^Pickup: \\w{3}, \\w{3} \\d{1,2}, ${ZONE.source} at `));
    await shoot(page, "order-page-other-zone");
    await expectNoAxeViolations(page, browser);
  });
});

test.describe("in a browser on the shop's own time", () => {
  test.use({ timezoneId: "America/Chicago" });
  test("times name the zone only without JavaScript (the server cannot know the reader's clock)", async ({ page, db }) => {
    await addToCart(page, "Humita", "Single", 1);
    await openCheckout(page);
    const firstTime = page.getByLabel("Pickup time").locator('option:not([value=""])').first();
    const order = await placePaidOrder(db, "pickup", `samezone.${test.info().project.name}.${Date.now().toString(36)}@example.com`, "Sam Zone");
    if (javascriptOn()) {
      await expect(firstTime).toHaveText(/\d:\d\d [AP]M\)?$/);
      await expect(firstTime).not.toHaveText(ZONE);
      await page.goto(`/orders/${order.token}`);
      await expect(page.getByText(/^Pickup: /)).not.toHaveText(ZONE);
    } else {
      await expect(firstTime).toHaveText(ZONE);
      await page.goto(`/orders/${order.token}`);
      await expect(page.getByText(/^Pickup: /)).toHaveText(ZONE);
    }
  });
});

test("a customer places an order with the keyboard alone", async ({ page }) => {
  await addToCart(page, "Humita", "Single", 1);
  await openCheckout(page);
  const customer = newCustomer("keyboard");
  const focused = () => page.evaluate(() => {
    const element = document.activeElement as HTMLInputElement | null;
    if (!element) return "";
    const name = element.tagName === "BUTTON" && element.name === "intent" ? element.value : element.name || element.id;
    return `${element.tagName.toLowerCase()}:${name}`;
  });
  /** Presses Tab until the focus is on `target` (tag:name), at most 40 times. */
  async function tabTo(target: string) {
    for (let presses = 0; presses < 40; presses++) {
      if ((await focused()) === target) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached ${target} (last: ${await focused()})`);
  }
  await tabTo("input:name");
  await page.keyboard.type(customer.name);
  await page.keyboard.press("Tab");
  await page.keyboard.type(customer.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(customer.phone);
  await tabTo("select:pickupAt");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("Pickup time")).not.toHaveValue("");
  if (javascriptOn()) {
    await tabTo("input:cardNumber");
    await page.keyboard.type(SUCCESS_CARD);
    for (const value of ["12/30", "123", "94103"]) {
      await page.keyboard.press("Tab");
      await page.keyboard.type(value);
    }
  }
  await tabTo("button:place");
  await expect(page.getByRole("button", { name: /^Place order · \$/ })).toBeFocused();
  await page.keyboard.press("Enter");
  if (!javascriptOn()) await payOnHostedCheckout(page, SUCCESS_CARD);
  await expectPaid(page);
  await expect(page.getByText(`Thank you, ${customer.name}!`)).toBeVisible();
});

test("the cart is a list that fits a 320 px phone, each line's total and Remove in view", async ({ page, browser }) => {
  await addToCart(page, "Beef Criolla", "Half dozen", 2);
  await addToCart(page, "Horchata", "16 oz", 1);
  for (const width of [320, PHONE.width, LAPTOP.width]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto("/cart");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `overflow at ${width}px`).toBe(0);
    const lines = page.getByRole("listitem").filter({ has: page.getByRole("button", { name: /^Remove/ }) });
    await expect(lines).toHaveCount(2);
    for (const line of await lines.all()) {
      for (const part of [line.getByRole("button", { name: /^Remove/ }), line.locator(".cart-line-total"), line.getByRole("button", { name: "Update" })]) {
        await expect(part).toBeVisible();
        const box = (await part.boundingBox())!;
        expect(box.x + box.width, `within ${width}px`).toBeLessThanOrEqual(width);
      }
    }
    await expect(page.getByRole("listitem", { name: /Beef Criolla/ }).locator(".cart-line-total")).toHaveText("Total $51.00");
    await expect(page.getByRole("row", { name: /^Total/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/${test.info().project.name}-cart-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 320, height: 844 });
  await expectNoAxeViolations(page, browser);
  await page.goto("/checkout");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), "checkout overflow at 320px").toBe(0);
  await page.screenshot({ path: `${SHOTS}/${test.info().project.name}-checkout-320.png`, fullPage: true });
});
