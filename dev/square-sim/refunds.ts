// RefundPayment, GetPaymentRefund and ListPaymentRefunds: a refund starts PENDING and completes after a short delay,
// with the refund.* and payment.updated webhooks Square sends.
import { z } from "zod";
import { type SimContext, nowIso } from "./context";
import { badRequest, notFound } from "./errors";
import { paymentEvent, refundEvent } from "./events";
import { type Handler, type Reply, json, parseJsonObject } from "./http";
import { newRefundSuffix } from "./ids";
import { listPage } from "./list-query";
import { money } from "./money";
import { positiveMoneySchema, unsupported } from "./order-schema";
import { touchPayment } from "./payments";
import type { Payment, PaymentRefund } from "./types";
import { dropNulls, parseRequest } from "./validation";

const refundPaymentSchema = z.object({
  idempotency_key: z.string().min(1).max(45),
  amount_money: positiveMoneySchema,
  payment_id: z.string().min(1),
  reason: z.string().max(192).optional(),
  payment_version_token: z.string().optional(),
  // Unlinked refunds, cross-method refunds and app fees are not simulated.
  unlinked: z.literal(false).optional(),
  destination_id: unsupported,
  location_id: unsupported,
  customer_id: unsupported,
  app_fee_money: unsupported,
});

type RefundPaymentRequest = z.output<typeof refundPaymentSchema>;

/** Money already promised back: PENDING and COMPLETED refunds both count, so two refunds cannot exceed the payment. */
function refundedOrPending(sim: SimContext, payment: Payment): number {
  return (payment.refund_ids ?? []).reduce((sum, id) => sum + (sim.state.refunds.get(id)?.amount_money.amount ?? 0), 0);
}

function refundablePayment(sim: SimContext, request: RefundPaymentRequest): Payment {
  const payment = sim.state.payments.get(request.payment_id);
  if (!payment) throw notFound(`Payment \`${request.payment_id}\` not found.`);
  if (payment.status === "APPROVED") {
    throw badRequest(
      "REFUND_ERROR_PAYMENT_NEEDS_COMPLETION",
      `Payment \`${payment.id}\` is APPROVED: complete it first, or cancel it instead of refunding.`,
      "payment_id"
    );
  }
  if (payment.status !== "COMPLETED") {
    throw badRequest("PAYMENT_NOT_REFUNDABLE", `Payment \`${payment.id}\` is ${payment.status}.`, "payment_id");
  }
  if (request.payment_version_token !== undefined && request.payment_version_token !== payment.version_token) {
    throw badRequest(
      "VERSION_MISMATCH",
      "The payment changed since this `payment_version_token`.",
      "payment_version_token"
    );
  }
  const refundable = payment.total_money.amount - refundedOrPending(sim, payment);
  if (request.amount_money.amount > refundable) {
    throw badRequest(
      "REFUND_AMOUNT_INVALID",
      `The refund amount (${request.amount_money.amount}) is more than the payment has left to refund (${refundable}).`,
      "amount_money.amount"
    );
  }
  return payment;
}

function completeRefund(sim: SimContext, refund: PaymentRefund): void {
  const payment = sim.state.payments.get(refund.payment_id);
  if (refund.status !== "PENDING" || !payment) return;
  const now = nowIso();
  refund.updated_at = now;
  if (sim.settings.refundOutcome !== "COMPLETED") {
    // The card network or the issuer refused it: no money moves back; Square reports the refund's end.
    refund.status = sim.settings.refundOutcome;
    sim.webhooks.enqueue(refundEvent("refund.updated", refund, now));
    sim.webhooks.start();
    return;
  }
  refund.status = "COMPLETED";
  const refunded = (payment.refunded_money?.amount ?? 0) + refund.amount_money.amount;
  payment.refunded_money = money(refunded, refund.amount_money.currency);
  touchPayment(payment, now);
  sim.webhooks.enqueue(refundEvent("refund.updated", refund, now));
  sim.webhooks.enqueue(paymentEvent("payment.updated", payment, now));
  sim.webhooks.start();
}

function refundPayment(sim: SimContext, request: RefundPaymentRequest): Reply {
  const payment = refundablePayment(sim, request);
  const now = nowIso();
  const refund: PaymentRefund = {
    id: `${payment.id}_${newRefundSuffix()}`,
    status: "PENDING",
    location_id: payment.location_id,
    unlinked: false,
    destination_type: "CARD",
    destination_details: { card_details: { card: payment.card_details.card, entry_method: payment.card_details.entry_method } },
    amount_money: request.amount_money,
    payment_id: payment.id,
    order_id: payment.order_id,
    ...(request.reason !== undefined ? { reason: request.reason } : {}),
    created_at: now,
    updated_at: now,
  };
  sim.state.refunds.set(refund.id, refund);
  payment.refund_ids = [...(payment.refund_ids ?? []), refund.id];
  touchPayment(payment, now);
  sim.webhooks.enqueue(refundEvent("refund.created", refund, now));
  sim.webhooks.enqueue(paymentEvent("payment.updated", payment, now));
  sim.timers.schedule(sim.settings.refundCompletionDelayMs, () => completeRefund(sim, refund));
  return json(200, { refund });
}

export function refundPaymentHandler(sim: SimContext): Handler {
  return ({ body }) => {
    const raw = dropNulls(parseJsonObject(body));
    const request = parseRequest(refundPaymentSchema, raw);
    return sim.state.idempotency.run("refunds.create", request.idempotency_key, raw, () => refundPayment(sim, request))
      .reply;
  };
}

export function getRefundHandler(sim: SimContext): Handler {
  return ({ params }) => {
    const refund = sim.state.refunds.get(params.refundId);
    if (!refund) throw notFound(`Refund \`${params.refundId}\` not found.`);
    return json(200, { refund });
  };
}

/** Square's ListPaymentRefunds query, plus `status` and `source_type` (every simulated refund is CARD). */
export function listRefundsHandler(sim: SimContext): Handler {
  return ({ url }) => {
    const query = url.searchParams;
    const status = query.get("status");
    const sourceType = query.get("source_type");
    const { items, cursor } = listPage(
      [...sim.state.refunds.values()],
      query,
      (refund) =>
        (!status || refund.status === status.toUpperCase()) && (!sourceType || sourceType.toUpperCase() === "CARD")
    );
    return json(200, cursor ? { refunds: items, cursor } : { refunds: items });
  };
}
