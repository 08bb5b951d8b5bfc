// The owners' email when a payment came for an order Larder had already cancelled (its payment link
// paid as it expired, a card answer that came late) and was refunded automatically
// (refund_late_payment): what happened, how much, and where to look.
import { sql } from "~/lib/db.server";
import type { RenderedEmail } from "~/lib/email.server";
import { formatMoney } from "~/lib/money";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export async function renderLatePaymentRefunded(orderId: number, refundId: string, shopUrl: string): Promise<RenderedEmail> {
  const [row] = await sql<{ number: number; amountCents: number; currency: string; squarePaymentId: string }[]>`
    select o.number, r.amount_cents as "amountCents", r.currency, p.square_payment_id as "squarePaymentId"
      from refunds r join orders o on o.id = r.order_id join payments p on p.id = r.payment_id
     where r.id = ${refundId} and r.order_id = ${orderId}`;
  if (!row) throw new Error(`refund ${refundId} of order ${orderId} not found`);
  const orderUrl = `${shopUrl}/admin/orders/${row.number}`;
  const amount = formatMoney(row.amountCents, row.currency);
  const subject = `Order #${row.number}: a late payment of ${amount} is being refunded`;
  const body =
    `Order #${row.number} had already been cancelled when Square took a payment of ${amount} for it ` +
    `(Square payment ${row.squarePaymentId}). Larder is refunding it in full automatically; nothing was made or held for it.`;
  const text = [body, "", `See the order and its refund: ${orderUrl}`].join("\n");
  const html = `<p>${escapeHtml(body)}</p>\n<p><a href="${escapeHtml(orderUrl)}">See the order and its refund</a></p>`;
  return { subject, text, html };
}
