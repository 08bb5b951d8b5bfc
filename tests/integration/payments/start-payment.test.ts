// startPayment: the one way checkout and an order's page start paying, on real parts (database,
// simulator), with one failure mapping whichever page asks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cardToken, payAtHostedCheckout, startAppHarness, type AppHarness } from "../../support/app-harness";

const SUCCESS = "4111111111111111";
const DECLINE = "4000000000000002";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness({ env: { SQUARE_TIMEOUT_SECONDS: "1", SQUARE_MAX_ATTEMPTS: "2", SQUARE_BREAKER_THRESHOLD: "100" } });
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(() => {
  harness.simulator.faults.clear();
});

const start = (orderId: number, sourceId: string | null) =>
  harness.modules.payments.startPayment(orderId, { sourceId, requestId: "start-payment-test" });

describe("startPayment", () => {
  it("without a card token, sends the customer to Square's hosted checkout, the same link each time", async () => {
    const orderId = await harness.placeOrder("start-link@example.com");
    const first = await start(orderId, null);
    expect(first.kind).toBe("hosted_checkout");
    expect(await start(orderId, null)).toEqual(first);
  });

  it("with a card token, pays in the page", async () => {
    const orderId = await harness.placeOrder("start-card@example.com");
    expect(await start(orderId, await cardToken(harness.simulator, SUCCESS))).toEqual({ kind: "paid" });
  });

  it("maps a decline to 402 with Square's reason and what to do", async () => {
    const orderId = await harness.placeOrder("start-decline@example.com");
    const outcome = await start(orderId, await cardToken(harness.simulator, DECLINE));
    expect(outcome).toMatchObject({ kind: "failed", status: 402 });
    expect(outcome.kind === "failed" && outcome.message).toMatch(/You have not been charged\. Try another card\.$/);
  });

  it("maps the database's refusal to its own status: a paid order is not paid again", async () => {
    const orderId = await harness.placeOrder("start-paid@example.com");
    await start(orderId, await cardToken(harness.simulator, SUCCESS));
    const again = await start(orderId, null);
    expect(again).toMatchObject({ kind: "failed", status: 409 });
    expect(again.kind === "failed" && again.message).toMatch(/cannot be paid again/);
  });

  it("maps Square out of reach to 503, for the hosted link as for the card, and keeps the order", async () => {
    const linkOrder = await harness.placeOrder("start-down-link@example.com");
    harness.simulator.faults.add({ operation: "payment_links.create", status: 503, count: 10 });
    expect(await start(linkOrder, null)).toEqual({
      kind: "failed",
      status: 503,
      message: "We couldn't reach our payment provider. Your order is saved: please try paying again in a minute.",
    });

    const cardOrder = await harness.placeOrder("start-down-card@example.com");
    harness.simulator.faults.add({ operation: "orders.create", status: 503, count: 10 });
    const card = await start(cardOrder, await cardToken(harness.simulator, SUCCESS));
    expect(card).toMatchObject({ kind: "failed", status: 503 });
    const [order] = await harness.database.sql`select state from orders where id = ${cardOrder}`;
    expect(order.state).toBe("pending_payment");
  });

  describe("when Square prices the order differently from Larder", () => {
    // Larder's items changed under the order (as if Square's catalog price moved after the sync): the
    // mirrored Square order no longer totals what price_order() charged.
    async function mispricedOrder(email: string) {
      const orderId = await harness.placeOrder(email);
      await harness.database.sql`update order_items set unit_price_cents = unit_price_cents + 100 where order_id = ${orderId}`;
      const [{ total_cents }] = await harness.database.sql<{ total_cents: number }[]>`select total_cents from orders where id = ${orderId}`;
      return { orderId, total: total_cents };
    }

    it("offers no card charge, keeps the order payable and says why (409, no 500)", async () => {
      const { orderId } = await mispricedOrder("mispriced-card@example.com");
      const outcome = await start(orderId, await cardToken(harness.simulator, SUCCESS));
      expect(outcome).toEqual({
        kind: "failed",
        status: 409,
        message: "We couldn't take your card on this page for this order, and nothing was charged. Your order is saved: pay for it on Square's secure checkout page with the button below.",
      });
      const [order] = await harness.database.sql`select state, number from orders where id = ${orderId}`;
      expect(order.state).toBe("pending_payment");
      expect(harness.simulator.ledger().filter((entry) => entry.reference_id === `larder-${order.number}`)).toEqual([]);
      const [attempt] = await harness.database.sql`select error_code from payment_attempts where order_id = ${orderId}`;
      expect(attempt.error_code).toBe("PRICE_MISMATCH");
    });

    it("through hosted checkout, deletes the mispriced link and offers one for the exact total, which pays the order", async () => {
      const { orderId, total } = await mispricedOrder("mispriced-link@example.com");
      const outcome = await start(orderId, null);
      expect(outcome.kind).toBe("hosted_checkout");
      const url = outcome.kind === "hosted_checkout" ? outcome.url : "";
      expect(await start(orderId, null)).toEqual(outcome);
      const page = await (await fetch(url)).text();
      expect(page).toContain(`Order #`);
      const paid = await payAtHostedCheckout(harness.simulator, url, SUCCESS);
      expect(paid.status).toBe(303);
      const captured = harness.simulator.ledger().filter((entry) => entry.status === "COMPLETED" && entry.amount === total);
      expect(captured.length).toBeGreaterThan(0);
      await harness.modules.reconciliation.settleAttempt((await harness.database.sql<never[]>`
        select id, order_id as "orderId", status, square_payment_id as "squarePaymentId", square_order_id as "squareOrderId", updated_at as "updatedAt"
          from payment_attempts where order_id = ${orderId}`)[0]);
      const [order] = await harness.database.sql`select state from orders where id = ${orderId}`;
      expect(order.state).toBe("paid");
    });
  });
});
