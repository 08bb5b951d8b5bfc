// What an order costs, as one type for order views, quotes and the totals table, and as receipt rows.
import { formatMoney, formatPercent } from "~/lib/money";

export interface OrderMoney {
  currency: string;
  subtotalCents: number;
  discountCents: number;
  promoCode: string | null;
  taxName: string | null;
  taxRateBps: number;
  taxInclusive: boolean;
  taxCents: number;
  deliveryFeeCents: number;
  shippingCents: number;
  tipCents: number;
  totalCents: number;
}

/** [label, amount] rows, as on a receipt; only the ones that apply. */
export function totalsLines(order: OrderMoney): [string, string][] {
  const money = (cents: number) => formatMoney(cents, order.currency);
  const rows: [string, string][] = [["Subtotal", money(order.subtotalCents)]];
  if (order.discountCents > 0) rows.push([`Discount${order.promoCode ? ` (${order.promoCode})` : ""}`, `−${money(order.discountCents)}`]);
  if (order.deliveryFeeCents > 0) rows.push(["Delivery fee", money(order.deliveryFeeCents)]);
  if (order.shippingCents > 0) rows.push(["Shipping", money(order.shippingCents)]);
  if (order.taxRateBps > 0) {
    rows.push([`${order.taxName ?? "Tax"} (${formatPercent(order.taxRateBps)}${order.taxInclusive ? ", included" : ""})`, money(order.taxCents)]);
  }
  if (order.tipCents > 0) rows.push(["Tip", money(order.tipCents)]);
  rows.push(["Total", money(order.totalCents)]);
  return rows;
}

/**
 * The tip a preset percentage adds, as price_order() computes it: the percentage of the subtotal
 * after the discount, rounded half to even to the cent (private.round_half_even).
 */
export function tipForPercent(money: Pick<OrderMoney, "subtotalCents" | "discountCents">, percent: number): number {
  const hundredths = Math.max(0, money.subtotalCents - money.discountCents) * percent;
  const cents = Math.floor(hundredths / 100);
  const rest = hundredths - cents * 100;
  if (rest > 50) return cents + 1;
  if (rest < 50) return cents;
  return cents + (cents % 2);
}
