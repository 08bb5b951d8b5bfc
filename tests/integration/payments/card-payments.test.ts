// Paying in the page with a card token, on real parts: the order is mirrored on Square, the
// payment references it, declines and lost answers are handled, and nothing is ever charged twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cardToken, startAppHarness, type AppHarness } from "../../support/app-harness";

const SUCCESS = "4111111111111111";
const DECLINE = "4000000000000002";
const VERIFY = "4800000000000004";

/** A token from tokenize(verificationDetails), as CardPayment.tsx asks for one. */
async function verifiedCardToken(card: string, amountCents: number): Promise<string> {
  const response = await fetch(`${harness.simulator.url}/v2/sim-web-payments/tokenize`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      card_number: card, expiration_date: "12/30", cvv: "123", postal_code: "94103",
      verification_details: { amount: (amountCents / 100).toFixed(2), currencyCode: "USD", intent: "CHARGE", billingContact: { givenName: "Ada", email: "ada@example.com" } },
    }),
  });
  const body = (await response.json()) as { token?: string };
  if (!body.token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.token;
}

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

  it("recognises a decline by its category on a 400 (CVV_FAILURE), in the shop's words, never Square's", async () => {
    const orderId = await harness.placeOrder("card-cvv@example.com");
    const declined = await pay(orderId, "cnon:card-nonce-rejected-cvv");
    expect(declined).toEqual({ kind: "declined", message: "The card's security code (CVV) was not accepted. You have not been charged. Try another card." });
    const [attempt] = await harness.database.sql`select status, error_code, error_message from payment_attempts where order_id = ${orderId}`;
    expect(attempt).toEqual({ status: "failed", error_code: "CVV_FAILURE", error_message: "The card's security code (CVV) was not accepted." });
    expect((await order(orderId)).state).toBe("pending_payment");
  });

  it("answers a request Square refuses on its first sending without Square's text, and charges nothing", async () => {
    const orderId = await harness.placeOrder("card-refused@example.com");
    const refused = await pay(orderId, "cnon:no-such-token");
    expect(refused).toEqual({ kind: "declined", message: "We could not take this card payment. You have not been charged. Please enter your card again." });
    const [attempt] = await harness.database.sql`select status, error_code from payment_attempts where order_id = ${orderId}`;
    expect(attempt).toEqual({ status: "failed", error_code: "NOT_FOUND" });
  });

  it("takes a 4xx to a retried CreatePayment (the first sending charged, its answer lost) as unknown, and reconciliation finds the charge", async () => {
    harness.simulator.faults.add({ operation: "payments.create", timeout_after_commit: true, count: 1 });
    harness.simulator.faults.add({ operation: "payments.create", status: 409, count: 1 });
    const orderId = await harness.placeOrder("card-retry-4xx@example.com");
    expect(await pay(orderId, await cardToken(harness.simulator, SUCCESS))).toEqual({ kind: "confirming" });
    const [attempt] = await harness.database.sql`select status, error_code from payment_attempts where order_id = ${orderId}`;
    expect(attempt).toEqual({ status: "unknown", error_code: "OUTCOME_UNKNOWN" });
    expect((await order(orderId)).state).toBe("pending_payment");

    await harness.database.sql`update payment_attempts set updated_at = now() - interval '3 minutes' where order_id = ${orderId}`;
    await harness.modules.reconciliation.reconcilePayments();
    expect((await order(orderId)).state).toBe("paid");
    expect(captured((await order(orderId)).square_order_id)).toHaveLength(1);
  });

  it("declines a card that needs verification when tokenized without verification details; with them it pays", async () => {
    const orderId = await harness.placeOrder("card-sca@example.com");
    const unverified = await pay(orderId, await cardToken(harness.simulator, VERIFY));
    expect(unverified).toEqual({ kind: "declined", message: "Your bank could not verify this card. You have not been charged. Try again, or use another card." });
    expect((await order(orderId)).state).toBe("pending_payment");

    const { total_cents } = await order(orderId);
    const verified = await verifiedCardToken(VERIFY, total_cents);
    expect(await harness.modules.payments.payOrderWithCard(orderId, verified, null)).toEqual({ kind: "paid" });
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
