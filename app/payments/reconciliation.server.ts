// Settling payments from Square's own records when the shop is unsure of them (a webhook that never
// came, a call whose answer was lost), and expiring orders that were never paid.
import { sql } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { applySquarePayment, type PaymentOutcome } from "./payments.server";
import { applySquareRefund, sendRefund } from "./refunds.server";
import { deletePaymentLink, getPayment, getRefund, getSquareOrderPaymentIds } from "./square-payments.server";

interface OpenAttempt {
  id: string;
  orderId: number;
  status: string;
  squarePaymentId: string | null;
  squareOrderId: string | null;
  updatedAt: Date;
}

const attemptColumns = sql`
  a.id, a.order_id as "orderId", a.status, a.square_payment_id as "squarePaymentId",
  a.square_order_id as "squareOrderId", a.updated_at as "updatedAt"`;

// A card payment whose answer was lost and that Square still shows no trace of after this long was
// never made: the customer may try again.
const UNKNOWN_GIVE_UP_MS = 10 * 60 * 1000;

/** Asks Square about every payment it knows for this attempt and applies each; returns the outcomes. */
export async function settleAttempt(attempt: OpenAttempt): Promise<PaymentOutcome[]> {
  const paymentIds = new Set<string>();
  if (attempt.squarePaymentId) paymentIds.add(attempt.squarePaymentId);
  if (attempt.squareOrderId) for (const id of await getSquareOrderPaymentIds(attempt.squareOrderId)) paymentIds.add(id);
  const outcomes: PaymentOutcome[] = [];
  for (const paymentId of paymentIds) {
    const payment = await getPayment(paymentId);
    if (payment) outcomes.push(await applySquarePayment(sql, payment));
  }
  if (attempt.status === "unknown" && outcomes.length === 0 && Date.now() - attempt.updatedAt.getTime() > UNKNOWN_GIVE_UP_MS) {
    await sql`select record_card_attempt(${attempt.id}, 'failed', null, 'OUTCOME_UNKNOWN', 'We could not confirm this payment and found no charge.')`;
  }
  return outcomes;
}

/** Deletes the order's payment links at Square that are not deleted yet; false if one could not be. */
export async function deletePaymentLinks(orderId: number): Promise<boolean> {
  const links = await sql<{ id: string; paymentLinkId: string }[]>`
    select id, square_payment_link_id as "paymentLinkId" from payment_attempts
     where order_id = ${orderId} and square_payment_link_id is not null and payment_link_deleted_at is null`;
  for (const link of links) {
    try {
      await deletePaymentLink(link.paymentLinkId);
    } catch (error) {
      logger.warn({ err: error, orderId, square: { paymentLinkId: link.paymentLinkId } }, "could not delete a payment link; the order is expired on a later pass");
      return false;
    }
    await sql`select record_payment_link_deleted(${link.id})`;
  }
  return true;
}

/**
 * The customer is back from hosted checkout: ask Square about the order's payment links now, rather
 * than wait for the webhook (Square's redirect carries no proof of payment, and its sandbox no
 * parameters at all). Never throws: if Square cannot be reached, the webhook or reconciliation settles it.
 */
export async function settleReturnFromCheckout(orderId: number, requestId?: string): Promise<void> {
  try {
    const attempts = await sql<OpenAttempt[]>`
      select ${attemptColumns} from payment_attempts a
       where a.order_id = ${orderId} and a.method = 'payment_link' and a.square_order_id is not null and a.status <> 'completed'`;
    for (const attempt of attempts) await settleAttempt(attempt);
  } catch (error) {
    logger.warn({ err: error, orderId, requestId }, "could not settle a return from hosted checkout; the webhook will");
  }
}

export function attemptsForSquareOrder(squareOrderId: string) {
  return sql<OpenAttempt[]>`select ${attemptColumns} from payment_attempts a where a.square_order_id = ${squareOrderId}`;
}

export interface ReconciliationReport {
  refundsChecked: number;
  attemptsChecked: number;
  outcomes: Partial<Record<PaymentOutcome, number>>;
  ordersExpired: number;
}

/**
 * One reconciliation pass: attempts of unpaid orders left alone for `quietMinutes` are settled from
 * Square; then unpaid orders whose hold has ended (15 minutes paying by card, 30 through a payment
 * link, by default: settings holds.*) have their payment links deleted at Square, then are cancelled and their
 * stock, slot and promo code released. Safe to run at any time and any number of times.
 */
export async function reconcilePayments({ quietMinutes = 2, limit = 200 } = {}): Promise<ReconciliationReport> {
  const attempts = await sql<OpenAttempt[]>`
    select ${attemptColumns}
      from payment_attempts a join orders o on o.id = a.order_id
     where o.state = 'pending_payment'
       and (a.square_payment_id is not null or a.square_order_id is not null)
       and a.updated_at < now() - make_interval(mins => ${quietMinutes})
     order by a.updated_at
     limit ${limit}`;
  const report: ReconciliationReport = { refundsChecked: 0, attemptsChecked: 0, outcomes: {}, ordersExpired: 0 };
  for (const attempt of attempts) {
    for (const outcome of await settleAttempt(attempt)) {
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
    }
    report.attemptsChecked += 1;
  }

  // Refunds still open after a quiet spell: their webhook may have come before we knew Square's id
  // for them, or the job's answer was lost. Ask Square again (same key, so never a second refund).
  const openRefunds = await sql<{ id: string; squareRefundId: string | null }[]>`
    select id, square_refund_id as "squareRefundId" from refunds
     where status in ('requested', 'pending') and updated_at < now() - make_interval(mins => ${quietMinutes})
     order by updated_at limit ${limit}`;
  for (const refund of openRefunds) {
    const known = refund.squareRefundId ? await getRefund(refund.squareRefundId) : null;
    if (known) await applySquareRefund(refund.id, known);
    else await sendRefund(refund.id);
    report.refundsChecked += 1;
  }

  // Held holds.card_minutes when paying by card, holds.payment_link_minutes otherwise (unpaid_orders_past_hold).
  const stale = await sql<{ id: number; holdMinutes: number }[]>`
    select order_id as id, hold_minutes as "holdMinutes" from unpaid_orders_past_hold(${limit})`;
  for (const order of stale) {
    // Settle once more right before giving up on it: a payment may have landed since.
    const openAttempts = await sql<OpenAttempt[]>`select ${attemptColumns} from payment_attempts a where a.order_id = ${order.id}`;
    for (const attempt of openAttempts) await settleAttempt(attempt);
    // No payment link may stay payable once the items are released: delete them first, and try
    // again next pass if Square cannot be reached (a payment that still comes is refunded: refund_late_payment).
    if (!(await deletePaymentLinks(order.id))) continue;
    const [{ expired }] = await sql<{ expired: boolean }[]>`
      select expire_unpaid_order(${order.id}, ${`Not paid within ${order.holdMinutes} minutes; the items were released.`}) as expired`;
    if (expired) report.ordersExpired += 1;
  }
  if (report.refundsChecked || report.attemptsChecked || report.ordersExpired) logger.info({ reconciliation: report }, "payments reconciled");
  return report;
}
