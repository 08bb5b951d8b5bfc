// Square orders: built from plain line items with totals computed in integer cents, closed when paid.
import { newLineItemUid, newOrderId } from "./ids";
import { CURRENCY, LOCATION_ID } from "./location";
import { money } from "./money";
import type { Order, OrderLineItem, Payment } from "./types";

export interface LineInput {
  name: string;
  quantity: number;
  unitPrice: number;
  note?: string;
  catalogObjectId?: string;
  variationName?: string;
}

export interface OrderInput {
  referenceId?: string;
  lines: LineInput[];
  fulfillments?: unknown[];
  metadata?: Record<string, string>;
  /** `source.name`: who created the order. */
  source?: string;
}

function buildLineItem(line: LineInput): OrderLineItem {
  const zero = money(0, CURRENCY);
  const gross = money(line.unitPrice * line.quantity, CURRENCY);
  return {
    uid: newLineItemUid(),
    name: line.name,
    quantity: String(line.quantity),
    ...(line.note !== undefined ? { note: line.note } : {}),
    ...(line.catalogObjectId !== undefined ? { catalog_object_id: line.catalogObjectId } : {}),
    ...(line.variationName !== undefined ? { variation_name: line.variationName } : {}),
    item_type: "ITEM",
    base_price_money: money(line.unitPrice, CURRENCY),
    variation_total_price_money: gross,
    gross_sales_money: gross,
    total_tax_money: zero,
    total_discount_money: zero,
    total_money: gross,
  };
}

export function createOrder(input: OrderInput, now: string): Order {
  const lineItems = input.lines.map(buildLineItem);
  const total = money(
    lineItems.reduce((sum, line) => sum + line.total_money.amount, 0),
    CURRENCY,
  );
  const zero = money(0, CURRENCY);
  return {
    id: newOrderId(),
    location_id: LOCATION_ID,
    ...(input.referenceId !== undefined ? { reference_id: input.referenceId } : {}),
    source: { name: input.source ?? "Square Simulator Online Checkout" },
    line_items: lineItems,
    ...(input.fulfillments ? { fulfillments: input.fulfillments } : {}),
    ...(input.metadata ? { metadata: input.metadata } : {}),
    net_amounts: {
      total_money: total,
      tax_money: zero,
      discount_money: zero,
      tip_money: zero,
      service_charge_money: zero,
    },
    total_money: total,
    total_tax_money: zero,
    total_discount_money: zero,
    total_tip_money: zero,
    total_service_charge_money: zero,
    net_amount_due_money: total,
    state: "OPEN",
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

export function isPaid(order: Order): boolean {
  return (order.tenders?.length ?? 0) > 0;
}

/**
 * Records the card tender and closes the order. Real Square leaves orders that carry fulfillments OPEN
 * until they are fulfilled; the simulator always completes, which is all a storefront reads.
 */
export function markOrderPaid(order: Order, payment: Payment, now: string): void {
  order.tenders = [
    {
      id: payment.id,
      location_id: order.location_id,
      transaction_id: order.id,
      created_at: now,
      amount_money: payment.amount_money,
      type: "CARD",
      card_details: {
        status: "CAPTURED",
        card: { card_brand: payment.card_details.card.card_brand, last_4: payment.card_details.card.last_4 },
        entry_method: "KEYED",
      },
      payment_id: payment.id,
    },
  ];
  order.net_amount_due_money = money(0, order.total_money.currency);
  order.state = "COMPLETED";
  order.closed_at = now;
  order.updated_at = now;
  order.version += 1;
}
