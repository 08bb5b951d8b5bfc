// Reconciliation on real parts: payments whose webhook never came are settled from Square's records,
// and unpaid orders expire with their stock released — never one that Square says was paid.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payAtHostedCheckout, startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;

// The simulator is given no webhook URL: every webhook is lost, as after an outage.
beforeAll(async () => {
  harness = await startAppHarness({ env: { UNPAID_ORDER_EXPIRY_MINUTES: "30" } });
});

afterAll(async () => {
  await harness?.stop();
});

async function orderState(orderId: number) {
  const [order] = await harness.database.sql<{ state: string }[]>`select state from orders where id = ${orderId}`;
  return order.state;
}

async function chipaStock() {
  const [{ stock }] = await harness.database.sql<{ stock: number }[]>`
    select il.quantity as stock from variants v join products p on p.id = v.product_id
      join inventory_levels il on il.variant_id = v.id and il.location_id = shop_location_id() where p.slug = 'chipa'`;
  return stock;
}

async function backdate(orderId: number, minutes: number) {
  await harness.database.sql`
    update orders set created_at = now() - make_interval(mins => ${minutes}) where id = ${orderId}`;
  await harness.database.sql`
    update payment_attempts set updated_at = now() - make_interval(mins => ${minutes}) where order_id = ${orderId}`;
}

const reconcile = () => harness.modules.reconciliation.reconcilePayments();

describe("reconcile_payments", () => {
  it("settles a payment whose webhook never came, from Square's order record", async () => {
    const orderId = await harness.placeOrder("lost-webhook@example.com");
    const checkoutUrl = await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test");
    await payAtHostedCheckout(harness.simulator, checkoutUrl, "4111111111111111");
    expect(await orderState(orderId)).toBe("pending_payment");

    // A payment that is only seconds old is left for its webhook.
    expect((await reconcile()).attemptsChecked).toBe(0);
    await backdate(orderId, 3);
    const report = await reconcile();
    expect(report.outcomes.paid).toBe(1);
    expect(await orderState(orderId)).toBe("paid");
    const [email] = await harness.database.sql`select template from email_outbox where order_id = ${orderId}`;
    expect(email.template).toBe("order_confirmation");

    // Once paid, there is nothing left to settle.
    expect((await reconcile()).attemptsChecked).toBe(0);
  });

  it("expires an unpaid order after the configured time and puts its stock back, once", async () => {
    const before = await chipaStock();
    const orderId = await harness.placeOrder("never-paid@example.com", [["chipa", "Bag of 6", 3]]);
    expect(await chipaStock()).toBe(before - 3);

    await backdate(orderId, 29);
    expect((await reconcile()).ordersExpired).toBe(0);
    expect(await orderState(orderId)).toBe("pending_payment");

    await backdate(orderId, 31);
    expect((await reconcile()).ordersExpired).toBe(1);
    expect(await orderState(orderId)).toBe("cancelled");
    expect(await chipaStock()).toBe(before);
    const events = await harness.database.sql<{ type: string; message: string }[]>`
      select type, message from order_events where order_id = ${orderId} order by id`;
    expect(events.map((event) => event.type)).toEqual(["placed", "state_changed", "expired"]);
    expect(events[2].message).toBe("Not paid within 30 minutes; the items were released.");

    expect((await reconcile()).ordersExpired).toBe(0);
    expect(await chipaStock()).toBe(before);
  });

  it("does not expire an old order that Square says was paid: it marks it paid instead", async () => {
    const orderId = await harness.placeOrder("paid-late@example.com", [["chipa", "Bag of 6", 1]]);
    const checkoutUrl = await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test");
    await payAtHostedCheckout(harness.simulator, checkoutUrl, "4111111111111111");
    await backdate(orderId, 45);
    const stock = await chipaStock();

    const report = await reconcile();
    expect(report.ordersExpired).toBe(0);
    expect(await orderState(orderId)).toBe("paid");
    expect(await chipaStock()).toBe(stock);
  });

  it("expires an order whose only payment was declined", async () => {
    const orderId = await harness.placeOrder("declined-then-gone@example.com");
    const checkoutUrl = await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test");
    await payAtHostedCheckout(harness.simulator, checkoutUrl, "4000000000000002");
    await backdate(orderId, 31);
    expect((await reconcile()).ordersExpired).toBe(1);
    expect(await orderState(orderId)).toBe("cancelled");
  });
});
