// Square's payment side as Larder calls it: payment links (hosted checkout), card payments, the
// payments and refunds Square recorded, and the Square orders they are for. Every call goes through
// the gateway's squareCall (timeout, retries, breaker, logs, metrics); none runs inside a transaction.
import { SquareError, type Square } from "square";
import { env } from "~/lib/env.server";
import { square, squareCall } from "./square.server";

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
  const response = await squareCall("payment_links.create", () =>
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
  const total = response.relatedResources?.orders?.find((order) => order.id === link.orderId)?.totalMoney?.amount;
  return { id: link.id, url: link.url, squareOrderId: link.orderId, totalCents: total === undefined ? null : Number(total) };
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
    const { payment } = await squareCall("payments.get", () => square.payments.get({ paymentId }));
    return payment?.id ? toPayment(payment) : null;
  } catch (error) {
    if (error instanceof SquareError && error.statusCode === 404) return null;
    throw error;
  }
}

/** The payments Square has recorded against one of its orders (its tenders). */
export async function getSquareOrderPaymentIds(squareOrderId: string): Promise<string[]> {
  try {
    const { order } = await squareCall("orders.get", () => square.orders.get({ orderId: squareOrderId }));
    return (order?.tenders ?? []).map((tender) => tender.paymentId ?? tender.id).filter((id): id is string => Boolean(id));
  } catch (error) {
    if (error instanceof SquareError && error.statusCode === 404) return [];
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
  const { refund } = await squareCall("refunds.create", () =>
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
    const { refund } = await squareCall("refunds.get", () => square.refunds.get({ refundId }));
    return refund ? toRefund(refund) : null;
  } catch (error) {
    if (error instanceof SquareError && error.statusCode === 404) return null;
    throw error;
  }
}

/** Mirrors a Larder order as a Square order, so Square's POS and reports see the sale. */
export async function createSquareOrder(request: { idempotencyKey: string; order: SquareOrderDraft }): Promise<{ id: string; totalCents: number }> {
  const { order } = await squareCall("orders.create", () =>
    square.orders.create({
      idempotencyKey: request.idempotencyKey,
      order: { ...request.order, locationId: env.square.locationId },
    }),
  );
  if (!order?.id) throw new Error("Square answered an order request without the order");
  return { id: order.id, totalCents: Number(order.totalMoney?.amount ?? 0) };
}

function toPayment(payment: NonNullable<Awaited<ReturnType<typeof square.payments.get>>["payment"]>): SquarePayment {
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
  | { kind: "declined"; payment: SquarePayment | null; code: string; message: string };

/**
 * Charges a card token (from the Web Payments SDK) against a Square order. A decline is an answer,
 * not an error; an error (SquareUnavailableError, or a 4xx about the request) means the outcome
 * was not learned from this call.
 */
export async function createCardPayment(request: {
  idempotencyKey: string;
  sourceId: string;
  amountCents: number;
  currency: string;
  squareOrderId: string;
  referenceId: string;
  buyerEmail: string;
}): Promise<CardPaymentResult> {
  try {
    const { payment } = await squareCall("payments.create", () =>
      square.payments.create({
        idempotencyKey: request.idempotencyKey,
        sourceId: request.sourceId,
        amountMoney: { amount: BigInt(request.amountCents), currency: request.currency as "USD" },
        orderId: request.squareOrderId,
        referenceId: request.referenceId,
        locationId: env.square.locationId,
        buyerEmailAddress: request.buyerEmail,
        autocomplete: true,
      }),
    );
    if (!payment?.id) throw new Error("Square answered a payment request without the payment");
    const result = toPayment(payment);
    return { kind: result.status === "COMPLETED" ? "paid" : "pending", payment: result };
  } catch (error) {
    if (error instanceof SquareError && error.statusCode === 402) {
      // Error bodies come back as Square's raw JSON (snake_case); a decline carries the FAILED payment.
      const declined = (error.body as { payment?: RawPayment } | undefined)?.payment;
      const first = error.errors[0];
      return {
        kind: "declined",
        payment: declined?.id ? fromRawPayment(declined) : null,
        code: first?.code ?? "GENERIC_DECLINE",
        message: declineMessage(first?.code),
      };
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

const declineMessages: Record<string, string> = {
  GENERIC_DECLINE: "Your card was declined.",
  INSUFFICIENT_FUNDS: "Your card was declined for insufficient funds.",
  CVV_FAILURE: "The card's security code (CVV) was not accepted.",
  ADDRESS_VERIFICATION_FAILURE: "The postal code did not match the card.",
  INVALID_EXPIRATION: "The card's expiration date is not valid.",
  CARD_EXPIRED: "The card has expired.",
  INVALID_CARD: "The card number is not valid.",
  CARD_NOT_SUPPORTED: "This card type is not accepted.",
  TRANSACTION_LIMIT: "The card's transaction limit was reached.",
};

function declineMessage(code: string | undefined): string {
  return declineMessages[code ?? ""] ?? "Your card was declined.";
}
