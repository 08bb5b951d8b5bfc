// The one door to Square: every call goes through here, with a timeout, the SDK's own retry policy
// (429/5xx/network, exponential backoff) and a log line per call.
import { SquareClient, SquareError } from "square";
import { env } from "./env.server";
import { logger } from "./logger.server";

export const square = new SquareClient({
  token: env.square.accessToken,
  environment: env.square.baseUrl,
  timeoutInSeconds: 15,
  maxRetries: 2,
});

async function squareCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await call();
    logger.info({ square: { operation, outcome: "ok", ms: Math.round(performance.now() - started) } }, "square call");
    return result;
  } catch (error) {
    const status = error instanceof SquareError ? error.statusCode : undefined;
    logger.warn(
      { square: { operation, outcome: "error", status, ms: Math.round(performance.now() - started) }, err: error },
      "square call failed",
    );
    throw error;
  }
}

export interface PaymentLinkRequest {
  idempotencyKey: string;
  referenceId: string;
  currency: string;
  lines: { name: string; quantity: number; unitPriceCents: number }[];
  redirectUrl: string;
  buyerEmail: string;
  note: string;
}

export interface CreatedPaymentLink {
  id: string;
  url: string;
  squareOrderId: string;
}

export async function createPaymentLink(request: PaymentLinkRequest): Promise<CreatedPaymentLink> {
  const response = await squareCall("payment_links.create", () =>
    square.checkout.paymentLinks.create({
      idempotencyKey: request.idempotencyKey,
      order: {
        locationId: env.square.locationId,
        referenceId: request.referenceId,
        lineItems: request.lines.map((line) => ({
          name: line.name,
          quantity: String(line.quantity),
          basePriceMoney: { amount: BigInt(line.unitPriceCents), currency: request.currency as "USD" },
        })),
      },
      checkoutOptions: { redirectUrl: request.redirectUrl },
      prePopulatedData: { buyerEmail: request.buyerEmail },
      paymentNote: request.note,
    }),
  );
  const link = response.paymentLink;
  if (!link?.id || !link.url || !link.orderId) {
    throw new Error("Square answered a payment link request without id, url or order id");
  }
  return { id: link.id, url: link.url, squareOrderId: link.orderId };
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
    if (!payment?.id) return null;
    return {
      id: payment.id,
      orderId: payment.orderId ?? null,
      status: payment.status ?? "PENDING",
      amountCents: Number(payment.totalMoney?.amount ?? payment.amountMoney?.amount ?? 0),
      currency: payment.totalMoney?.currency ?? payment.amountMoney?.currency ?? "USD",
      cardBrand: payment.cardDetails?.card?.cardBrand ?? null,
      cardLast4: payment.cardDetails?.card?.last4 ?? null,
      receiptUrl: payment.receiptUrl ?? null,
      errorCode: payment.cardDetails?.errors?.[0]?.code ?? null,
    };
  } catch (error) {
    if (error instanceof SquareError && error.statusCode === 404) return null;
    throw error;
  }
}
