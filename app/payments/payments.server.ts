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
import { declineMessage, declineMessages } from "./decline-messages";
import {
  createCardPayment, createPaymentLink, createSquareOrder, deletePaymentLink, getSquareOrderTotal,
  type CreatedPaymentLink, type SquareOrderDraft, type SquarePayment,
} from "./square-payments.server";
import { SquareUnavailableError } from "./square.server";

type Queryable = Sql | TransactionSql<{ bigint: number }>;

interface PaymentAttemptRow {
  id: string;
  checkout_url: string | null;
}

/** No payment page can be offered for this order right now; `message` tells the customer what to do. */
export class PaymentLinkNotOffered extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const TOTAL_UNCONFIRMED =
  "We couldn't confirm your order's total with our payment provider, so no payment page was opened and nothing was charged. Your order is saved: please try paying again in a minute.";

/** Square priced the mirrored order differently from price_order(): logged with both totals, for staff to look at. */
function logPriceMismatch(path: "card" | "payment_link", orderNumber: number, squareCents: number, larderCents: number) {
  logger.error({ orderNumber, path, square: { totalCents: squareCents }, larder: { totalCents: larderCents } },
    "Square priced the order differently from Larder");
  metrics.payments.inc({ outcome: "price_mismatch" });
}

/**
 * The order's payment link (hosted checkout), made once per attempt. Its total is confirmed from the
 * order Square returns with it (or, failing that, read back with orders.get) before it is offered:
 * unconfirmed, no link is offered (PaymentLinkNotOffered); priced differently from Larder, the link
 * is deleted and one for the order's exact total (one line, "Order #N") is offered instead, so the
 * order stays payable.
 */
export async function checkoutUrlForOrder(orderId: number, shopOrigin: string): Promise<string> {
  const [attempt] = await sql<PaymentAttemptRow[]>`select * from start_payment_link_attempt(${orderId})`;
  if (attempt.checkout_url) return attempt.checkout_url;

  const [order] = await sql<{ number: number; publicToken: string; customerEmail: string; currency: string }[]>`
    select number, public_token as "publicToken", customer_email as "customerEmail", currency from orders where id = ${orderId}`;
  const { totalCents, ...mirrored } = await mirroredOrder(orderId);
  const linkFor = (idempotencyKey: string, draft: SquareOrderDraft) =>
    createPaymentLink({
      idempotencyKey,
      order: draft,
      // Square may append orderId/transactionId (or, in its sandbox, nothing): `checkout` says where the customer came from.
      redirectUrl: `${shopOrigin}/orders/${order.publicToken}?checkout=square`,
      buyerEmail: order.customerEmail,
      note: `Order #${order.number}`,
    });
  let link = await linkFor(attempt.id, mirrored);
  const squareTotal = await confirmedTotal(link);
  if (squareTotal !== totalCents) {
    logPriceMismatch("payment_link", order.number, squareTotal, totalCents);
    await deletePaymentLink(link.id);
    link = await linkFor(`${attempt.id}-total`, exactTotalOrder(order.number, totalCents, order.currency));
    if ((await confirmedTotal(link)) !== totalCents) {
      await deletePaymentLink(link.id);
      throw new PaymentLinkNotOffered(503, TOTAL_UNCONFIRMED);
    }
  }
  await sql`select record_payment_link(${attempt.id}, ${link.id}, ${link.url}, ${link.squareOrderId})`;
  return link.url;
}

/** The total Square gave the link's order: from its answer, else read back; unconfirmable, no link is offered. */
async function confirmedTotal(link: CreatedPaymentLink): Promise<number> {
  if (link.totalCents !== null) return link.totalCents;
  try {
    const total = await getSquareOrderTotal(link.squareOrderId);
    if (total !== null) return total;
  } catch (error) {
    logger.warn({ err: error, square: { paymentLinkId: link.id, orderId: link.squareOrderId } }, "could not read a payment link's order back");
  }
  throw new PaymentLinkNotOffered(503, TOTAL_UNCONFIRMED);
}

