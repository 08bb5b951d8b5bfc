// Square orders: line items with modifiers, ORDER-scoped discounts and taxes and service charges,
// priced as Square prices them (order-pricing.ts), closed when paid.
import { newLineItemUid, newOrderId } from "./ids";
import { CURRENCY, LOCATION_ID } from "./location";
import { money } from "./money";
import { priceOrder } from "./order-pricing";
import type { Order, OrderLineItem, Payment } from "./types";

export interface LineInput {
  name: string;
  quantity: number;
  unitPrice: number;
  modifiers?: { name: string; price: number; catalogObjectId?: string }[];
  note?: string;
  catalogObjectId?: string;
  variationName?: string;
}

export interface DiscountInput {
  uid?: string;
  name: string;
  type: "FIXED_PERCENTAGE" | "FIXED_AMOUNT";
  percentage?: string;
  amount?: number;
}

export interface TaxInput {
  uid?: string;
  name: string;
  type: "ADDITIVE" | "INCLUSIVE";
  percentage: string;
}

export interface ServiceChargeInput {
  uid?: string;
  name: string;
  amount: number;
  phase: "SUBTOTAL_PHASE" | "TOTAL_PHASE";
}

export interface OrderInput {
  referenceId?: string;
  lines: LineInput[];
  discounts?: DiscountInput[];
  taxes?: TaxInput[];
  serviceCharges?: ServiceChargeInput[];
  fulfillments?: unknown[];
  metadata?: Record<string, string>;
  /** `source.name`: who created the order. */
  source?: string;
}

/** Builds the order with every total computed as Square's Orders API would (see order-pricing.ts). */
export function createOrder(input: OrderInput, now: string): Order {
  const discounts = (input.discounts ?? []).map((discount) => ({ ...discount, uid: discount.uid ?? newLineItemUid() }));
  const taxes = (input.taxes ?? []).map((tax) => ({ ...tax, uid: tax.uid ?? newLineItemUid() }));
  const charges = (input.serviceCharges ?? []).map((charge) => ({ ...charge, uid: charge.uid ?? newLineItemUid() }));
  const priced = priceOrder(
    input.lines.map((line) => ({ unitPrice: line.unitPrice, modifiers: (line.modifiers ?? []).map((m) => m.price), quantity: line.quantity })),
    discounts,
    taxes,
    charges.map((charge) => charge.amount),
  );
  const usd = (amount: number) => money(amount, CURRENCY);
  const lineItems: OrderLineItem[] = input.lines.map((line, i) => {
    const lineTotals = priced.lines[i];
    const unitWithModifiers = line.unitPrice + (line.modifiers ?? []).reduce((sum, m) => sum + m.price, 0);
    return {
      uid: newLineItemUid(),
      name: line.name,
      quantity: String(line.quantity),
      ...(line.note !== undefined ? { note: line.note } : {}),
      ...(line.catalogObjectId !== undefined ? { catalog_object_id: line.catalogObjectId } : {}),
      ...(line.variationName !== undefined ? { variation_name: line.variationName } : {}),
      item_type: "ITEM",
      base_price_money: usd(line.unitPrice),
      ...(line.modifiers?.length
        ? {
            modifiers: line.modifiers.map((modifier) => ({
              uid: newLineItemUid(),
              ...(modifier.catalogObjectId !== undefined ? { catalog_object_id: modifier.catalogObjectId } : {}),
              name: modifier.name,
              quantity: "1",
              base_price_money: usd(modifier.price),
              total_price_money: usd(modifier.price * line.quantity),
            })),
          }
        : {}),
      ...(discounts.length
        ? { applied_discounts: discounts.map((discount, d) => ({ uid: newLineItemUid(), discount_uid: discount.uid, applied_money: usd(lineTotals.discounts[d]) })) }
        : {}),
      ...(taxes.length
        ? { applied_taxes: taxes.map((tax, t) => ({ uid: newLineItemUid(), tax_uid: tax.uid, applied_money: usd(lineTotals.taxes[t]) })) }
        : {}),
      variation_total_price_money: usd(line.unitPrice * line.quantity),
      gross_sales_money: usd(unitWithModifiers * line.quantity),
      total_tax_money: usd(lineTotals.taxTotal),
      total_discount_money: usd(lineTotals.discountTotal),
      total_money: usd(lineTotals.total),
    };
  });
  const total = usd(priced.total);
  return {
    id: newOrderId(),
    location_id: LOCATION_ID,
    ...(input.referenceId !== undefined ? { reference_id: input.referenceId } : {}),
    source: { name: input.source ?? "Square Simulator Online Checkout" },
    line_items: lineItems,
    ...(discounts.length
      ? {
          discounts: discounts.map((discount, d) => ({
            uid: discount.uid,
            name: discount.name,
            type: discount.type,
            ...(discount.type === "FIXED_PERCENTAGE" ? { percentage: discount.percentage } : { amount_money: usd(discount.amount ?? 0) }),
            applied_money: usd(priced.discountApplied[d]),
            scope: "ORDER" as const,
          })),
        }
      : {}),
    ...(taxes.length
      ? {
          taxes: taxes.map((tax, t) => ({
            uid: tax.uid, name: tax.name, type: tax.type, percentage: tax.percentage,
            applied_money: usd(priced.taxApplied[t]), scope: "ORDER" as const,
          })),
        }
      : {}),
    ...(charges.length
      ? {
          service_charges: charges.map((charge) => ({
            uid: charge.uid, name: charge.name, amount_money: usd(charge.amount), applied_money: usd(charge.amount),
            calculation_phase: charge.phase, taxable: false, total_money: usd(charge.amount), total_tax_money: usd(0),
          })),
        }
      : {}),
    ...(input.fulfillments ? { fulfillments: input.fulfillments } : {}),
    ...(input.metadata ? { metadata: input.metadata } : {}),
    net_amounts: {
      total_money: total,
      tax_money: usd(priced.taxTotal),
      discount_money: usd(priced.discountTotal),
      tip_money: usd(0),
      service_charge_money: usd(priced.serviceCharges),
    },
    total_money: total,
    total_tax_money: usd(priced.taxTotal),
    total_discount_money: usd(priced.discountTotal),
    total_tip_money: usd(0),
    total_service_charge_money: usd(priced.serviceCharges),
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
        entry_method: payment.card_details.entry_method,
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
