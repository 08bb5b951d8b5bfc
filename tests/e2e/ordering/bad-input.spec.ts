// Wrong input gets a clear message on the form, keeps what was typed, and changes nothing.
import { createHmac } from "node:crypto";
import { E2E_SIGNATURE_KEY, SUCCESS_CARD } from "../support/constants";
import { addToCart, expect, fillCard, javascriptOn, sameOrigin, test } from "../support/fixtures";

test("an unknown product is a 404 page", async ({ page }) => {
  const response = await page.goto("/products/no-such-empanada");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("a quantity that is not a whole number from 1 to 99 is refused and the cart is unchanged", async ({ page }) => {
  for (const quantity of ["0", "100", "2.5"]) {
    await page.goto("/products/apple-cinnamon");
    await page.getByLabel("Quantity").fill(quantity);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByText("Quantity must be a whole number from 1 to 99.")).toBeVisible();
    await expect(page.getByLabel("Quantity")).toHaveValue(quantity);
  }
  await page.goto("/cart");
  await expect(page.getByText("Your cart is empty.")).toBeVisible();
});

test("a sold-out item cannot be added", async ({ page }) => {
  await page.goto("/products/spicy-chorizo");
  await expect(page.getByText("Sold out for now.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sold out" })).toBeDisabled();
  // The form posted anyway (a page kept open since before it sold out) is refused by the shop.
  const variantId = await page.getByLabel("Option").locator("option").first().getAttribute("value");
  const answer = await page.request.post("/products/spicy-chorizo", { form: { variantId: variantId!, quantity: "1" }, headers: sameOrigin(), maxRedirects: 0 });
  expect(answer.status()).toBe(409);
  expect(await answer.text()).toContain("is sold out");
  await page.goto("/cart");
  await expect(page.getByText("Your cart is empty.")).toBeVisible();
});

test("checkout with missing and invalid fields shows each error and keeps the values", async ({ page, db }) => {
  await addToCart(page, "Apple Cinnamon", "Single", 1);
  await page.goto("/checkout");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Phone").fill("12");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.locator(".field-error").getByText("Enter your name.")).toBeVisible();
  await expect(page.locator(".field-error").getByText("Enter an email address like name@example.com.")).toBeVisible();
  await expect(page.locator(".field-error").getByText(/Enter a phone number we can call/)).toBeVisible();
  await expect(page.locator(".field-error").getByText("Choose a pickup time.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
  await expect(page.getByLabel("Phone")).toHaveValue("12");
  const [{ count }] = await db<{ count: number }[]>`select count(*)::int as count from orders where customer_email = 'not-an-email'`;
  expect(count).toBe(0);
});

test("a webhook with a bad or missing signature is refused and stores nothing", async ({ request, db }) => {
  const eventId = `forged-${Date.now()}`;
  const body = JSON.stringify({ merchant_id: "M", type: "payment.updated", event_id: eventId, data: { type: "payment", id: "forged" } });
  const url = `${process.env.E2E_BASE_URL}/webhooks/square`;
  const forged = createHmac("sha256", "not-the-key").update(url + body).digest("base64");
  const signatureHeaders: Record<string, string>[] = [{ "x-square-hmacsha256-signature": forged }, {}];
  for (const headers of signatureHeaders) {
    const response = await request.post("/webhooks/square", { data: body, headers: { "content-type": "application/json", ...headers } });
    expect(response.status()).toBe(401);
  }
  const stored = await db`select 1 from webhook_events where event_id = ${eventId}`;
  expect(stored).toHaveLength(0);

  // The same body, signed with the shop's key over its notification URL, is accepted once.
  const genuine = createHmac("sha256", E2E_SIGNATURE_KEY).update(url + body).digest("base64");
  for (const expected of ["stored", "duplicate"]) {
    const response = await request.post("/webhooks/square", { data: body, headers: { "content-type": "application/json", "x-square-hmacsha256-signature": genuine } });
    expect(response.status()).toBe(200);
    expect((await response.json()).result).toBe(expected);
  }
});

test("an unknown address is a 404 page, not a stack trace", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("Error:")).toHaveCount(0);
});

test("a request body over 1 MB is refused with 413", async ({ request }) => {
  const response = await request.post("/cart", { data: "x".repeat(1024 * 1024 + 1), headers: { "content-type": "text/plain" } });
  expect(response.status()).toBe(413);
});

test("a correctly signed webhook that is not JSON is a 400", async ({ request, db }) => {
  const body = "{not json";
  const url = `${process.env.E2E_BASE_URL}/webhooks/square`;
  const signature = createHmac("sha256", E2E_SIGNATURE_KEY).update(url + body).digest("base64");
  // As a Buffer: Playwright would JSON-encode a string that is not JSON.
  const response = await request.post("/webhooks/square", { data: Buffer.from(body), headers: { "content-type": "application/json", "x-square-hmacsha256-signature": signature } });
  expect(response.status()).toBe(400);
  const [{ count }] = await db<{ count: number }[]>`select count(*)::int as count from webhook_events where payload::text like '%not json%'`;
  expect(count).toBe(0);
});

test("a pickup time that filled up meanwhile is refused on the form, with the values kept", async ({ page, db }) => {
  await addToCart(page, "Yerba Mate", "16 oz", 1);
  await page.goto("/checkout");
  const customer = { name: "Late Larry", email: `late.${Date.now()}@example.com`, phone: "(555) 010-9999" };
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Phone").fill(customer.phone);
  const option = page.getByLabel("Pickup time").locator('option:not([value=""])').first();
  const slot = (await option.getAttribute("value"))!;
  await page.getByLabel("Pickup time").selectOption(slot);
  if (javascriptOn()) await fillCard(page, SUCCESS_CARD);

  // Meanwhile, other customers take every place in that slot.
  await db`insert into slot_reservations (location_id, slot_at, capacity, reserved)
           select id, ${slot}, pickup_slot_capacity, pickup_slot_capacity from locations
           on conflict (location_id, kind, slot_at) do update set reserved = excluded.capacity, capacity = excluded.capacity`;
  try {
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.locator(".field-error").getByText("That pickup time just filled up. Please choose another.")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue(customer.name);
    await expect(page.getByLabel("Email")).toHaveValue(customer.email);
    const orders = await db`select 1 from orders where customer_email = ${customer.email}`;
    expect(orders).toHaveLength(0);
  } finally {
    await db`delete from slot_reservations where slot_at = ${slot} and not exists (select 1 from orders where pickup_at = ${slot})`;
  }
});