/** A Square order for exactly Larder's total, when Square prices the itemised one differently. */
function exactTotalOrder(orderNumber: number, totalCents: number, currency: string): SquareOrderDraft {
  return {
    referenceId: `larder-${orderNumber}`,
    lineItems: [{ name: `Order #${orderNumber}`, quantity: "1", basePriceMoney: { amount: BigInt(totalCents), currency: currency as "USD" } }],
  };
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

/**
 * The Square order mirroring this Larder order, made once (its key is derived from the order id);
 * null when Square prices it differently from Larder (a card cannot be charged against it).
 */
async function mirrorOnSquare(order: PayableOrder): Promise<string | null> {
  if (order.squareOrderId) return order.squareOrderId;
  const { totalCents: _total, ...draft } = await mirroredOrder(order.id);
  // Staff may change an unpaid order's items (orders.revision): each version is its own Square order.
  const key = order.revision > 0 ? `larder-order-${order.id}-r${order.revision}` : `larder-order-${order.id}`;
  const mirrored = await createSquareOrder({ idempotencyKey: key, order: draft });
  if (mirrored.totalCents !== order.totalCents) {
    logPriceMismatch("card", order.number, mirrored.totalCents, order.totalCents);
    return null;
  }
  const [{ id }] = await sql<{ id: string }[]>`select set_square_order_id(${order.id}, ${mirrored.id}) as id`;
  return id;
}

export type CardPaymentOutcome =
  | { kind: "paid" }
  | { kind: "confirming" }
  | { kind: "declined"; message: string }
  | { kind: "unavailable"; message: string }
  /** Square prices the order differently: nothing was charged; the order is paid through hosted checkout instead. */
  | { kind: "hosted_checkout_only"; message: string };

const HOSTED_CHECKOUT_ONLY =
  "We couldn't take your card on this page for this order, and nothing was charged. Your order is saved: pay for it on Square's secure checkout page with the button below.";

async function recordCardAnswer(attemptId: string, status: string, payment: SquarePayment | null, code: string | null, message: string | null) {
  await sql.begin(async (tx) => {
    // The payment first: the attempt then keeps this answer's code and the customer's sentence.
    if (payment) await applySquarePayment(tx, payment);
    await tx`select record_card_attempt(${attemptId}, ${status}, ${payment?.id ?? null}, ${code}, ${message})`;
  });
}

const NOT_CHARGED = "You have not been charged.";

/** The sentence a customer reads for a card Square declined (never Square's own text). */
function declinedSentence(code: string): string {
  const reason = declineMessage(code);
  return code === "CARD_DECLINED_VERIFICATION_REQUIRED"
    ? `${reason} ${NOT_CHARGED} Try again, or use another card.`
    : `${reason} ${NOT_CHARGED} Try another card.`;
}

/**
 * Pays an order with a Web Payments SDK card token (and the verification token, when the SDK gave
 * one). The attempt row is written before Square is called; its id is the idempotency key, so a
 * double submit of the same token or a retry after a lost answer repeats the same request and can
 * never charge twice. A decline (category PAYMENT_METHOD_ERROR, any 4xx) is definite; any other
 * answer that is not known to be about the first sending (a timeout, a 5xx, a 4xx after a retry or
 * to a repeat) is recorded as unknown and settled by reconciliation, never shown as "not charged".
 */
export async function payOrderWithCard(orderId: number, sourceId: string, verificationToken?: string | null): Promise<CardPaymentOutcome> {
  const order = await payableOrder(orderId);
  let squareOrderId: string | null;
  try {
    squareOrderId = await mirrorOnSquare(order);
  } catch (error) {
    if (error instanceof SquareUnavailableError) {
      return { kind: "unavailable", message: "Payments are temporarily unavailable. Your order is saved: please try again in a few minutes." };
    }
    throw error;
  }
  const [attempt] = await sql<{ id: string; status: string; amount_cents: number; error_code: string | null }[]>`
    select id, status, amount_cents, error_code from start_card_attempt(${orderId}, ${sourceId})`;
  if (attempt.status === "completed") return { kind: "paid" };
  if (squareOrderId === null || attempt.error_code === "PRICE_MISMATCH") {
    // Recorded on the attempt, which the order's page reads to offer hosted checkout only.
    await recordCardAnswer(attempt.id, "failed", null, "PRICE_MISMATCH", "The card form could not be used for this order.");
    return { kind: "hosted_checkout_only", message: HOSTED_CHECKOUT_ONLY };
  }
  // This card entry already had a definite answer: the same request would get the same one.
  if (attempt.status === "failed" && attempt.error_code && attempt.error_code !== "UNAVAILABLE" && attempt.error_code !== "OUTCOME_UNKNOWN") {
    return { kind: "declined", message: declinedSentence(attempt.error_code) };
  }
  const [{ firstSend }] = await sql<{ firstSend: boolean }[]>`select send_card_attempt(${attempt.id}) as "firstSend"`;

  try {
    const answer = await createCardPayment({
      idempotencyKey: attempt.id,
      sourceId,
      verificationToken,
      amountCents: attempt.amount_cents,
      currency: order.currency,
      squareOrderId,
      referenceId: `larder-${order.number}`,
      buyerEmail: order.customerEmail,
    });
    if (answer.kind === "declined") {
      await recordCardAnswer(attempt.id, "failed", answer.payment, answer.code, declineMessage(answer.code));
      return { kind: "declined", message: declinedSentence(answer.code) };
    }
    if (answer.kind === "refused") {
      const log = { orderId, attemptId: attempt.id, square: { code: answer.code, detail: answer.detail, retried: answer.retried, firstSend } };
      if (answer.retried || !firstSend) {
        // Possibly about a repeat of a request Square took: only Square's records can say.
        logger.warn(log, "card payment refused on a repeat; outcome unknown until reconciled");
        await recordCardAnswer(attempt.id, "unknown", null, "OUTCOME_UNKNOWN", null);
        return { kind: "confirming" };
      }
      logger.warn(log, "card payment request refused by Square");
      await recordCardAnswer(attempt.id, "failed", null, answer.code, declineMessage(answer.code));
      const reason = answer.code in declineMessages ? declineMessage(answer.code) : "We could not take this card payment.";
      return { kind: "declined", message: `${reason} ${NOT_CHARGED} Please enter your card again.` };
    }
    await recordCardAnswer(attempt.id, answer.kind === "paid" ? "completed" : "pending", answer.payment, null, null);
    return answer.kind === "paid" ? { kind: "paid" } : { kind: "confirming" };
  } catch (error) {
    if (error instanceof SquareUnavailableError && error.reason === "breaker_open" && firstSend) {
      // Nothing was sent: the attempt is over and the customer may try again later.
      await recordCardAnswer(attempt.id, "failed", null, "UNAVAILABLE", "Payments were temporarily unavailable.");
      return { kind: "unavailable", message: "Payments are temporarily unavailable. Your order is saved: please try again in a few minutes." };
    }
    // Sent (now or before), but no answer: Square may have charged. Reconciliation settles it from Square's records.
    await recordCardAnswer(attempt.id, "unknown", null, "OUTCOME_UNKNOWN", null);
    if (!(error instanceof SquareUnavailableError)) logger.error({ err: error, orderId, attemptId: attempt.id }, "card payment outcome unknown");
    return { kind: "confirming" };
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
  options: { sourceId?: string | null; verificationToken?: string | null; requestId?: string },
): Promise<PaymentStart> {
  try {
    if (options.sourceId) {
      const outcome = await payOrderWithCard(orderId, options.sourceId, options.verificationToken);
      if (outcome.kind === "declined") return { kind: "failed", status: 402, message: outcome.message };
      if (outcome.kind === "unavailable") return { kind: "failed", status: 503, message: outcome.message };
      if (outcome.kind === "hosted_checkout_only") return { kind: "failed", status: 409, message: outcome.message };
      return outcome;
    }
    return { kind: "hosted_checkout", url: await checkoutUrlForOrder(orderId, env.publicUrl) };
  } catch (error) {
    if (error instanceof PaymentLinkNotOffered) return { kind: "failed", status: error.status, message: error.message };
    const refusal = isShopError(error);
    if (refusal) return { kind: "failed", status: refusal.status, message: refusal.message };
    logger.error({ err: error, requestId: options.requestId, orderId }, "could not start payment");
    return { kind: "failed", status: 503, message: UNREACHABLE };
  }
}
