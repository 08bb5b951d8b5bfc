// The owner signs in, finds the paid order with its items, payment and history, and signs out.
import { E2E_ADMIN } from "../support/constants";
import { addToCart, expect, expectPaid, newCustomer, orderNumberFrom, placeOrderAndPay, test, sameOrigin } from "../support/fixtures";

test("every admin page sends a signed-out visitor to the sign-in page", async ({ page }) => {
  for (const path of ["/admin", "/admin/orders", "/admin/orders/1001", "/admin/outbox"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/admin\/login\?redirectTo=/);
    await expect(page.getByRole("heading", { name: "Sign in to the admin" })).toBeVisible();
  }
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That email and password don't match an account.");
  await expect(page.getByLabel("Email")).toHaveValue(E2E_ADMIN.email);
  await expect(page.getByLabel("Password")).toHaveValue("");
});

test("the admin sees a paid order in the list and in detail", async ({ page }) => {
  await addToCart(page, "Spinach & Ricotta", "Dozen", 1);
  const customer = newCustomer("admin");
  await placeOrderAndPay(page, customer);
  await expectPaid(page);
  const number = orderNumberFrom(await page.getByRole("heading", { level: 1 }).textContent());

  await page.goto("/admin/orders");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/orders$/);

  const row = page.getByRole("row", { name: new RegExp(`#${number}`) });
  await expect(row).toContainText(customer.name);
  await expect(row).toContainText("paid");
  await expect(row).toContainText("$46.55"); // $43.00 + 8.25 % sales tax
  await row.getByRole("link", { name: `#${number}` }).click();

  await expect(page.getByRole("heading", { name: `Order #${number}` })).toBeVisible();
  await expect(page.getByRole("row", { name: /Spinach & Ricotta \(Dozen\)/ })).toContainText("$43.00");
  await expect(page.getByRole("row", { name: /COMPLETED/ })).toContainText("$46.55");
  await expect(page.getByRole("listitem").filter({ hasText: "pending payment → paid" })).toBeVisible();

  await page.getByRole("link", { name: "Outbox", exact: true }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Order #${number} confirmed`) })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/admin\/login/);
  await page.goto("/admin/orders");
  await expect(page).toHaveURL(/\/admin\/login\?redirectTo=/);
});

test("the admin refunds part of a paid order and the customer sees it", async ({ page }) => {
  await addToCart(page, "Ham & Cheese", "Half dozen", 1);
  const customer = newCustomer("refund");
  await placeOrderAndPay(page, customer);
  await expectPaid(page);
  const orderUrl = page.url();
  const number = orderNumberFrom(await page.getByRole("heading", { level: 1 }).textContent());

  await page.goto(`/admin/orders/${number}`);
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: `Order #${number}` })).toBeVisible();

  // More than was paid is refused on the form, with the amount kept.
  await page.getByLabel("Amount to refund ($)").fill("100.00");
  await page.getByLabel("Reason").fill("Too generous");
  // Unconfirmed, nothing is refunded.
  await page.getByRole("button", { name: "Refund" }).click();
  await expect(page.getByText("Tick the box to confirm the refund.")).toBeVisible();
  await page.getByLabel("Yes, refund this amount to the customer's card").check();
  await page.getByRole("button", { name: "Refund" }).click();
  await expect(page.getByText("At most 24.36 can be refunded on this order.")).toBeVisible();
  await expect(page.getByLabel("Amount to refund ($)")).toHaveValue("100.00");

  await page.getByLabel("Amount to refund ($)").fill("4.00");
  await page.getByLabel("Reason").fill("One empanada was cold");
  await page.getByLabel("Yes, refund this amount to the customer's card").check();
  await page.getByRole("button", { name: "Refund" }).click();
  await expect(page.getByRole("status")).toContainText("Refund of $4.00 requested");
  // Square completes the refund by webhook; the page shows it once it has.
  await expect(async () => {
    await page.reload();
    await expect(page.locator(".state").first()).toHaveText("partially refunded", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("row", { name: /One empanada was cold/ })).toContainText("completed");

  await page.goto(orderUrl);
  await expect(page.locator(".order-state")).toHaveText("Partially refunded");
});

test("staff cancel an unpaid order and its items go back on sale", async ({ page, db }) => {
  await addToCart(page, "Chipa (cheese bread)", "Bag of 6", 2);
  await page.goto("/checkout");
  const checkoutKey = await page.locator('input[name="checkoutKey"]').inputValue();
  const pickupAt = await page.getByLabel("Pickup time").locator('option:not([value=""])').first().getAttribute("value");
  const customer = newCustomer("cancel");
  const [before] = await db<{ quantity: number }[]>`
    select il.quantity from inventory_levels il join variants v on v.id = il.variant_id join products p on p.id = v.product_id where p.slug = 'chipa'`;
  // Placed, then never paid (the customer left Square's checkout page).
  const placed = await page.request.post("/checkout", {
    headers: sameOrigin(),
    form: { checkoutKey, name: customer.name, email: customer.email, phone: customer.phone, pickupAt: pickupAt! },
    maxRedirects: 0,
  });
  expect(placed.status()).toBe(303);
  const [order] = await db<{ number: number }[]>`select number from orders where customer_email = ${customer.email}`;

  await page.goto(`/admin/orders/${order.number}`);
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Cancel order" }).click();
  await expect(page.getByText("Give a reason for cancelling.")).toBeVisible();
  await page.getByLabel("Reason for cancelling").fill("Customer called to cancel");
  await page.getByRole("button", { name: "Cancel order" }).click();
  await expect(page.getByRole("status")).toHaveText(`Order #${order.number} cancelled: its items, time and promo code were released.`);
  await expect(page.locator(".state").first()).toHaveText("cancelled");
  await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
  const [after] = await db<{ quantity: number }[]>`
    select il.quantity from inventory_levels il join variants v on v.id = il.variant_id join products p on p.id = v.product_id where p.slug = 'chipa'`;
  expect(after.quantity).toBe(before.quantity);
});
