// Strong Customer Authentication in the in-page card form: the checkout passes the charge (amount,
// currency, intent CHARGE, the billing contact typed) to card.tokenize(), so a card whose bank asks
// for verification (the simulator's 3-D Secure card) is verified and paid, not declined. Without
// JavaScript the same card pays on Square's hosted checkout, which verifies it itself.
import { addToCart, expect, expectPaid, newCustomer, placeOrderAndPay, test } from "../support/fixtures";

const VERIFICATION_CARD = "4800 0000 0000 0004";

test("a card that requires verification pays: verified by the card form, or by hosted checkout without JavaScript", async ({ page, db }) => {
  await addToCart(page, "Humita", "Dozen", 1);
  const customer = newCustomer("verified");
  await placeOrderAndPay(page, customer, VERIFICATION_CARD);
  await expectPaid(page);
  const [attempt] = await db<{ status: string; error_code: string | null }[]>`
    select a.status, a.error_code from payment_attempts a join orders o on o.id = a.order_id where o.customer_email = ${customer.email}`;
  expect(attempt).toEqual({ status: "completed", error_code: null });
});
