// The emails a customer gets about their order, rendered from the database: the confirmation once it
// is paid (or, taken by staff to be paid at pickup, once it is placed), the payment link staff send
// for a phone order, and a refund's. Delivery is lib/email.server.ts's.
import type { RenderedEmail } from "~/lib/email.server";
import { sql } from "~/lib/db.server";
import { formatMoney } from "~/lib/money";
import { describeFulfillment } from "~/fulfillment/fulfillment";
import { totalsLines } from "./order-money";
import { getOrderWithItems } from "./orders.server";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export async function renderOrderConfirmation(orderId: number, shopUrl: string): Promise<RenderedEmail> {
  const order = await getOrderWithItems(orderId);
  if (!order) throw new Error(`order ${orderId} not found`);
  const money = (cents: number) => formatMoney(cents, order.currency);
  const statusUrl = `${shopUrl}/orders/${order.publicToken}`;
  const lines = order.items.map((item) => {
    const choices = item.modifiers.map((modifier) => `${modifier.list}: ${modifier.name}${modifier.priceCents > 0 ? ` +${money(modifier.priceCents)}` : ""}`);
    return `${item.quantity} × ${item.productName} (${item.variantName})${choices.length ? ` [${choices.join("; ")}]` : ""} — ${money(item.lineTotalCents)}`;
  });
  const owing = order.paidAt === null;
  const amounts = totalsLines(order).map(([label, amount]): [string, string] => [
    label === "Total" ? (owing ? "To pay at pickup" : "Total paid") : label, amount]);
  const fulfillment = describeFulfillment(order);
  const subject = `Order #${order.number} confirmed — ${fulfillment.headline}`;
  const thanks = owing
    ? `Thank you! We have your order #${order.number}. Please pay when you collect it (cash or card).`
    : `Thank you! We have your payment for order #${order.number}.`;
  const text = [
    `Hi ${order.customerName},`,
    "",
    thanks,
    "",
    ...lines,
    ...(order.customerNote ? ["", `Your note for the kitchen: ${order.customerNote}`] : []),
    "",
    ...amounts.map(([label, amount]) => `${label}: ${amount}`),
    "",
    fulfillment.sentence,
    `Order status: ${statusUrl}`,
  ].join("\n");
  const html = `<p>Hi ${escapeHtml(order.customerName)},</p>
<p>${escapeHtml(thanks)}</p>
<ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>
${order.customerNote ? `<p>Your note for the kitchen: ${escapeHtml(order.customerNote)}</p>\n` : ""}<table>${amounts.map(([label, amount]) => `<tr><th align="left">${escapeHtml(label)}</th><td align="right">${escapeHtml(amount)}</td></tr>`).join("")}</table>
<p>${escapeHtml(fulfillment.sentence)}</p>
<p><a href="${escapeHtml(statusUrl)}">See your order status</a></p>`;
  return { subject, text, html };
}

/** The Square payment link staff sent for an order taken by phone (the link is on the sending event). */
export async function renderPaymentLink(orderId: number, orderEventId: number, shopUrl: string): Promise<RenderedEmail> {
  const order = await getOrderWithItems(orderId);
  if (!order) throw new Error(`order ${orderId} not found`);
  const [event] = await sql<{ url: string }[]>`
    select detail ->> 'checkout_url' as url from order_events
     where id = ${orderEventId} and order_id = ${orderId} and type = 'payment_link_sent'`;
  if (!event?.url) throw new Error(`order ${orderId}: event ${orderEventId} is not a payment link`);
  const money = (cents: number) => formatMoney(cents, order.currency);
  const lines = order.items.map((item) => `${item.quantity} × ${item.productName} (${item.variantName}) — ${money(item.lineTotalCents)}`);
  const fulfillment = describeFulfillment(order);
  const subject = `Pay for order #${order.number} — ${money(order.totalCents)}`;
  const text = [
    `Hi ${order.customerName},`,
    "",
    `Here is the link to pay for the order you placed with ${order.locationName} (order #${order.number}, ${money(order.totalCents)}):`,
    event.url,
    "",
    ...lines,
    "",
    fulfillment.sentence,
    `Order status: ${shopUrl}/orders/${order.publicToken}`,
  ].join("\n");
  const html = `<p>Hi ${escapeHtml(order.customerName)},</p>
<p>Here is the link to pay for the order you placed with ${escapeHtml(order.locationName)} (order #${order.number}, ${escapeHtml(money(order.totalCents))}):</p>
<p><a href="${escapeHtml(event.url)}">Pay ${escapeHtml(money(order.totalCents))} securely with Square</a></p>
<ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>
<p>${escapeHtml(fulfillment.sentence)}</p>`;
  return { subject, text, html };
}

export async function renderRefundConfirmation(refundId: string, shopUrl: string): Promise<RenderedEmail> {
  const [refund] = await sql<{ number: number; customerName: string; publicToken: string; amountCents: number; currency: string; reason: string; state: string; locationName: string }[]>`
    select o.number, o.customer_name as "customerName", o.public_token as "publicToken", r.amount_cents as "amountCents",
           r.currency, r.reason, o.state, l.name as "locationName"
      from refunds r join orders o on o.id = r.order_id join locations l on l.id = o.location_id
     where r.id = ${refundId}`;
  if (!refund) throw new Error(`refund ${refundId} not found`);
  const amount = formatMoney(refund.amountCents, refund.currency);
  const statusUrl = `${shopUrl}/orders/${refund.publicToken}`;
  const subject = `Refund of ${amount} for order #${refund.number}`;
  const text = [
    `Hi ${refund.customerName},`,
    "",
    `${refund.locationName} has refunded ${amount} for order #${refund.number}.`,
    `Reason: ${refund.reason}`,
    "",
    "The money goes back to the card you paid with; banks usually show it within 5 to 10 business days.",
    `Order status: ${statusUrl}`,
  ].join("\n");
  const html = `<p>Hi ${escapeHtml(refund.customerName)},</p>
<p>${escapeHtml(refund.locationName)} has refunded <strong>${escapeHtml(amount)}</strong> for order #${refund.number}.</p>
<p>Reason: ${escapeHtml(refund.reason)}</p>
<p>The money goes back to the card you paid with; banks usually show it within 5 to 10 business days.</p>
<p><a href="${escapeHtml(statusUrl)}">See your order status</a></p>`;
  return { subject, text, html };
}
