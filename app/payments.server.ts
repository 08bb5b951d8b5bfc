// Paying for an order through Square's hosted checkout (a payment link). The attempt row is written
// before Square is called and its id is the idempotency key, so any retry repeats the same request.
import type { TransactionSql } from "postgres";
import { sql, type Sql } from "./db.server";
import { createPaymentLink, type SquarePayment } from "./square.server";

type Queryable = Sql | TransactionSql<{ bigint: number }>;

interface PaymentAttemptRow {
  id: string;
  checkout_url: string | null;
}

export async function checkoutUrlForOrder(orderId: number, shopOrigin: string): Promise<string> {
  const [attempt] = await sql<PaymentAttemptRow[]>`select * from start_payment_link_attempt(${orderId})`;
  if (attempt.checkout_url) return attempt.checkout_url;

  const [order] = await sql<{ number: number; publicToken: string; currency: string; customerEmail: string }[]>`
    select number, public_token as "publicToken", currency, customer_email as "customerEmail"
      from orders where id = ${orderId}`;
  const lines = await sql<{ name: string; quantity: number; unitPriceCents: number }[]>`
    select product_name || ' (' || variant_name || ')' as name, quantity, unit_price_cents as "unitPriceCents"
      from order_items where order_id = ${orderId} order by id`;

  const link = await createPaymentLink({
    idempotencyKey: attempt.id,
    referenceId: `larder-${order.number}`,
    currency: order.currency,
    lines,
    redirectUrl: `${shopOrigin}/orders/${order.publicToken}`,
    buyerEmail: order.customerEmail,
    note: `Order #${order.number}`,
  });
  await sql`select record_payment_link(${attempt.id}, ${link.id}, ${link.url}, ${link.squareOrderId})`;
  return link.url;
}

/** What apply_square_payment did with a payment Square reported (see the migration). */
export type PaymentOutcome =
  | "paid" | "already_paid" | "needs_refund" | "failed" | "pending"
  | "duplicate_payment" | "amount_mismatch" | "unknown_payment";

export async function applySquarePayment(db: Queryable, payment: SquarePayment): Promise<PaymentOutcome> {
  const [{ outcome }] = await db<{ outcome: PaymentOutcome }[]>`
    select apply_square_payment(${payment.id}, ${payment.orderId}, ${payment.status}, ${payment.amountCents},
                                ${payment.currency}, ${payment.cardBrand}, ${payment.cardLast4},
                                ${payment.receiptUrl}, ${payment.errorCode}) as outcome`;
  return outcome;
}
