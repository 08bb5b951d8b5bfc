// The menu a food business actually sells, end to end, with JavaScript off and on: modifiers,
// pickup at a chosen slot on a later day, local delivery with its fee, an out-of-zone address,
// a promo code, a tip, shipping, and the bad input each of those can meet.
import type { Page } from "@playwright/test";
import { SUCCESS_CARD } from "../support/constants";
import {
  addToCart,
  choosePickup,
  expect,
  expectPaid,
  fillCard,
  javascriptOn,
  newCustomer,
  payOnHostedCheckout,
  test,
  waitForEmail,
  type Customer,
  sameOrigin,
} from "../support/fixtures";

async function fillDetails(page: Page, customer: Customer) {
  await page.goto("/checkout");
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Phone").fill(customer.phone);
}

async function placeAndPay(page: Page) {
  if (javascriptOn()) {
    await fillCard(page, SUCCESS_CARD);
    await page.getByRole("button", { name: "Place order" }).click();
  } else {
    await page.getByRole("button", { name: "Place order" }).click();
    await payOnHostedCheckout(page, SUCCESS_CARD);
  }
  await expectPaid(page);
}

async function fillAddress(page: Page, postalCode: string) {
  await page.getByLabel("Street address").fill("18 Elm Street");
  await page.getByLabel("ZIP or postal code").fill(postalCode);
}

/** Adds the Party Box with the given fillings and salsas. */
async function addPartyBox(page: Page, fillings: string[], salsas: string[]) {
  await page.goto("/products/party-box");
  await page.getByLabel("Option").selectOption({ label: "Half dozen — $24.00" });
  for (const filling of fillings) await page.getByRole("group", { name: /Fillings/ }).getByLabel(filling).check();
  for (const salsa of salsas) await page.getByRole("group", { name: /Add a salsa/ }).getByLabel(salsa).check();
  await page.getByRole("button", { name: "Add to cart" }).click();
}

test("an order with modifiers, picked up at a chosen slot on a later day", async ({ page, db }) => {
  await addPartyBox(page, ["Beef Criolla", "Humita"], ["Chimichurri"]);
  await expect(page).toHaveURL(/\/cart$/);
  const row = page.getByRole("listitem", { name: /Party Box/ });
  await expect(row).toContainText("Fillings: Beef Criolla");
  await expect(row).toContainText("Fillings: Humita");
  await expect(row).toContainText("Add a salsa: Chimichurri +$1.50");
  await expect(row).toContainText("$25.50");

  const customer = newCustomer("modifiers");
  await fillDetails(page, customer);
  // A scheduled order: the last day offered, not today.
  const label = await choosePickup(page, { day: "last" });
  await placeAndPay(page);

  await expect(page.getByText(`Pickup: ${label.split(", ").slice(0, 2).join(", ")}`)).toBeVisible();
  await expect(page.getByRole("row", { name: /Party Box/ })).toContainText("Add a salsa: Chimichurri +$1.50");
  const [order] = await db<{ pickup_at: Date; created_at: Date; id: number }[]>`
    select id, pickup_at, created_at from orders where customer_email = ${customer.email}`;
  expect(order.pickup_at.getTime() - order.created_at.getTime()).toBeGreaterThan(12 * 3_600_000);
  const modifiers = await db`select name from order_item_modifiers m join order_items i on i.id = m.order_item_id where i.order_id = ${order.id} order by m.sort_order`;
  expect(modifiers.map((m) => m.name)).toEqual(["Beef Criolla", "Humita", "Chimichurri"]);

  const email = await waitForEmail((candidate) => candidate.to.includes(customer.email));
  expect(email.text).toContain("Party Box (Half dozen) [Fillings: Beef Criolla; Fillings: Humita; Add a salsa: Chimichurri +$1.50]");
});

test("modifier choices outside the list's limits are refused on the product form", async ({ page, db }) => {
  const [before] = await db<{ count: number }[]>`select count(*)::int as count from cart_items`;
  await addPartyBox(page, ["Beef Criolla", "Humita", "Ham & Cheese", "Spinach & Ricotta"], []);
  await expect(page.getByText("Fillings: choose at most 3.")).toBeVisible();
  await expect(page.getByRole("group", { name: /Fillings/ }).getByLabel("Humita")).toBeChecked();
  await page.goto("/products/party-box");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Fillings: choose 1 to 3.")).toBeVisible();
  const [after] = await db<{ count: number }[]>`select count(*)::int as count from cart_items`;
  expect(after.count).toBe(before.count);
});

