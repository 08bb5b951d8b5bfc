// CreatePayment: charges a card token or sandbox nonce, optionally for an existing order, with Square's idempotency.
import { z } from "zod";
import { type SimContext, nowIso } from "./context";
import { badRequest } from "./errors";
import { type Handler, type Reply, hang, json, parseJsonObject } from "./http";
import { locationIdSchema, positiveMoneySchema, unsupported } from "./order-schema";
import { createOrder } from "./orders";
import { type PaymentSource, resolveSource } from "./payment-sources";
import { type ChargeInput, type DeclineCode, authorizePayment, capturePayment, declinePayment } from "./payments";
import type { Money, Order } from "./types";
import { dropNulls, parseRequest } from "./validation";

const emailSchema = z.string().refine((value) => z.string().email().safeParse(value).success, {
  message: "Not a valid email address.",
  params: { code: "INVALID_EMAIL_ADDRESS" },
});

const createPaymentSchema = z.object({
  source_id: z.string().min(1),
  idempotency_key: z.string().min(1).max(45),
  amount_money: positiveMoneySchema,
  /** Default true: COMPLETED at once. false: APPROVED until CompletePayment or CancelPayment. */
  autocomplete: z.boolean().optional(),
  order_id: z.string().min(1).max(192).optional(),
  location_id: locationIdSchema.optional(),
  reference_id: z.string().max(40).optional(),
  customer_id: z.string().max(191).optional(),
  buyer_email_address: emailSchema.optional(),
  note: z.string().max(500).optional(),
  /** From the older verifyBuyer() flow; with tokenize(verificationDetails) the token itself carries the verification. */
  verification_token: z.string().min(1).max(1024).optional(),
  // Amounts the simulator does not compute, and non-card sources, are refused rather than ignored.
  tip_money: unsupported,
  app_fee_money: unsupported,
  app_fee_allocations: unsupported,
  delay_duration: unsupported,
  delay_action: unsupported,
  cash_details: unsupported,
  external_details: unsupported,
});

type CreatePaymentRequest = z.output<typeof createPaymentSchema>;

/** Square requires a payment for an order to pay exactly its total, and the order to be open. */
function payableOrder(sim: SimContext, orderId: string, amount: Money): Order {
  const order = sim.state.orders.get(orderId);
  if (!order) throw badRequest("NOT_FOUND", `Order \`${orderId}\` not found.`, "order_id");
  if (order.state !== "OPEN") {
    throw badRequest(
      "BAD_REQUEST",
      `Order \`${orderId}\` is ${order.state}; only an OPEN order can be paid.`,
      "order_id"
    );
  }
  if (amount.amount !== order.total_money.amount) {
    throw badRequest(
      "PAYMENT_AMOUNT_MISMATCH",
      `The payment amount (${amount.amount}) does not match the order total (${order.total_money.amount}).`,
      "amount_money"
    );
  }
  return order;
}

/** Without `order_id` Square creates an order for the payment; so does the simulator (one "Custom Amount" line). */
function orderFor(sim: SimContext, request: CreatePaymentRequest): Order {
  if (request.order_id) return payableOrder(sim, request.order_id, request.amount_money);
  const order = createOrder(
    { lines: [{ name: "Custom Amount", quantity: 1, unitPrice: request.amount_money.amount }], source: "Payments API" },
    nowIso()
  );
  sim.state.orders.set(order.id, order);
  return order;
}

function charge(sim: SimContext, request: CreatePaymentRequest, source: PaymentSource): Reply {
  const order = orderFor(sim, request);
  const input: ChargeInput = {
    amount: request.amount_money,
    order,
    card: source.card,
    referenceId: request.reference_id,
    customerId: request.customer_id,
    buyerEmail: request.buyer_email_address,
    note: request.note,
    wallet: source.wallet,
  };
  const decline = declineFor(source);
  const payment = decline
    ? declinePayment(sim, input, decline)
    : authorizePayment(sim, input, { delayedCapture: request.autocomplete === false });
  if (source.token) source.token.usedBy = payment.id;
  sim.state.paymentIdsByKey.set(request.idempotency_key, payment.id);
  // Square answers a decline with the error (category PAYMENT_METHOD_ERROR) and the FAILED payment: 402 for the
  // issuer's decline, 400 for a card detail that did not check out (CVV_FAILURE).
  if (payment.status === "FAILED") {
    return json(decline === "CVV_FAILURE" ? 400 : 402, { errors: payment.card_details.errors, payment });
  }
  if (request.autocomplete !== false) capturePayment(sim, payment, { orderUpdatedWebhook: true });
  return json(200, { payment });
}

function declineFor(source: PaymentSource): DeclineCode | null {
  if (source.outcome === "decline") return "GENERIC_DECLINE";
  if (source.outcome === "cvv_failure") return "CVV_FAILURE";
  if (source.outcome === "verify" && !source.verified) return "CARD_DECLINED_VERIFICATION_REQUIRED";
  return null;
}

export function createPaymentHandler(sim: SimContext): Handler {
  return ({ body }) => {
    const raw = dropNulls(parseJsonObject(body));
    const request = parseRequest(createPaymentSchema, raw);
    let outcomeUnknown = false;
    const { reply } = sim.state.idempotency.run("payments.create", request.idempotency_key, raw, () => {
      const source = resolveSource(sim, request.source_id, new Date());
      outcomeUnknown = source.outcome === "unknown_outcome";
      return charge(sim, request, source);
    });
    // The "outcome unknown" card: charged and recorded, but this first answer never arrives (a replay does).
    return outcomeUnknown ? hang() : reply;
  };
}
