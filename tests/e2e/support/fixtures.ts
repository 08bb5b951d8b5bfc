// Shared steps of the browser journeys, written as a customer would do them: by labels and buttons.
import { test as base, expect, type Page } from "@playwright/test";
import postgres from "postgres";
import { readReceivedEmails, type ReceivedEmail } from "../../support/smtp-sink";
import { SUCCESS_CARD } from "./constants";

export const test = base.extend<{ db: postgres.Sql; contentSecurityPolicyHeld: void }, { shop: void }>({
  // Each project has a shop of its own (global-setup.ts; its one worker at a time, playwright.config.ts):
  // its address, database, mail and log are this worker's process.env.E2E_*, read at test time.
  shop: [
    async ({}, use, workerInfo) => {
      const shops = JSON.parse(process.env.E2E_SHOPS!) as Record<string, string>[];
      const project = workerInfo.config.projects.findIndex((candidate) => candidate.name === workerInfo.project.name);
      Object.assign(process.env, shops[project]);
      await use();
    },
    { scope: "worker", auto: true },
  ],
  baseURL: async ({ shop: _shop }, use) => use(process.env.E2E_BASE_URL),
  // Every journey runs under the shop's Content-Security-Policy: anything it blocks (a script, a
  // frame, a form's redirect to a checkout) is reported on the console, and fails the test.
  contentSecurityPolicyHeld: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await use();
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  db: async ({ shop: _shop }, use) => {
    const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 2, onnotice: () => {} });
    await use(sql);
    await sql.end();
  },
});
export { expect };

/** What a browser adds to a form it posts from the shop's own page (server.ts refuses posts without it). */
export const sameOrigin = () => ({ origin: new URL(process.env.E2E_BASE_URL!).origin });

export async function addToCart(page: Page, product: string, option: string, quantity: number) {
  await page.goto("/");
  await page.getByRole("link", { name: product, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: product })).toBeVisible();
  const select = page.getByLabel("Option");
  const value = await select.locator("option", { hasText: new RegExp(`^${option} —`) }).getAttribute("value");
  await select.selectOption(value!);
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole("status")).toContainText(`Added ${quantity} × ${product} (${option})`);
}

export interface Customer {
  name: string;
  email: string;
  phone: string;
}

export function newCustomer(tag: string): Customer {
  const id = `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  return { name: `Ana ${tag}`, email: `ana.${id}@example.com`, phone: "(555) 010-2030" };
}

export const javascriptOn = () => test.info().project.use.javaScriptEnabled !== false;

/** Fills Square's card form: the in-page one (inside the checkout's card fieldset) or hosted checkout's. */
export async function fillCard(page: Page, card: string) {
  const inPage = page.locator("fieldset.card-payment");
  const form = (await inPage.count()) > 0 ? inPage : page.locator("body");
  await form.getByLabel("Card number").fill(card);
  await form.getByLabel("Expiration date").fill("12/30");
  await form.getByLabel("CVV").fill("123");
  await form.getByLabel("Postal code").fill("94103");
}

/**
 * Fills checkout, places the order and pays with `card`: with JavaScript in the page's card form
 * (Square's Web Payments SDK), without it on Square's hosted checkout page. Returns the pickup time
 * label chosen.
 */
export async function placeOrderAndPay(page: Page, customer: Customer, card: string = SUCCESS_CARD,
  details: { note?: string; textMe?: boolean } = {}): Promise<string> {
  await page.goto("/checkout");
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Phone").fill(customer.phone);
  if (details.textMe) await page.getByLabel(/^Text me when my order is ready/).check();
  if (details.note) await page.getByLabel("Notes for the kitchen (allergies, instructions)").fill(details.note);
  const label = await choosePickup(page);
  if (javascriptOn()) {
    await fillCard(page, card);
    await page.getByRole("button", { name: "Place order" }).click();
  } else {
    await page.getByRole("button", { name: "Place order" }).click();
    await payOnHostedCheckout(page, card);
  }
  return label;
}

/**
 * Chooses a pickup day, then a time on it (without JavaScript the day's times come with "Show
 * times"); returns the choice as the order page says it: "Tue, Dec 1, 12:40 PM" (and the zone).
 */
export async function choosePickup(page: Page, which: { day?: "first" | "last"; time?: "first" | "last" } = {}): Promise<string> {
  const days = page.getByLabel("Pickup day");
  const dayOption = which.day === "last" ? days.locator("option").last() : days.locator("option").first();
  const dayLabel = (await dayOption.textContent()) ?? "";
  const day = (await dayOption.getAttribute("value")) ?? "";
  if ((await days.inputValue()) !== day) {
    await days.selectOption(day);
    if (!javascriptOn()) await page.getByRole("button", { name: "Show times" }).click();
    await expect(days).toHaveValue(day);
  }
  const pickup = page.getByLabel("Pickup time");
  const times = pickup.locator('option:not([value=""]):not(.asap)');
  const time = which.time === "last" ? times.last() : times.first();
  const timeLabel = (await time.textContent()) ?? "";
  await pickup.selectOption({ label: timeLabel });
  return `${dayLabel}, ${timeLabel}`;
}

/** On an unpaid order's page, pays again with `card`, in the page or on hosted checkout. */
export async function payAgain(page: Page, card: string = SUCCESS_CARD) {
  if (javascriptOn()) await fillCard(page, card);
  await page.getByRole("button", { name: /^Try paying again/ }).click();
  if (!javascriptOn()) await payOnHostedCheckout(page, card);
}

export async function payOnHostedCheckout(page: Page, card: string) {
  await expect(page.getByRole("button", { name: /^Pay \$/ })).toBeVisible();
  await fillCard(page, card);
  await page.getByRole("button", { name: /^Pay \$/ }).click();
}

/** Waits for the order page to say Paid (it refreshes itself, with or without JavaScript). */
export async function expectPaid(page: Page) {
  await expect(page).toHaveURL(/\/orders\/[\w-]+/);
  await expect(page.locator(".order-state")).toHaveText("Paid", { timeout: 30_000 });
}

export async function waitForEmail(predicate: (email: ReceivedEmail) => boolean, timeoutMs = 20_000): Promise<ReceivedEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readReceivedEmails(process.env.E2E_MAIL_DIR!).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error("no matching email arrived at the SMTP server");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function orderNumberFrom(text: string | null): number {
  const match = /#(\d+)/.exec(text ?? "");
  if (!match) throw new Error(`no order number in ${text}`);
  return Number(match[1]);
}

/** Signs in at the admin's sign-in page that `path` sends a signed-out visitor to, then lands on `path`. */
export async function signInTo(page: Page, path: string, account: { email: string; password: string }) {
  await page.goto(path);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[?]/g, "\\?")}$`));
}
