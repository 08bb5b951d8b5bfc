// GetPayment, CompletePayment, CancelPayment and CancelPaymentByIdempotencyKey.
import { z } from "zod";
import type { SimContext } from "./context";
import { badRequest, notFound } from "./errors";
import { type Handler, json, parseJsonObject } from "./http";
import { capturePayment, voidPayment } from "./payments";
import type { Payment } from "./types";
import { dropNulls, parseRequest } from "./validation";

function findPayment(sim: SimContext, paymentId: string): Payment {
  const payment = sim.state.payments.get(paymentId);
  if (!payment) throw notFound(`Payment \`${paymentId}\` not found.`);
  return payment;
}

function notApproved(payment: Payment, action: "canceled" | "completed") {
  return badRequest(
    "BAD_REQUEST",
    `Payment \`${payment.id}\` is ${payment.status}; only an APPROVED payment can be ${action}.`,
    "payment_id"
  );
}

export function getPaymentHandler(sim: SimContext): Handler {
  return ({ params }) => json(200, { payment: findPayment(sim, params.paymentId) });
}

/** APPROVED → CANCELED; canceling a CANCELED payment again answers it unchanged. */
export function cancelPaymentHandler(sim: SimContext): Handler {
  return ({ params }) => {
    const payment = findPayment(sim, params.paymentId);
    if (payment.status === "APPROVED") voidPayment(sim, payment);
    else if (payment.status !== "CANCELED") throw notApproved(payment, "canceled");
    return json(200, { payment });
  };
}

const cancelByKeySchema = z.object({ idempotency_key: z.string().min(1).max(45) });

/**
 * Voids the APPROVED payment CreatePayment made with this key. As Square documents, an unknown key (no payment
 * was made) is a success that does nothing; so is a FAILED or already CANCELED payment. A COMPLETED one is 400.
 */
export function cancelPaymentByIdempotencyKeyHandler(sim: SimContext): Handler {
  return ({ body }) => {
    const { idempotency_key: key } = parseRequest(cancelByKeySchema, dropNulls(parseJsonObject(body)));
    const paymentId = sim.state.paymentIdsByKey.get(key);
    const payment = paymentId ? sim.state.payments.get(paymentId) : undefined;
    if (payment?.status === "APPROVED") voidPayment(sim, payment);
    else if (payment?.status === "COMPLETED") throw notApproved(payment, "canceled");
    return json(200, {});
  };
}

const completeSchema = z.object({ version_token: z.string().optional() });

/** APPROVED → COMPLETED, closing its order; completing a COMPLETED payment again answers it unchanged. */
export function completePaymentHandler(sim: SimContext): Handler {
  return ({ params, body }) => {
    const request = parseRequest(completeSchema, body.trim() ? dropNulls(parseJsonObject(body)) : {});
    const payment = findPayment(sim, params.paymentId);
    if (request.version_token !== undefined && request.version_token !== payment.version_token) {
      throw badRequest("VERSION_MISMATCH", "The payment changed since this `version_token`.", "version_token");
    }
    if (payment.status === "COMPLETED") return json(200, { payment });
    if (payment.status !== "APPROVED") throw notApproved(payment, "completed");
    const order = sim.state.orders.get(payment.order_id);
    if (order && order.state !== "OPEN") {
      throw badRequest(
        "BAD_REQUEST",
        `Order \`${order.id}\` is ${order.state}; it cannot take this payment.`,
        "payment_id"
      );
    }
    capturePayment(sim, payment, { orderUpdatedWebhook: true });
    return json(200, { payment });
  };
}
