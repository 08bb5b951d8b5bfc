// Card payment lifecycle shared by the hosted checkout and the Payments API: authorise, capture, decline, void,
// each queueing the webhooks Square sends for it.
import { createHash } from "node:crypto";
import type { CardInput } from "./cards";
import { recordSale } from "./catalog-control";
import { type SimContext, nowIso } from "./context";
import { orderUpdatedEvent, paymentEvent } from "./events";
import { newPaymentId, newVersionToken } from "./ids";
import { money } from "./money";
import { markOrderPaid } from "./orders";
import type { CardOnPayment, DigitalWallet, Money, Order, Payment } from "./types";

export interface ChargeInput {
  amount: Money;
  order: Order;
  card: CardInput;
  referenceId?: string;
  buyerEmail?: string;
  note?: string;
  customerId?: string;
  /** A digital wallet's card: Square reports it as a CARD payment entered CONTACTLESS, with no CVV or AVS check. */
  wallet?: DigitalWallet;
}

/** Square's default for a card-not-present delayed capture: canceled after 7 days unless completed. */
const DELAY_DURATION = "PT168H";
const DELAY_MS = 7 * 24 * 60 * 60 * 1000;

function cardOnPayment(card: CardInput): CardOnPayment {
  return {
    card_brand: "VISA",
    last_4: card.number.slice(-4),
    exp_month: card.expMonth,
    exp_year: card.expYear,
    // Stable per card number, as Square's fingerprint is, without storing the number.
    fingerprint: `sq-1-${createHash("sha256").update(card.number).digest("base64url").slice(0, 43)}`,
    card_type: "CREDIT",
    prepaid_type: "NOT_PREPAID",
    bin: card.number.slice(0, 6),
  };
}

function newPayment(sim: SimContext, input: ChargeInput, now: string) {
  return {
    id: newPaymentId(),
    created_at: now,
    updated_at: now,
    amount_money: input.amount,
    total_money: input.amount,
    source_type: "CARD",
    location_id: input.order.location_id,
    order_id: input.order.id,
    ...(input.referenceId !== undefined ? { reference_id: input.referenceId } : {}),
    ...(input.customerId !== undefined ? { customer_id: input.customerId } : {}),
    ...(input.buyerEmail !== undefined ? { buyer_email_address: input.buyerEmail } : {}),
    ...(input.note !== undefined ? { note: input.note } : {}),
    version_token: newVersionToken(),
    card_details: {
      card: cardOnPayment(input.card),
      entry_method: input.wallet ? "CONTACTLESS" : "KEYED",
      cvv_status: input.wallet ? "CVV_NOT_CHECKED" : "CVV_ACCEPTED",
      avs_status: input.wallet ? "AVS_NOT_CHECKED" : "AVS_ACCEPTED",
      statement_description: `SQ *${sim.merchantName.toUpperCase().slice(0, 18)}`,
    },
  } as const;
}

/** Every change to a payment moves `updated_at`, `version` and `version_token`. */
export function touchPayment(payment: Payment, now: string): void {
  payment.updated_at = now;
  payment.version += 1;
  payment.version_token = newVersionToken();
}

/** Stores an APPROVED payment (card AUTHORIZED) and queues `payment.created`. */
export function authorizePayment(sim: SimContext, input: ChargeInput, opts: { delayedCapture: boolean }): Payment {
  const now = nowIso();
  const base = newPayment(sim, input, now);
  const payment: Payment = {
    ...base,
    approved_money: input.amount,
    status: "APPROVED",
    ...(opts.delayedCapture
      ? {
          delay_duration: DELAY_DURATION,
          delay_action: "CANCEL",
          delayed_until: new Date(Date.parse(now) + DELAY_MS).toISOString(),
        }
      : {}),
    card_details: { ...base.card_details, status: "AUTHORIZED", card_payment_timeline: { authorized_at: now } },
    version: 1,
  };
  sim.state.payments.set(payment.id, payment);
  if (input.wallet) sim.state.paymentWallets.set(payment.id, input.wallet);
  sim.webhooks.enqueue(paymentEvent("payment.created", payment, now));
  return payment;
}

/**
 * APPROVED → COMPLETED (card CAPTURED, receipt) and the order gets the tender and is closed; queues `payment.updated`,
 * then `order.updated` if asked (the hosted checkout never sent it, and apps count on its two events).
 */
export function capturePayment(sim: SimContext, payment: Payment, opts: { orderUpdatedWebhook: boolean }): void {
  const now = nowIso();
  payment.status = "COMPLETED";
  payment.card_details.status = "CAPTURED";
  payment.card_details.card_payment_timeline = { ...payment.card_details.card_payment_timeline, captured_at: now };
  payment.receipt_number = payment.id.slice(0, 4);
  payment.receipt_url = `${sim.baseUrl}/receipt/${payment.id}`;
  touchPayment(payment, now);
  const order = sim.state.orders.get(payment.order_id);
  if (order) markOrderPaid(order, payment, now);
  sim.webhooks.enqueue(paymentEvent("payment.updated", payment, now));
  if (order && opts.orderUpdatedWebhook) sim.webhooks.enqueue(orderUpdatedEvent(order, now));
  if (order) recordSale(sim, order);
}

/** Why a card was declined, as Square reports it in `errors[]` (category PAYMENT_METHOD_ERROR). */
export type DeclineCode = "GENERIC_DECLINE" | "CVV_FAILURE" | "CARD_DECLINED_VERIFICATION_REQUIRED";

/** A declined card still makes a FAILED payment (Square keeps it), with `payment.created` and `payment.updated`. */
export function declinePayment(sim: SimContext, input: ChargeInput, code: DeclineCode = "GENERIC_DECLINE"): Payment {
  const now = nowIso();
  const base = newPayment(sim, input, now);
  const failed: Payment = {
    ...base,
    approved_money: money(0, input.amount.currency),
    status: "FAILED",
    card_details: {
      ...base.card_details,
      status: "FAILED",
      ...(code === "CVV_FAILURE" ? { cvv_status: "CVV_REJECTED" as const } : {}),
      card_payment_timeline: {},
      errors: [
        { category: "PAYMENT_METHOD_ERROR", code, detail: `Authorization error: '${code}'` },
      ],
    },
    version: 1,
  };
  sim.state.payments.set(failed.id, failed);
  if (input.wallet) sim.state.paymentWallets.set(failed.id, input.wallet);
  sim.webhooks.enqueue(paymentEvent("payment.created", failed, now));
  sim.webhooks.enqueue(paymentEvent("payment.updated", failed, now));
  return failed;
}

/** APPROVED → CANCELED (card VOIDED): the authorisation is released; queues `payment.updated`. */
export function voidPayment(sim: SimContext, payment: Payment): void {
  const now = nowIso();
  payment.status = "CANCELED";
  payment.card_details.status = "VOIDED";
  payment.card_details.card_payment_timeline = { ...payment.card_details.card_payment_timeline, voided_at: now };
  touchPayment(payment, now);
  sim.webhooks.enqueue(paymentEvent("payment.updated", payment, now));
}
