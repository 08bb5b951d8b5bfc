// Square's payment side as Larder calls it: payment links (hosted checkout), card payments, the
// payments and refunds Square recorded, and the Square orders they are for. Every call goes through
// the gateway's squareCall (timeout, retries, breaker, logs, metrics); none runs inside a transaction.
import type { Square } from "square";
import { env } from "~/lib/env.server";
import { isSquareError, squareCall, SquareUnavailableError } from "./square.server";

/** A Square order to create, without its location (this module adds the configured one). */
export type SquareOrderDraft = Omit<Square.Order, "locationId">;

export interface PaymentLinkRequest {
  idempotencyKey: string;
  order: SquareOrderDraft;
  redirectUrl: string;
  buyerEmail: string;
  note: string;
}

export interface CreatedPaymentLink {
  id: string;
  url: string;
  squareOrderId: string;
  /** The order's total as Square computed it, when the answer includes the order. */
  totalCents: number | null;
}

export async function createPaymentLink(request: PaymentLinkRequest): Promise<CreatedPaymentLink> {
  const response = await squareCall("payment_links.create", (square) =>
    square.checkout.paymentLinks.create({
      idempotencyKey: request.idempotencyKey,
      order: { ...request.order, locationId: env.square.locationId },
      checkoutOptions: { redirectUrl: request.redirectUrl },
      prePopulatedData: { buyerEmail: request.buyerEmail },
      paymentNote: request.note,
    }),
  );
  const link = response.paymentLink;
  if (!link?.id || !link.url || !link.orderId) {
    throw new Error("Square answered a payment link request without id, url or order id");
  }
  // Square's own examples answer with a related order whose id differs from the link's order_id:
  // the link's order when it is there, else the one order Square returned.
  const orders = response.relatedResources?.orders ?? [];
  const related = orders.find((order) => order.id === link.orderId) ?? (orders.length === 1 ? orders[0] : undefined);
  const total = related?.totalMoney?.amount;
  return { id: link.id, url: link.url, squareOrderId: link.orderId, totalCents: total === undefined || total === null ? null : Number(total) };
}

/** A Square order's total, or null when Square has no such order. */
export async function getSquareOrderTotal(squareOrderId: string): Promise<number | null> {
  try {
    const { order } = await squareCall("orders.get", (square) => square.orders.get({ orderId: squareOrderId }));
    const amount = order?.totalMoney?.amount;
    return amount === undefined || amount === null ? null : Number(amount);
  } catch (error) {
    if (isSquareError(error) && error.statusCode === 404) return null;
    throw error;
  }
}

/** Deletes a payment link so it can no longer be paid (one already gone is fine). */
export async function deletePaymentLink(paymentLinkId: string): Promise<void> {
  try {
    await squareCall("payment_links.delete", (square) => square.checkout.paymentLinks.delete({ id: paymentLinkId }));
  } catch (error) {
    if (isSquareError(error) && error.statusCode === 404) return;
    throw error;
  }
}

export interface SquarePayment {
  id: string;
  orderId: string | null;
  status: string;
  amountCents: number;
  currency: string;
  cardBrand: string | null;
  cardLast4: string | null;
  receiptUrl: string | null;
  errorCode: string | null;
}

export async function getPayment(paymentId: string): Promise<SquarePayment | null> {
  try {
    const { payment } = await squareCall("payments.get", (square) => square.payments.get({ paymentId }));
    return payment?.id ? toPayment(payment) : null;
  } catch (error) {
    if (isSquareError(error) && error.statusCode === 404) return null;
    throw error;
  }
}

/** The payments Square has recorded against one of its orders (its tenders). */
export async function getSquareOrderPaymentIds(squareOrderId: string): Promise<string[]> {
  try {
    const { order } = await squareCall("orders.get", (square) => square.orders.get({ orderId: squareOrderId }));
    return (order?.tenders ?? []).map((tender) => tender.paymentId ?? tender.id).filter((id): id is string => Boolean(id));
  } catch (error) {
    if (isSquareError(error) && error.statusCode === 404) return [];
    throw error;
  }
}

export interface SquareRefund {
  id: string;
  paymentId: string;
  status: string;
  amountCents: number;
}

function toRefund(refund: { id?: string; paymentId?: string | null; status?: string | null; amountMoney?: { amount?: bigint | null } | null }): SquareRefund {
  if (!refund.id || !refund.paymentId) throw new Error("Square answered with a refund without id or payment id");
  return { id: refund.id, paymentId: refund.paymentId, status: refund.status ?? "PENDING", amountCents: Number(refund.amountMoney?.amount ?? 0) };
}

export async function refundPayment(request: {
  idempotencyKey: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  reason: string;
}): Promise<SquareRefund> {
  const { refund } = await squareCall("refunds.create", (square) =>
    square.refunds.refundPayment({
      idempotencyKey: request.idempotencyKey,
      paymentId: request.paymentId,
      amountMoney: { amount: BigInt(request.amountCents), currency: request.currency as "USD" },
      reason: request.reason,
    }),
  );
  if (!refund) throw new Error("Square answered a refund request without the refund");
  return toRefund(refund);
}