test("local delivery to a zone adds its fee; a promo code and a tip are applied", async ({ page, db }) => {
  await addToCart(page, "Beef Criolla", "Dozen", 1); // $49.00
  const customer = newCustomer("delivery");
  await fillDetails(page, customer);
  await page.getByLabel("Local delivery").check();
  await fillAddress(page, "62701");
  const delivery = page.getByLabel("Delivery time");
  await delivery.selectOption({ label: (await delivery.locator('option:not([value=""])').first().textContent())! });
  await page.getByLabel("Promo code").fill("welcome10");
  await page.getByLabel("15%").check();
  await page.getByRole("button", { name: "Update total" }).click();

  const totals = page.locator("table.totals");
  await expect(totals.getByRole("row", { name: /Discount \(WELCOME10\)/ })).toContainText("−$4.90");
  await expect(totals.getByRole("row", { name: /Delivery fee \(Downtown\)/ })).toContainText("$3.99");
  // 15 % of $44.10; 8.25 % tax on $44.10 = $3.63825 → $3.64.
  await expect(totals.getByRole("row", { name: /Tip/ })).toContainText("$6.62");
  await expect(totals.getByRole("row", { name: /Sales tax/ })).toContainText("$3.64");
  await expect(totals.getByRole("row", { name: /^Total/ })).toContainText("$58.35");
  // The form kept what was typed.
  await expect(page.getByLabel("Street address")).toHaveValue("18 Elm Street");
  await expect(page.getByLabel("Local delivery")).toBeChecked();

  await placeAndPay(page);
  await expect(page.getByRole("heading", { name: "Delivery" })).toBeVisible();
  await expect(page.getByText(/Delivery: .* to 18 Elm Street, 62701/)).toBeVisible();
  await expect(page.locator("table.totals").getByRole("row", { name: /^Total/ })).toContainText("$58.35");
  const [order] = await db<{ total_cents: number; fulfillment: string; delivery_fee_cents: number; tip_cents: number; promo_code: string }[]>`
    select total_cents::int, fulfillment, delivery_fee_cents::int, tip_cents::int, promo_code from orders where customer_email = ${customer.email}`;
  expect(order).toEqual({ total_cents: 5835, fulfillment: "delivery", delivery_fee_cents: 399, tip_cents: 662, promo_code: "WELCOME10" });
  const [payment] = await db<{ amount_cents: number }[]>`
    select p.amount_cents::int from payments p join orders o on o.id = p.order_id where o.customer_email = ${customer.email} and p.status = 'COMPLETED'`;
  expect(payment.amount_cents).toBe(5835);
});

test("an address outside every delivery zone is refused, with the form kept and nothing held", async ({ page, db }) => {
  await addToCart(page, "Humita", "Dozen", 1);
  const customer = newCustomer("out-of-zone");
  await fillDetails(page, customer);
  await page.getByLabel("Local delivery").check();
  await fillAddress(page, "99999");
  const delivery = page.getByLabel("Delivery time");
  await delivery.selectOption({ label: (await delivery.locator('option:not([value=""])').first().textContent())! });
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.locator(".field-error, .form-error").getByText("Sorry, we don't deliver to 99999. Choose pickup, or check the postal code.")).toBeVisible();
  await expect(page.getByLabel("Street address")).toHaveValue("18 Elm Street");
  await expect(page.getByLabel("Name")).toHaveValue(customer.name);
  expect(await db`select 1 from orders where customer_email = ${customer.email}`).toHaveLength(0);
});

test("an expired or used-up promo code is refused on the form", async ({ page, db }) => {
  const code = `OLD${Date.now().toString(36).toUpperCase()}${javascriptOn() ? "J" : "N"}`;
  await db`insert into promo_codes (code, kind, percent_bps, starts_at, ends_at)
           values (${code}, 'percent', 2000, now() - interval '10 days', now() - interval '1 day')`;
  await addToCart(page, "Humita", "Dozen", 1);
  const customer = newCustomer("promo-expired");
  await fillDetails(page, customer);
  await page.getByLabel("Pickup time").selectOption({ index: 1 });
  await page.getByLabel("Promo code").fill(code);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.locator(".field-error").getByText(`The promo code ${code} has expired.`)).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(customer.name);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.locator(".field-error").getByText(`The promo code ${code} has expired.`)).toBeVisible();
  expect(await db`select 1 from orders where customer_email = ${customer.email}`).toHaveLength(0);
  await db`delete from promo_codes where code = ${code}`;
});

test("a shippable order goes by flat-rate shipping on a chosen day; a day beyond the limit is refused", async ({ page, db }) => {
  await addToCart(page, "Dulce de Leche Jar", "12 oz", 2);
  const customer = newCustomer("shipping");
  await fillDetails(page, customer);
  await page.getByRole("radio", { name: /^Shipping/ }).check();
  await fillAddress(page, "10001");
  await page.getByLabel("City").fill("New York");
  await page.getByLabel("State or region").fill("NY");

  // A day past the shipping limit, sent as a crafted form would: refused, nothing placed.
  const form = Object.fromEntries(
    await page.locator("form.panel").evaluate((element: HTMLFormElement) => [...new FormData(element)].map(([k, v]) => [k, String(v)])),
  ) as Record<string, string>;
  const response = await page.request.post("/checkout", {
    headers: sameOrigin(),
    form: { ...form, fulfillment: "shipping", shipOn: "2099-01-01", intent: "place" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(422);
  expect(await response.text()).toContain("Choose one of the shipping days shown.");
  expect(await db`select 1 from orders where customer_email = ${customer.email}`).toHaveLength(0);

  const shipOn = page.getByLabel("Ship on");
  await shipOn.selectOption({ index: 2 });
  await placeAndPay(page);
  await expect(page.getByText(/Shipping: we send it on .* to 18 Elm Street, New York, NY, 10001/)).toBeVisible();
  await expect(page.locator("table.totals").getByRole("row", { name: /Shipping/ })).toContainText("$9.50");
});
