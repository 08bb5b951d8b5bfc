// Paying for an order: by card in the page (Web Payments SDK token) or through Square's hosted
// checkout (a payment link), started the same way from checkout and from the order's own page
// (startPayment). Each attempt row is written before Square is called and its id is the
// idempotency key, so any retry repeats the same request and can never charge twice.
import type { TransactionSql } from "postgres";
import { isShopError, sql, type Sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { metrics } from "~/lib/metrics.server";
import { mirroredOrder } from "./square-order-mirror.server";
import { SquareError } from "square";
import { createCardPayment, createPaymentLink, createSquareOrder, type SquarePayment } from "./square-payments.server";
import { SquareUnavailableError } from "./square.server";

type Queryable = Sql | TransactionSql<{ bigint: number }>;

interface PaymentAttemptRow {
  id: string;
  checkout_url: string | null;
}

export async function checkoutUrlForOrder(orderId: number, shopOrigin: string): Promise<string> {
  const [attempt] = await sql<PaymentAttemptRow[]>`select * from start_payment_link_attempt(${orderId})`;
  if (attempt.checkout_url) return attempt.checkout_url;

  const [order] = await sql<{ number: number; publicToken: string; customerEmail: string }[]>`
    select number, public_token as "publicToken", customer_email as "customerEmail" from orders where id = ${orderId}`;
  const { totalCents, ...mirrored } = await mirroredOrder(orderId);
  const link = await createPaymentLink({
    idempotencyKey: attempt.id,
    order: mirrored,
    redirectUrl: `${shopOrigin}/orders/${order.publicToken}`,
    buyerEmail: order.customerEmail,
    note: `Order #${order.number}`,
  });
  if (link.totalCents !== null && link.totalCents !== totalCents) {
    throw new Error(`Square totals order #${order.number} at ${link.totalCents} cents, Larder at ${totalCents}`);
  }
  await sql`select record_payment_link(${attempt.id}, ${link.id}, ${link.url}, ${link.squareOrderId})`;
  return link.url;
}

/** What apply_square_payment did with a payment Square reported (see the migration). */
export type PaymentOutcome =
  | "paid" | "already_paid" | "needs_refund" | "failed" | "pending"
  | "duplicate_payment" | "amount_mismatch" | "unknown_payment";

export async function applySquarePayment(db: Queryable, payment: SquarePayment): Promise<PaymentOutcome> {
  const [{ outcome }] = await db<{ outcome: PaymentOutcome }[]>`
    select apply_square_payment(${payment.id}, ${payment.orderId}, ${payment.status}, ${payment.amountCents},
                                ${payment.currency}, ${payment.cardBrand}, ${payment.cardLast4},
                                ${payment.receiptUrl}, ${payment.errorCode}) as outcome`;
  metrics.payments.inc({ outcome });
  return outcome;
}

interface PayableOrder {
  id: number;
  number: number;
  currency: string;
  totalCents: number;
  customerEmail: string;
  squareOrderId: string | null;
  revision: number;
}

async function payableOrder(orderId: number): Promise<PayableOrder> {
  const [order] = await sql<PayableOrder[]>`
    select id, number, currency, total_cents as "totalCents", customer_email as "customerEmail",
           square_order_id as "squareOrderId", revision
      from orders where id = ${orderId}`;
  if (!order) throw new Error(`order ${orderId} not found`);
  return order;
}

/** The Square order mirroring this Larder order, made once (its key is derived from the order id). */
async function mirrorOnSquare(order: PayableOrder): Promise<string> {
  if (order.squareOrderId) return order.squareOrderId;
  const { totalCents: _total, ...draft } = await mirroredOrder(order.id);
  // Staff may change an unpaid order's items (orders.revision): each version is its own Square order.
  const key = order.revision > 0 ? `larder-order-${order.id}-r${order.revision}` : `larder-order-${order.id}`;
  const mirrored = await createSquareOrder({ idempotencyKey: key, order: draft });
  if (mirrored.totalCents !== order.totalCents) {
    throw new Error(`Square totals order #${order.number} at ${mirrored.totalCents} cents, Larder at ${order.totalCents}`);
  }
  const [{ id }] = await sql<{ id: string }[]>`select set_square_order_id(${order.id}, ${mirrored.id}) as id`;
  return id;
}

export type CardPaymentOutcome =
  | { kind: "paid" }
  | { kind: "confirming" }
  | { kind: "declined"; message: string }
  | { kind: "unavailable"; message: string };

async function recordCardAnswer(attemptId: string, status: string, payment: SquarePayment | null, code: string | null, message: string | null) {
  await sql.begin(async (tx) => {
    await tx`select record_card_attempt(${attemptId}, ${status}, ${payment?.id ?? null}, ${code}, ${message})`;
    if (payment) await applySquarePayment(tx, payment);
  });
}

/**
 * Pays an order with a Web Payments SDK card token. The attempt row is written before Square is
 * called; its id is the idempotency key, so a double submit of the same token or a retry after a
 * lost answer repeats the same request and can never charge twice.
 */
export async function payOrderWithCard(orderId: number, sourceId: string): Promise<CardPaymentOutcome> {
  const order = await payableOrder(orderId);
  let squareOrderId: string;
  try {
    squareOrderId = await mirrorOnSquare(order);
  } catch (error) {
    if (error instanceof SquareUnavailableError) {
      return { kind: "unavailable", message: "Payments are temporarily unavailable. Your order is saved: please try again in a few minutes." };
    }
    throw error;
  }
  const [attempt] = await sql<{ id: string; status: string; amount_cents: number }[]>`
    select id, status, amount_cents from start_card_attempt(${orderId}, ${sourceId})`;
  if (attempt.status === "completed") return { kind: "paid" };

  try {
    const answer = await createCardPayment({
      idempotencyKey: attempt.id,
      sourceId,
      amountCents: attempt.amount_cents,
      currency: order.currency,
      squareOrderId,
      referenceId: `larder-${order.number}`,
      buyerEmail: order.customerEmail,
    });
    if (answer.kind === "declined") {
      await recordCardAnswer(attempt.id, "failed", answer.payment, answer.code, answer.message);
      return { kind: "declined", message: `${answer.message} You have not been charged. Try another card.` };
    }
    await recordCardAnswer(attempt.id, answer.kind === "paid" ? "completed" : "pending", answer.payment, null, null);
    return answer.kind === "paid" ? { kind: "paid" } : { kind: "confirming" };
  } catch (error) {
    if (error instanceof SquareUnavailableError && error.reason === "breaker_open") {
      // Nothing was sent: the attempt is over and the customer may try again later.
      await recordCardAnswer(attempt.id, "failed", null, "UNAVAILABLE", "Payments were temporarily unavailable.");
      return { kind: "unavailable", message: "Payments are temporarily unavailable. Your order is saved: please try again in a few minutes." };
    }
    if (error instanceof SquareUnavailableError) {
      // Sent, but no answer: Square may have charged. Reconciliation settles it from Square's records.
      await recordCardAnswer(attempt.id, "unknown", null, "OUTCOME_UNKNOWN", null);
      return { kind: "confirming" };
    }
    if (error instanceof SquareError && error.statusCode !== undefined && error.statusCode < 500) {
      const detail = error.errors[0]?.detail ?? "The payment was refused.";
      await recordCardAnswer(attempt.id, "failed", null, error.errors[0]?.code ?? "REFUSED", detail);
      return { kind: "declined", message: `${detail} You have not been charged.` };
    }
    throw error;
  }
}

/** How starting a payment ended, for the page that started it. */
export type PaymentStart =
  /** Send the customer to Square's hosted checkout. */
  | { kind: "hosted_checkout"; url: string }
  /** Show the order's page: paid, or being confirmed. */
  | { kind: "paid" }
  | { kind: "confirming" }
  /** Not paid; `message` says why and what to do, `status` is the HTTP status that fits. */
  | { kind: "failed"; status: number; message: string };

const UNREACHABLE = "We couldn't reach our payment provider. Your order is saved: please try paying again in a minute.";

/**
 * Starts paying for an order, with the card token when the page sent one (JavaScript on), else
 * through a payment link (JavaScript off). One failure mapping for every page: a decline (402),
 * payments unavailable (503), the database's refusal (its own status: already paid, a card entry
 * used twice…), or anything unexpected, logged, as "couldn't reach" (503).
 */
export async function startPayment(
  orderId: number,
  options: { sourceId?: string | null; requestId?: string },
): Promise<PaymentStart> {
  try {
    if (options.sourceId) {
      const outcome = await payOrderWithCard(orderId, options.sourceId);
      if (outcome.kind === "declined") return { kind: "failed", status: 402, message: outcome.message };
      if (outcome.kind === "unavailable") return { kind: "failed", status: 503, message: outcome.message };
      return outcome;
    }
    return { kind: "hosted_checkout", url: await checkoutUrlForOrder(orderId, env.publicUrl) };
  } catch (error) {
    const refusal = isShopError(error);
    if (refusal) return { kind: "failed", status: refusal.status, message: refusal.message };
    logger.error({ err: error, requestId: options.requestId, orderId }, "could not start payment");
    return { kind: "failed", status: 503, message: UNREACHABLE };
  }
}
