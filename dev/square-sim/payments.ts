// Card payments taken on the hosted checkout page, plus GetPayment and ListPayments.
import { createHash } from "node:crypto";
import { type SimContext, nowIso } from "./context";
import { badRequest, notFound } from "./errors";
import { type Handler, json } from "./http";
import { newPaymentId, newVersionToken } from "./ids";
import { money } from "./money";
import { markOrderPaid } from "./orders";
import { decodeCursor, page } from "./paging";
import type { CardOnPayment, Order, Payment, PaymentLink } from "./types";
import { paymentEvent } from "./webhooks";

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
}

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

type PaymentBase = Omit<Payment, "approved_money" | "status" | "card_details" | "version" | "version_token">;

function paymentBase(link: PaymentLink, order: Order, now: string): PaymentBase {
  const buyerEmail = link.pre_populated_data?.buyer_email;
  return {
    id: newPaymentId(),
    created_at: now,
    updated_at: now,
    amount_money: order.total_money,
    total_money: order.total_money,
    source_type: "CARD",
    location_id: order.location_id,
    order_id: order.id,
    ...(order.reference_id !== undefined ? { reference_id: order.reference_id } : {}),
    ...(buyerEmail !== undefined ? { buyer_email_address: buyerEmail } : {}),
    ...(link.payment_note !== undefined ? { note: link.payment_note } : {}),
  };
}

function cardDetailsBase(sim: SimContext, card: CardInput) {
  return {
    card: cardOnPayment(card),
    entry_method: "KEYED",
    cvv_status: "CVV_ACCEPTED",
    avs_status: "AVS_ACCEPTED",
    statement_description: `SQ *${sim.merchantName.toUpperCase().slice(0, 18)}`,
  } as const;
}

/**
 * An approved card: `payment.created` carries the payment as first authorised (APPROVED), `payment.updated`
 * the captured one (COMPLETED), as Square sends them. Only the captured state is ever stored.
 */
export function captureCardPayment(sim: SimContext, link: PaymentLink, order: Order, card: CardInput): Payment {
  const now = nowIso();
  const base = paymentBase(link, order, now);
  const authorized: Payment = {
    ...base,
    approved_money: order.total_money,
    status: "APPROVED",
    card_details: {
      ...cardDetailsBase(sim, card),
      status: "AUTHORIZED",
      card_payment_timeline: { authorized_at: now },
    },
    version: 1,
    version_token: newVersionToken(),
  };
  const completed: Payment = {
    ...authorized,
    status: "COMPLETED",
    card_details: {
      ...authorized.card_details,
      status: "CAPTURED",
      card_payment_timeline: { authorized_at: now, captured_at: now },
    },
    receipt_number: base.id.slice(0, 4),
    receipt_url: `${sim.baseUrl}/receipt/${base.id}`,
    version: 2,
    version_token: newVersionToken(),
  };
  sim.state.payments.set(completed.id, completed);
  markOrderPaid(order, completed, now);
  sim.webhooks.enqueue(paymentEvent("payment.created", authorized, now));
  sim.webhooks.enqueue(paymentEvent("payment.updated", completed, now));
  return completed;
}

/** A declined card still makes a FAILED payment (Square keeps it); the order stays open for another try. */
export function declineCardPayment(sim: SimContext, link: PaymentLink, order: Order, card: CardInput): Payment {
  const now = nowIso();
  const failed: Payment = {
    ...paymentBase(link, order, now),
    approved_money: money(0, order.total_money.currency),
    status: "FAILED",
    card_details: {
      ...cardDetailsBase(sim, card),
      status: "FAILED",
      card_payment_timeline: {},
      errors: [
        { category: "PAYMENT_METHOD_ERROR", code: "GENERIC_DECLINE", detail: "Authorization error: 'GENERIC_DECLINE'" },
      ],
    },
    version: 1,
    version_token: newVersionToken(),
  };
  sim.state.payments.set(failed.id, failed);
  sim.webhooks.enqueue(paymentEvent("payment.created", failed, now));
  sim.webhooks.enqueue(paymentEvent("payment.updated", failed, now));
  return failed;
}

export function getPaymentHandler(sim: SimContext): Handler {
  return ({ params }) => {
    const payment = sim.state.payments.get(params.paymentId);
    if (!payment) throw notFound(`Payment \`${params.paymentId}\` not found.`);
    return json(200, { payment });
  };
}

const MAX_PAGE = 100;

export function listPaymentsHandler(sim: SimContext): Handler {
  return ({ url }) => {
    const query = url.searchParams;
    const sortOrder = (query.get("sort_order") ?? "DESC").toUpperCase();
    if (sortOrder !== "ASC" && sortOrder !== "DESC") {
      throw badRequest("INVALID_ENUM_VALUE", "`sort_order` must be ASC or DESC.", "sort_order");
    }
    const limit = query.has("limit") ? Number(query.get("limit")) : MAX_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw badRequest("INVALID_VALUE", `\`limit\` must be an integer from 1 to ${MAX_PAGE}.`, "limit");
    }
    const locationId = query.get("location_id");
    const inCreationOrder = [...sim.state.payments.values()].filter((p) => !locationId || p.location_id === locationId);
    const sorted = sortOrder === "ASC" ? inCreationOrder : inCreationOrder.reverse();
    const { items, cursor } = page(sorted, decodeCursor(query.get("cursor")), limit);
    return json(200, cursor ? { payments: items, cursor } : { payments: items });
  };
}