export async function getRefund(refundId: string): Promise<SquareRefund | null> {
  try {
    const { refund } = await squareCall("refunds.get", (square) => square.refunds.get({ refundId }));
    return refund ? toRefund(refund) : null;
  } catch (error) {
    if (isSquareError(error) && error.statusCode === 404) return null;
    throw error;
  }
}

/** Mirrors a Larder order as a Square order, so Square's POS and reports see the sale. */
export async function createSquareOrder(request: { idempotencyKey: string; order: SquareOrderDraft }): Promise<{ id: string; totalCents: number }> {
  const { order } = await squareCall("orders.create", (square) =>
    square.orders.create({
      idempotencyKey: request.idempotencyKey,
      order: { ...request.order, locationId: env.square.locationId },
    }),
  );
  if (!order?.id) throw new Error("Square answered an order request without the order");
  return { id: order.id, totalCents: Number(order.totalMoney?.amount ?? 0) };
}

function toPayment(payment: Square.Payment): SquarePayment {
  return {
    id: payment.id ?? "",
    orderId: payment.orderId ?? null,
    status: payment.status ?? "PENDING",
    amountCents: Number(payment.totalMoney?.amount ?? payment.amountMoney?.amount ?? 0),
    currency: payment.totalMoney?.currency ?? payment.amountMoney?.currency ?? "USD",
    cardBrand: payment.cardDetails?.card?.cardBrand ?? null,
    cardLast4: payment.cardDetails?.card?.last4 ?? null,
    receiptUrl: payment.receiptUrl ?? null,
    errorCode: payment.cardDetails?.errors?.[0]?.code ?? null,
  };
}

export type CardPaymentResult =
  | { kind: "paid" | "pending"; payment: SquarePayment }
  /** The card was refused (an error of category PAYMENT_METHOD_ERROR, on any 4xx): a definite answer. */
  | { kind: "declined"; payment: SquarePayment | null; code: string }
  /**
   * Square refused the request itself (another 4xx). `retried`: the gateway sent it more than once
   * (an earlier sending timed out or failed), so this answer may be about a repeat of a request
   * Square is still processing or has processed: the outcome is not known from it.
   */
  | { kind: "refused"; code: string; detail: string; retried: boolean };

/**
 * Charges a card token (from the Web Payments SDK) against a Square order. A decline or a refusal is
 * an answer, not an error; an error (SquareUnavailableError) means the outcome was not learned.
 */
export async function createCardPayment(request: {
  idempotencyKey: string;
  sourceId: string;
  verificationToken?: string | null;
  amountCents: number;
  currency: string;
  squareOrderId: string;
  referenceId: string;
  buyerEmail: string;
}): Promise<CardPaymentResult> {
  let sendings = 0;
  try {
    const { payment } = await squareCall("payments.create", (square) => {
      sendings += 1;
      return square.payments.create({
        idempotencyKey: request.idempotencyKey,
        sourceId: request.sourceId,
        ...(request.verificationToken ? { verificationToken: request.verificationToken } : {}),
        amountMoney: { amount: BigInt(request.amountCents), currency: request.currency as "USD" },
        orderId: request.squareOrderId,
        referenceId: request.referenceId,
        locationId: env.square.locationId,
        buyerEmailAddress: request.buyerEmail,
        autocomplete: true,
      });
    });
    if (!payment?.id) throw new Error("Square answered a payment request without the payment");
    const result = toPayment(payment);
    return { kind: result.status === "COMPLETED" ? "paid" : "pending", payment: result };
  } catch (error) {
    if (isSquareError(error) && error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      const decline = error.errors.find((problem) => problem.category === "PAYMENT_METHOD_ERROR");
      if (decline) {
        // Error bodies come back as Square's raw JSON (snake_case); a decline carries the FAILED payment.
        const declined = (error.body as { payment?: RawPayment } | undefined)?.payment;
        return { kind: "declined", payment: declined?.id ? fromRawPayment(declined) : null, code: decline.code ?? "GENERIC_DECLINE" };
      }
      const first = error.errors[0];
      return { kind: "refused", code: first?.code ?? `HTTP_${error.statusCode}`, detail: first?.detail ?? error.message, retried: sendings > 1 };
    }
    if (error instanceof SquareUnavailableError && error.reason === "breaker_open" && sendings > 0) {
      // The breaker opened between retries: an earlier sending may have charged the card.
      throw new SquareUnavailableError("payments.create", "failing", { cause: error });
    }
    throw error;
  }
}

interface RawPayment {
  id?: string;
  order_id?: string;
  status?: string;
  amount_money?: { amount?: number; currency?: string };
  total_money?: { amount?: number; currency?: string };
  card_details?: { card?: { card_brand?: string; last_4?: string }; errors?: { code?: string }[] };
  receipt_url?: string;
}

function fromRawPayment(raw: RawPayment): SquarePayment {
  const money = raw.total_money ?? raw.amount_money;
  return {
    id: raw.id ?? "",
    orderId: raw.order_id ?? null,
    status: raw.status ?? "FAILED",
    amountCents: Number(money?.amount ?? 0),
    currency: money?.currency ?? "USD",
    cardBrand: raw.card_details?.card?.card_brand ?? null,
    cardLast4: raw.card_details?.card?.last_4 ?? null,
    receiptUrl: raw.receipt_url ?? null,
    errorCode: raw.card_details?.errors?.[0]?.code ?? null,
  };
}
