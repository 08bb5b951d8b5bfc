// The webhook events Square sends, each carrying a snapshot of the object as it was when the event happened.
import { newEventId } from "./ids";
import { MERCHANT_ID } from "./location";
import type { InventoryCount, Order, Payment, PaymentRefund, WebhookEvent } from "./types";

function event(type: WebhookEvent["type"], data: WebhookEvent["data"], now: string): WebhookEvent {
  return { merchant_id: MERCHANT_ID, type, event_id: newEventId(), created_at: now, data: structuredClone(data) };
}

export function paymentEvent(type: "payment.created" | "payment.updated", payment: Payment, now: string): WebhookEvent {
  return event(type, { type: "payment", id: payment.id, object: { payment } }, now);
}

/** Square's order.updated carries a summary (id, state, version), not the order itself. */
export function orderUpdatedEvent(order: Order, now: string): WebhookEvent {
  const summary = {
    order_id: order.id,
    version: order.version,
    location_id: order.location_id,
    state: order.state,
    created_at: order.created_at,
    updated_at: order.updated_at,
  };
  return event("order.updated", { type: "order_updated", id: order.id, object: { order_updated: summary } }, now);
}

export function refundEvent(
  type: "refund.created" | "refund.updated",
  refund: PaymentRefund,
  now: string
): WebhookEvent {
  return event(type, { type: "refund", id: refund.id, object: { refund } }, now);
}

/** Square's catalog.version.updated: only when the catalog changed; the receiver searches for what changed. */
export function catalogVersionUpdatedEvent(updatedAt: string, now: string): WebhookEvent {
  return event("catalog.version.updated", { type: "catalog", id: "", object: { catalog_version: { updated_at: updatedAt } } }, now);
}

/** Square's inventory.count.updated: the counts that changed, as they were then. */
export function inventoryCountUpdatedEvent(counts: InventoryCount[], now: string): WebhookEvent {
  return event("inventory.count.updated", { type: "inventory_counts", id: newEventId(), object: { inventory_counts: counts } }, now);
}
