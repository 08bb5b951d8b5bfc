// In-memory store of everything the simulator creates; `reset()` empties it (catalog and location are fixed).
import type { LedgerEntry, Order, Payment, PaymentLink } from "./types";

interface IdempotentResult {
  /** Canonical JSON of the first request body, to tell a replay from a reuse with another body. */
  fingerprint: string;
  response: unknown;
}

export class SimState {
  readonly orders = new Map<string, Order>();
  readonly paymentLinks = new Map<string, PaymentLink>();
  /** Insertion order is creation order, which the ledger and ListPayments rely on. */
  readonly payments = new Map<string, Payment>();
  readonly idempotency = new Map<string, IdempotentResult>();

  reset(): void {
    this.orders.clear();
    this.paymentLinks.clear();
    this.payments.clear();
    this.idempotency.clear();
  }

  ledger(): LedgerEntry[] {
    return [...this.payments.values()].map((payment) => ({
      id: payment.id,
      order_id: payment.order_id,
      reference_id: payment.reference_id ?? null,
      amount: payment.amount_money.amount,
      currency: payment.amount_money.currency,
      status: payment.status,
      created_at: payment.created_at,
    }));
  }
}

/** JSON with object keys sorted, so two bodies that differ only in key order count as the same request. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
