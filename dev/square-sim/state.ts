// In-memory store of everything the simulator creates; `reset()` empties it (catalog and location are fixed).
import type { CardInput, CardOutcome } from "./cards";
import { IdempotencyStore } from "./idempotency";
import type { DigitalWallet, LedgerEntry, Order, Payment, PaymentLink, PaymentRefund, RefundLedgerEntry } from "./types";

/** A single-use card token from the Web Payments tokenizer. */
export interface CardToken {
  card: CardInput;
  outcome: CardOutcome;
  /** Verification details (intent CHARGE, amount, currency) came with tokenize(): Square has verified the buyer. */
  verified?: boolean;
  /** The payment that consumed it; any other CreatePayment with it is CARD_TOKEN_USED. */
  usedBy?: string;
  /** Tokenized by the Apple Pay or Google Pay stand-in rather than the card form. */
  wallet?: DigitalWallet;
}

export class SimState {
  readonly orders = new Map<string, Order>();
  readonly paymentLinks = new Map<string, PaymentLink>();
  /** Insertion order is creation order, which the ledger and ListPayments rely on. */
  readonly payments = new Map<string, Payment>();
  readonly refunds = new Map<string, PaymentRefund>();
  readonly cardTokens = new Map<string, CardToken>();
  /** CreatePayment idempotency key → payment id, for CancelPaymentByIdempotencyKey. */
  readonly paymentIdsByKey = new Map<string, string>();
  /** Payment id → the wallet its card came from, for the ledger (Square's payment itself only says CONTACTLESS). */
  readonly paymentWallets = new Map<string, DigitalWallet>();
  /** Square API requests answered (or faulted) per operation name, since start or reset: what a client cost Square. */
  readonly operationCounts = new Map<string, number>();
  readonly idempotency = new IdempotencyStore();

  reset(): void {
    this.orders.clear();
    this.paymentLinks.clear();
    this.payments.clear();
    this.refunds.clear();
    this.cardTokens.clear();
    this.paymentIdsByKey.clear();
    this.paymentWallets.clear();
    this.operationCounts.clear();
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
      refunded_amount: payment.refunded_money?.amount ?? 0,
      wallet: this.paymentWallets.get(payment.id) ?? null,
      created_at: payment.created_at,
    }));
  }

  refundLedger(): RefundLedgerEntry[] {
    return [...this.refunds.values()].map((refund) => ({
      id: refund.id,
      payment_id: refund.payment_id,
      order_id: refund.order_id,
      amount: refund.amount_money.amount,
      currency: refund.amount_money.currency,
      status: refund.status,
      reason: refund.reason ?? null,
      created_at: refund.created_at,
    }));
  }

  /** COMPLETED (captured) payments per order id: more than 1 for an order is a double charge. */
  capturedByOrder(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const payment of this.payments.values()) {
      if (payment.status === "COMPLETED") counts[payment.order_id] = (counts[payment.order_id] ?? 0) + 1;
    }
    return counts;
  }
}
