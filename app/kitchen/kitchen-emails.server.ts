// The emails a customer gets as the kitchen works on their order: a new time, ready for pickup, out
// for delivery, delivered, shipped, or cancelled by the shop. Worded for the order's kind of fulfilment (a pickup is never
// "shipped"); queued by advance_order, one per step, and delivered by lib/email.server.ts.
import { sql } from "~/lib/db.server";
import type { RenderedEmail } from "~/lib/email.server";
import { formatPickupTime, formatTimeOfDay } from "~/lib/time";
import { getOrderWithItems } from "~/ordering/orders.server";
import { knownCarrier, trackingSentence, trackingUrl } from "./shipment-tracking";

export const KITCHEN_TEMPLATES = ["order_delayed", "order_ready", "order_out_for_delivery", "order_delivered", "order_shipped", "order_cancelled"] as const;
export type KitchenTemplate = (typeof KITCHEN_TEMPLATES)[number];

export function isKitchenTemplate(template: string): template is KitchenTemplate {
  return (KITCHEN_TEMPLATES as readonly string[]).includes(template);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

async function cancellationReason(orderId: number): Promise<string | null> {
  const [event] = await sql<{ message: string }[]>`
    select message from order_events where order_id = ${orderId} and type = 'cancelled' order by id desc limit 1`;
  return event?.message || null;
}

/** Whether the email belongs to staff adding or correcting tracking after the order shipped. */
async function isTrackingUpdate(orderEventId: number | null | undefined): Promise<boolean> {
  if (!orderEventId) return false;
  const [event] = await sql<{ type: string }[]>`select type from order_events where id = ${orderEventId}`;
  return event?.type === "tracking_updated";
}

export async function renderKitchenEmail(template: KitchenTemplate, orderId: number, shopUrl: string, orderEventId?: number | null): Promise<RenderedEmail> {
  const order = await getOrderWithItems(orderId);
  if (!order) throw new Error(`order ${orderId} not found`);
  const promised = order.promisedAt ? new Date(order.promisedAt) : null;
  const window = promised
    ? `${formatPickupTime(promised, order.timezone)}–${formatTimeOfDay(new Date(promised.getTime() + order.deliveryWindowMinutes * 60_000), order.timezone)}`
    : "";
  const at = `${order.locationName}, ${order.locationAddress}`;
  const reason = template === "order_cancelled" ? await cancellationReason(orderId) : null;
  // Shipped: the tracking as it is when the email is sent (set when shipped, or corrected since).
  const tracking = template === "order_shipped" ? trackingSentence(order.shipmentCarrier, order.trackingNumber) : null;
  const trackAt = template === "order_shipped" ? trackingUrl(order.shipmentCarrier, order.trackingNumber) : null;
  const trackingUpdate = template === "order_shipped" && (await isTrackingUpdate(orderEventId));
  const message: Record<KitchenTemplate, { subject: string; body: string }> = {
    order_delayed:
      order.fulfillment === "delivery"
        ? { subject: `Order #${order.number}: new delivery time ${window}`, body: `We need a little more time: your order will now arrive ${window}. Sorry for the wait!` }
        : {
            subject: `Order #${order.number}: ready at ${promised ? formatTimeOfDay(promised, order.timezone) : ""}`,
            body: `We need a little more time: your order will be ready for pickup at ${promised ? formatPickupTime(promised, order.timezone) : ""} at ${at}. Sorry for the wait!`,
          },
    order_ready: { subject: `Order #${order.number} is ready for pickup`, body: `Your order is ready! Pick it up at ${at}.` },
    order_out_for_delivery: { subject: `Order #${order.number} is on its way`, body: `Your order has left ${order.locationName} and is on its way to you (expected ${window}).` },
    order_delivered: { subject: `Order #${order.number} was delivered`, body: `Your order was delivered. Enjoy, and thank you for ordering from ${order.locationName}!` },
    order_shipped: trackingUpdate
      ? { subject: `Order #${order.number}: tracking for your parcel`, body: `Here is the tracking for your order from ${order.locationName}. ${tracking ?? ""}`.trim() }
      : { subject: `Order #${order.number} has shipped`, body: `Your order has shipped from ${order.locationName}.${tracking ? ` ${tracking}` : ""}` },
    order_cancelled: {
      subject: `Order #${order.number} was cancelled`,
      body: `${order.locationName} cancelled your order${reason ? `: ${reason}` : ""}. You have not been charged.`,
    },
  };
  const { subject, body } = message[template];
  const statusUrl = `${shopUrl}/orders/${order.publicToken}`;
  const text = [`Hi ${order.customerName},`, "", body, ...(trackAt ? ["", `Track your parcel: ${trackAt}`] : []), "", `Order status: ${statusUrl}`].join("\n");
  const html = `<p>Hi ${escapeHtml(order.customerName)},</p>
<p>${escapeHtml(body)}</p>
${trackAt ? `<p><a href="${escapeHtml(trackAt)}">Track your parcel with ${escapeHtml(knownCarrier(order.shipmentCarrier) ?? "the carrier")}</a></p>\n` : ""}<p><a href="${escapeHtml(statusUrl)}">See your order status</a></p>`;
  return { subject, text, html };
}

/** To an owner: a paid order nobody has accepted yet, with a link to the board. */
export async function renderUnacceptedOrderAlert(orderId: number, shopUrl: string): Promise<RenderedEmail> {
  const order = await getOrderWithItems(orderId);
  if (!order) throw new Error(`order ${orderId} not found`);
  const waited = order.paidAt ? Math.max(1, Math.round((Date.now() - new Date(order.paidAt).getTime()) / 60_000)) : null;
  const due = order.promisedAt ? ` for ${formatPickupTime(order.promisedAt, order.timezone)}` : "";
  const boardUrl = `${shopUrl}/admin/board`;
  const subject = `Order #${order.number} is waiting to be accepted`;
  const body = `Order #${order.number} from ${order.customerName} (${order.fulfillment}${due}) was paid${waited ? ` ${waited} minutes ago` : ""} and nobody has accepted it yet.`;
  const text = [body, "", `Open the order board: ${boardUrl}`].join("\n");
  const html = `<p>${escapeHtml(body)}</p>\n<p><a href="${escapeHtml(boardUrl)}">Open the order board</a></p>`;
  return { subject, text, html };
}
