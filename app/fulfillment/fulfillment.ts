// How an order reaches its customer and what it cost, in words: the order page, emails, admin.
import { formatMoney, formatPercent } from "~/lib/money";
import { formatDay, formatPickupTime, formatTimeOfDay } from "~/lib/time";

export interface FulfillmentDetails {
  fulfillment: "pickup" | "delivery" | "shipping";
  pickupAt: string | Date | null;
  deliveryAt: string | Date | null;
  shipOn: string | null;
  address: { line1: string; line2: string | null; city: string | null; region: string | null; postalCode: string } | null;
  locationName: string;
  locationAddress: string;
  timezone: string;
}

/** Delivery windows are an hour unless the location says otherwise; the order keeps only the start. */
export function describeFulfillment(order: FulfillmentDetails, windowMinutes = 60): { headline: string; sentence: string } {
  const address = order.address
    ? [order.address.line1, order.address.line2, order.address.city, order.address.region, order.address.postalCode].filter(Boolean).join(", ")
    : "";
  if (order.fulfillment === "delivery" && order.deliveryAt) {
    const start = new Date(order.deliveryAt);
    const window = `${formatPickupTime(start, order.timezone)}–${formatTimeOfDay(new Date(start.getTime() + windowMinutes * 60_000), order.timezone)}`;
    return { headline: `delivery ${window}`, sentence: `Delivery: ${window} to ${address}` };
  }
  if (order.fulfillment === "shipping" && order.shipOn) {
    const day = formatDay(order.shipOn);
    return { headline: `ships ${day}`, sentence: `Shipping: we send it on ${day} to ${address}` };
  }
  const pickup = order.pickupAt ? formatPickupTime(order.pickupAt, order.timezone) : "";
  return { headline: `pickup ${pickup}`, sentence: `Pickup: ${pickup} at ${order.locationName}, ${order.locationAddress}` };
}

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
