// The one door to Square. Every call has a timeout, is retried (429, 5xx, network errors and
// timeouts only; exponential backoff with jitter, honouring Retry-After) by this module alone — the
// SDK's own retries are off — goes through a circuit breaker per operation family, and is logged
// and counted per attempt. Retrying is safe because every mutating call carries an idempotency key.
import { type Square, SquareClient, SquareError, SquareTimeoutError } from "square";
import { CircuitBreaker, type BreakerState } from "~/lib/circuit-breaker";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { metrics } from "~/lib/metrics.server";
import { isRetryableStatus, parseRetryAfter, retryDelayMs } from "~/lib/retry-policy";

export const square = new SquareClient({
  token: env.square.accessToken,
  environment: env.square.baseUrl,
  timeoutInSeconds: env.square.timeoutSeconds,
  maxRetries: 0,
});

/** Square cannot be used right now (breaker open, or still failing after retries); try later. */
export class SquareUnavailableError extends Error {
  constructor(
    readonly operation: string,
    readonly reason: "breaker_open" | "failing",
    options?: { cause?: unknown },
  ) {
    super(reason === "breaker_open" ? `Square ${operation} refused: circuit open` : `Square ${operation} kept failing`, options);
  }
}

const breakerLevels: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };
declare global {
  // One breaker per family per process, shared by every copy of this module (server.ts, the
  // Remix build and the in-process worker each load it).
  var __larderSquareBreakers: Map<string, CircuitBreaker> | undefined;
}
const breakers = (globalThis.__larderSquareBreakers ??= new Map<string, CircuitBreaker>());

function breakerFor(family: string): CircuitBreaker {
  let breaker = breakers.get(family);
  if (!breaker) {
    breaker = new CircuitBreaker({
      failureThreshold: env.square.breakerThreshold,
      cooldownMs: env.square.breakerCooldownMs,
      onStateChange: (state) => {
        metrics.squareBreakerState.set({ family }, breakerLevels[state]);
        logger.warn({ square: { family, breaker: state } }, "square circuit breaker changed state");
      },
    });
    metrics.squareBreakerState.set({ family }, 0);
    breakers.set(family, breaker);
  }
  return breaker;
}

/** What the browser needs to show Square's card form (public values only). */
export function webPaymentsConfig() {
  return { scriptUrl: env.square.webPaymentsScriptUrl, applicationId: env.square.applicationId, locationId: env.square.locationId };
}

/** Breaker state per operation family, for health pages and checkout. */
export function squareBreakerStates(): Record<string, BreakerState> {
  return Object.fromEntries([...breakers].map(([family, breaker]) => [family, breaker.state]));
}

export function isSquareAvailable(family: string): boolean {
  return breakerFor(family).state !== "open";
}

interface Failure {
  retryable: boolean;
  status?: number;
  retryAfterSeconds: number | null;
}

function classify(error: unknown): Failure {
  if (error instanceof SquareTimeoutError) return { retryable: true, retryAfterSeconds: null };
  if (error instanceof SquareError) {
    const retryAfter = parseRetryAfter(error.rawResponse?.headers?.get?.("retry-after"));
    // No status means the request never got an answer (connection refused or reset).
    return { retryable: error.statusCode === undefined || isRetryableStatus(error.statusCode), status: error.statusCode, retryAfterSeconds: retryAfter };
  }
  return { retryable: true, retryAfterSeconds: null };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function squareCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  const family = operation.split(".")[0];
  const breaker = breakerFor(family);
  const policy = { maxAttempts: env.square.maxAttempts, baseDelayMs: 200, maxDelayMs: 5_000 };
  for (let attempt = 1; ; attempt++) {
    if (!breaker.tryAcquire()) {
      metrics.squareCalls.inc({ operation, outcome: "breaker_open" });
      logger.warn({ square: { operation, attempt, outcome: "breaker_open" } }, "square call refused");
      throw new SquareUnavailableError(operation, "breaker_open");
    }
    const started = performance.now();
    try {
      const result = await call();
      const seconds = (performance.now() - started) / 1000;
      breaker.recordSuccess();
      metrics.squareCalls.inc({ operation, outcome: "ok" });
      metrics.squareCallDuration.observe({ operation }, seconds);
      logger.info({ square: { operation, attempt, outcome: "ok", ms: Math.round(seconds * 1000) } }, "square call");
      return result;
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      const failure = classify(error);
      metrics.squareCallDuration.observe({ operation }, seconds);
      metrics.squareCalls.inc({ operation, outcome: failure.retryable ? "retryable_error" : "client_error" });
      const log = { square: { operation, attempt, outcome: failure.retryable ? "retryable_error" : "client_error", status: failure.status, ms: Math.round(seconds * 1000) }, err: error };
      if (!failure.retryable) {
        // Square answered and refused this request (4xx): Square itself is fine.
        breaker.release();
        logger.warn(log, "square call refused");
        throw error;
      }
      breaker.recordFailure();
      if (attempt >= policy.maxAttempts) {
        logger.error(log, "square call failed");
        throw new SquareUnavailableError(operation, "failing", { cause: error });
      }
      logger.warn(log, "square call failed; retrying");
      await sleep(retryDelayMs(policy, attempt, failure.retryAfterSeconds));
    }
  }
}

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

export type CatalogObject = Square.CatalogObject;
export type InventoryCount = Square.InventoryCount;

/** One ListCatalog page of the given types (a comma list; nested types only when named). */
export async function listCatalogPage(types: string, cursor?: string): Promise<{ objects: CatalogObject[]; cursor?: string }> {
  const page = await squareCall("catalog.list", () => square.catalog.list({ types, cursor }));
  return { objects: page.data, cursor: page.response.cursor || undefined };
}

/**
 * One SearchCatalogObjects page: objects of `objectTypes` changed after `beginTime` (Square's own
 * `latest_time` from an earlier search, never our clock), deleted ones included when asked.
 */
export async function searchCatalogPage(request: {
  objectTypes: Square.CatalogObjectType[];
  beginTime?: string;
  includeDeletedObjects?: boolean;
  cursor?: string;
  limit?: number;
}): Promise<{ objects: CatalogObject[]; cursor?: string; latestTime: string | null }> {
  const response = await squareCall("catalog.search", () => square.catalog.search(request));
  return { objects: response.objects ?? [], cursor: response.cursor || undefined, latestTime: response.latestTime ?? null };
}

/** One BatchRetrieveInventoryCounts page of IN_STOCK counts for these variations at these locations. */
export async function retrieveInventoryCountsPage(request: {
  catalogObjectIds: string[];
  locationIds: string[];
  cursor?: string;
}): Promise<{ counts: InventoryCount[]; cursor?: string }> {
  const page = await squareCall("inventory.batch_retrieve_counts", () =>
    square.inventory.batchGetCounts({ ...request, states: ["IN_STOCK"] }),
  );
  return { counts: page.data, cursor: page.response.cursor || undefined };
}
