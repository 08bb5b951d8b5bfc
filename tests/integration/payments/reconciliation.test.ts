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

  it("deletes an expiring order's payment link before releasing its stock, and waits a pass while Square cannot be reached", async () => {
    const before = await chipaStock();
    const orderId = await harness.placeOrder("link-expires@example.com", [["chipa", "Bag of 6", 2]]);
    const checkoutUrl = await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test");
    await backdate(orderId, 31);

    harness.simulator.faults.add({ operation: "payment_links.delete", status: 503, count: 10 });
    expect((await reconcile()).ordersExpired).toBe(0);
    expect(await orderState(orderId)).toBe("pending_payment");
    expect((await fetch(checkoutUrl)).status).toBe(200);
    harness.simulator.faults.clear();

    expect((await reconcile()).ordersExpired).toBe(1);
    expect(await orderState(orderId)).toBe("cancelled");
    expect(await chipaStock()).toBe(before);
    expect((await fetch(checkoutUrl)).status).toBe(404);
    const [attempt] = await harness.database.sql`select payment_link_deleted_at from payment_attempts where order_id = ${orderId}`;
    expect(attempt.payment_link_deleted_at).toBeInstanceOf(Date);
  });

  it("refunds, through Square, a payment that lands after its order expired, and tells the owners", async () => {
    await harness.database.sql`insert into admin_users (email, password_hash, role) values ('late-owner@example.com', 'scrypt$x', 'owner') on conflict do nothing`;
    const orderId = await harness.placeOrder("paid-too-late@example.com");
    const checkoutUrl = await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test");
    // The customer pays in the moment between reconciliation's last look and the expiry.
    await harness.database.sql`select expire_unpaid_order(${orderId}, 'Not paid within 30 minutes; the items were released.')`;
    await payAtHostedCheckout(harness.simulator, checkoutUrl, "4111111111111111");
    await backdate(orderId, 3);

    const attempts = await harness.database.sql<{ id: string; orderId: number; status: string; squarePaymentId: string | null; squareOrderId: string | null; updatedAt: Date }[]>`
      select id, order_id as "orderId", status, square_payment_id as "squarePaymentId", square_order_id as "squareOrderId", updated_at as "updatedAt"
        from payment_attempts where order_id = ${orderId}`;
    expect(await harness.modules.reconciliation.settleAttempt(attempts[0])).toEqual(["needs_refund"]);
    await harness.drainJobs();

    const [refund] = await harness.database.sql<{ status: string; square_refund_id: string | null }[]>`
      select status, square_refund_id from refunds where order_id = ${orderId}`;
    expect(refund.square_refund_id).toMatch(/.+/);
    await harness.simulator.waitForWebhooks();
    await harness.drainJobs();
    const payment = harness.simulator.ledger().find((entry) => entry.status === "COMPLETED" && entry.order_id === attempts[0].squareOrderId);
    expect(payment?.refunded_amount).toBe(payment?.amount);
    const alerts = await harness.database.sql<{ to_address: string; status: string; subject: string | null }[]>`
      select to_address, status, subject from email_outbox where order_id = ${orderId} and template = 'owner_late_payment_refunded'`;
    expect(alerts).toEqual([{ to_address: "late-owner@example.com", status: "sent", subject: expect.stringMatching(/late payment of \$[\d.]+ is being refunded/) }]);
    expect(await orderState(orderId)).toBe("cancelled");
  });
});
