// A payment link is offered only once its order's total is confirmed (docs/decisions/015): when
// Square's answer carries no total and the order cannot be read back, no link is offered, the
// customer is told to try again, and the next try (Square reachable again) offers the link.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { payAtHostedCheckout, startAppHarness, type AppHarness } from "../../support/app-harness";

// Square's CreatePaymentLink answer without the related order (its total unknown from the answer):
// the simulator always sends it, so the answer is trimmed on its way back to the app.
const square = vi.hoisted(() => ({ withholdTotal: false }));
vi.mock("~/payments/square-payments.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("~/payments/square-payments.server")>();
  return {
    ...original,
    createPaymentLink: async (request: Parameters<typeof original.createPaymentLink>[0]) => {
      const link = await original.createPaymentLink(request);
      return square.withholdTotal ? { ...link, totalCents: null } : link;
    },
  };
});

const UNCONFIRMED =
  "We couldn't confirm your order's total with our payment provider, so no payment page was opened and nothing was charged. Your order is saved: please try paying again in a minute.";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness({ env: { SQUARE_TIMEOUT_SECONDS: "1", SQUARE_MAX_ATTEMPTS: "1", SQUARE_BREAKER_THRESHOLD: "100" } });
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(() => {
  harness.simulator.faults.clear();
  square.withholdTotal = true;
});

const start = (orderId: number) => harness.modules.payments.startPayment(orderId, { requestId: "total-unconfirmed-test" });

describe("a payment link whose total cannot be confirmed", () => {
  it("is not offered: the customer reads to try again, nothing is recorded as payable, and the order is kept", async () => {
    const orderId = await harness.placeOrder("unconfirmed@example.com");
    harness.simulator.faults.add({ operation: "orders.get", status: 500, count: 20 });
    expect(await start(orderId)).toEqual({ kind: "failed", status: 503, message: UNCONFIRMED });
    const attempts = await harness.database.sql`select checkout_url, square_payment_link_id from payment_attempts where order_id = ${orderId}`;
    expect(attempts.every((attempt) => attempt.checkout_url === null && attempt.square_payment_link_id === null)).toBe(true);
    const [order] = await harness.database.sql`select state from orders where id = ${orderId}`;
    expect(order.state).toBe("pending_payment");
  });

  it("is not offered when Square has no such order to read back either", async () => {
    const orderId = await harness.placeOrder("unconfirmed-404@example.com");
    harness.simulator.faults.add({ operation: "orders.get", status: 404, count: 20 });
    expect(await start(orderId)).toEqual({ kind: "failed", status: 503, message: UNCONFIRMED });
  });

  it("is offered on the next try once the order reads back with Larder's total, and pays the order's total", async () => {
    const orderId = await harness.placeOrder("unconfirmed-retry@example.com");
    harness.simulator.faults.add({ operation: "orders.get", status: 500, count: 20 });
    expect((await start(orderId)).kind).toBe("failed");
    harness.simulator.faults.clear();
    const retry = await start(orderId);
    expect(retry.kind).toBe("hosted_checkout");
    const url = retry.kind === "hosted_checkout" ? retry.url : "";
    const [{ total_cents }] = await harness.database.sql<{ total_cents: number }[]>`select total_cents from orders where id = ${orderId}`;
    expect((await payAtHostedCheckout(harness.simulator, url, "4111111111111111")).status).toBe(303);
    expect(harness.simulator.ledger().some((entry) => entry.status === "COMPLETED" && entry.amount === total_cents)).toBe(true);
  });
});
