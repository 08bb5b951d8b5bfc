// A customer who leaves Square's hosted checkout with Back finds their unpaid order on the cart
// page: "Pay for order #N" opens its payment page again, "Change this order" cancels it (stock and
// promo code use given back) and puts its items back in the cart.
import type { Page } from "@playwright/test";
import { addToCart, expect, expectPaid, javascriptOn, newCustomer, payOnHostedCheckout, test, type Customer } from "../support/fixtures";
import { SUCCESS_CARD } from "../support/constants";

/** Places the order for the first pickup time and stops on Square's hosted checkout page; returns its URL. */
async function placeAndLeaveOnHostedCheckout(page: Page, customer: Customer, promoCode?: string): Promise<string> {
  // With JavaScript the card form would pay in the page: without Square's script the checkout
  // sends the customer to hosted checkout, as it does without JavaScript.
  if (javascriptOn()) await page.route("**/web-payments-sdk.js", (route) => route.abort());
  await page.goto("/checkout");
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Phone").fill(customer.phone);
  const pickup = page.getByLabel("Pickup time");
  await pickup.selectOption({ label: (await pickup.locator('option:not([value=""])').first().textContent()) ?? "" });
  if (promoCode) await page.getByLabel("Promo code").fill(promoCode);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("button", { name: /^Pay \$/ })).toBeVisible();
  return page.url();
}

test("back from hosted checkout, the cart offers to pay the same order, which pays it", async ({ page, db }) => {
  await addToCart(page, "Humita", "Dozen", 1);
  const customer = newCustomer("backpay");
  const checkoutUrl = await placeAndLeaveOnHostedCheckout(page, customer);
  await page.goBack();
  await page.goto("/cart");
  const [order] = await db<{ number: number }[]>`select number from orders where customer_email = ${customer.email}`;
  await expect(page.getByText(`Order #${order.number} (`)).toContainText("is not paid yet");
  await page.getByRole("button", { name: `Pay for order #${order.number}` }).click();
  // The same payment page, not a second link for the same order.
  await expect(page).toHaveURL(checkoutUrl);
  await payOnHostedCheckout(page, SUCCESS_CARD);
  await expectPaid(page);
  await page.goto("/cart");
  await expect(page.getByRole("button", { name: /^Pay for order/ })).toHaveCount(0);
});

test("back from hosted checkout, changing the order cancels it, gives stock and promo code back and restores the cart", async ({ page, db }) => {
  const code = `BACK${Date.now().toString(36).toUpperCase()}`;
  await db`insert into promo_codes (code, kind, percent_bps, max_uses) values (${code}, 'percent', 1000, 1)`;
  const stockOf = async () => (await db<{ quantity: number }[]>`
    select i.quantity from inventory_levels i join variants v on v.id = i.variant_id join products p on p.id = v.product_id
     where p.name = 'Dulce de Leche Jar' order by i.location_id limit 1`)[0].quantity;

  await addToCart(page, "Dulce de Leche Jar", "12 oz", 2);
  await addToCart(page, "Humita", "Dozen", 1);
  const before = await stockOf();
  const customer = newCustomer("backchange");
  await placeAndLeaveOnHostedCheckout(page, customer, code);
  expect(await stockOf()).toBe(before - 2);
  const [{ uses }] = await db<{ uses: number }[]>`select uses from promo_codes where code = ${code}`;
  expect(uses).toBe(1);

  await page.goBack();
  await page.goto("/cart");
  const [order] = await db<{ number: number }[]>`select number from orders where customer_email = ${customer.email}`;
  await page.getByRole("button", { name: /^Change this order/ }).click();
  await expect(page.getByRole("status")).toContainText("Your order was cancelled and its items are back in your cart");
  await expect(page.getByLabel("Quantity for Dulce de Leche Jar (12 oz)")).toHaveValue("2");
  await expect(page.getByLabel("Quantity for Humita (Dozen)")).toHaveValue("1");
  await expect(page.getByRole("button", { name: `Pay for order #${order.number}` })).toHaveCount(0);

  const [cancelled] = await db<{ state: string }[]>`select state from orders where number = ${order.number}`;
  expect(cancelled.state).toBe("cancelled");
  expect(await stockOf()).toBe(before);
  const [{ uses: usesAfter }] = await db<{ uses: number }[]>`select uses from promo_codes where code = ${code}`;
  expect(usesAfter).toBe(0);
  // Its payment page is closed at Square: the old total can no longer be paid.
  const [{ deleted }] = await db<{ deleted: boolean }[]>`
    select bool_and(a.payment_link_deleted_at is not null) as deleted
      from payment_attempts a join orders o on o.id = a.order_id where o.number = ${order.number} and a.square_payment_link_id is not null`;
  expect(deleted).toBe(true);

  // The promo code, used once at most, works again for the changed order.
  await page.getByRole("button", { name: "Remove Humita (Dozen)" }).click();
  await placeAndLeaveOnHostedCheckout(page, customer, code);
  const [again] = await db<{ uses: number }[]>`select uses from promo_codes where code = ${code}`;
  expect(again.uses).toBe(1);
});
