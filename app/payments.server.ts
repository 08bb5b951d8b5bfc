// Paying for an order through Square's hosted checkout (a payment link). The attempt row is written
// before Square is called and its id is the idempotency key, so any retry repeats the same request.
import { sql } from "./db.server";
import { createPaymentLink } from "./square.server";

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
