// Paying in the page with a card token, on real parts: the order is mirrored on Square, the
// payment references it, declines and lost answers are handled, and nothing is ever charged twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cardToken, startAppHarness, type AppHarness } from "../../support/app-harness";

const SUCCESS = "4111111111111111";
const DECLINE = "4000000000000002";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness({ env: { SQUARE_TIMEOUT_SECONDS: "1", SQUARE_MAX_ATTEMPTS: "3", SQUARE_BREAKER_THRESHOLD: "100" } });
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(() => {
  harness.simulator.faults.clear();
});

const pay = (orderId: number, token: string) => harness.modules.payments.payOrderWithCard(orderId, token);

async function order(orderId: number) {
  const [row] = await harness.database.sql<{ state: string; square_order_id: string | null; total_cents: number }[]>`
    select state, square_order_id, total_cents from orders where id = ${orderId}`;
  return row;
}

function captured(squareOrderId: string | null) {
  return harness.simulator.ledger().filter((entry) => entry.order_id === squareOrderId && entry.status === "COMPLETED");
}

describe("paying by card", () => {
  it("mirrors the order on Square, charges exactly its total against it, and marks it paid at once", async () => {
    const orderId = await harness.placeOrder("card-ok@example.com");
    expect(await pay(orderId, await cardToken(harness.simulator, SUCCESS))).toEqual({ kind: "paid" });
    const paid = await order(orderId);
    expect(paid.state).toBe("paid");
    expect(paid.square_order_id).toMatch(/.+/);
    const charges = captured(paid.square_order_id);
    expect(charges).toHaveLength(1);
    expect(charges[0].amount).toBe(paid.total_cents);
    expect(charges[0].reference_id).toMatch(/^larder-\d+$/);
  });

  it("charges once when the same token is submitted twice (double click)", async () => {
    const orderId = await harness.placeOrder("card-twice@example.com");
    const token = await cardToken(harness.simulator, SUCCESS);
    const outcomes = await Promise.all([pay(orderId, token), pay(orderId, token)]);
    expect(outcomes).toEqual([{ kind: "paid" }, { kind: "paid" }]);
    expect(captured((await order(orderId)).square_order_id)).toHaveLength(1);
    const attempts = await harness.database.sql`select id from payment_attempts where order_id = ${orderId}`;
    expect(attempts).toHaveLength(1);
  });

  it("refuses a token already used for another order, charging nothing", async () => {
    const first = await harness.placeOrder("token-a@example.com");
    const second = await harness.placeOrder("token-b@example.com");
    const token = await cardToken(harness.simulator, SUCCESS);
    await pay(first, token);
    const error = await pay(second, token).catch((caught: unknown) => caught);
    expect(harness.modules.db.isShopError(error)).toMatchObject({ status: 409, field: "sourceId" });
    expect((await order(second)).state).toBe("pending_payment");
    expect(captured((await order(second)).square_order_id)).toHaveLength(0);
  });

  it("shows a decline's reason and takes another card on the same order", async () => {
    const orderId = await harness.placeOrder("card-declined@example.com");
    const declined = await pay(orderId, await cardToken(harness.simulator, DECLINE));
    expect(declined).toEqual({ kind: "declined", message: "Your card was declined. You have not been charged. Try another card." });
    const [attempt] = await harness.database.sql`select status, error_code from payment_attempts where order_id = ${orderId}`;
    expect(attempt).toEqual({ status: "failed", error_code: "GENERIC_DECLINE" });
    expect((await order(orderId)).state).toBe("pending_payment");

    expect(await pay(orderId, await cardToken(harness.simulator, SUCCESS))).toEqual({ kind: "paid" });
    expect(captured((await order(orderId)).square_order_id)).toHaveLength(1);
  });

  it("retries through 5xx answers with the same idempotency key and charges once", async () => {
    harness.simulator.faults.add({ operation: "payments.create", status: 503, count: 2 });
    const orderId = await harness.placeOrder("card-5xx@example.com");
    expect(await pay(orderId, await cardToken(harness.simulator, SUCCESS))).toEqual({ kind: "paid" });
    expect(captured((await order(orderId)).square_order_id)).toHaveLength(1);
  });

  it("recovers a charge whose answer was lost by asking again with the same key", async () => {
    harness.simulator.faults.add({ operation: "payments.create", timeout_after_commit: true, count: 1 });
    const orderId = await harness.placeOrder("card-lost-answer@example.com");
    expect(await pay(orderId, await cardToken(harness.simulator, SUCCESS))).toEqual({ kind: "paid" });
    expect(captured((await order(orderId)).square_order_id)).toHaveLength(1);
  });

  it("leaves an outcome-unknown payment for reconciliation, which settles it from Square's records", async () => {
    // The charge is made, but no answer comes back to any of the three tries.
    harness.simulator.faults.add({ operation: "payments.create", timeout_after_commit: true, count: 3 });
    const orderId = await harness.placeOrder("card-unknown@example.com");
    expect(await pay(orderId, await cardToken(harness.simulator, SUCCESS))).toEqual({ kind: "confirming" });
    const [attempt] = await harness.database.sql`select status from payment_attempts where order_id = ${orderId}`;
    expect(attempt.status).toBe("unknown");
    expect((await order(orderId)).state).toBe("pending_payment");

    await harness.database.sql`update payment_attempts set updated_at = now() - interval '3 minutes' where order_id = ${orderId}`;
    await harness.modules.reconciliation.reconcilePayments();
    expect((await order(orderId)).state).toBe("paid");
    expect(captured((await order(orderId)).square_order_id)).toHaveLength(1);
  });
});
