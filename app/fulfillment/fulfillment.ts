// How an order reaches its customer, in words: the order page, emails, admin.
import { formatDay, formatPickupTime, formatTimeOfDay, zoneAbbreviation } from "~/lib/time";

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

/**
 * Delivery windows are an hour unless the location says otherwise; the order keeps only the start.
 * withZone: times end with the shop's zone ("12:40 PM CST"), for a reader whose clock may differ.
 */
export function describeFulfillment(order: FulfillmentDetails, windowMinutes = 60, withZone = false): { headline: string; sentence: string } {
  const zone = (at: string | Date) => (withZone ? ` ${zoneAbbreviation(at, order.timezone)}` : "");
  const address = order.address
    ? [order.address.line1, order.address.line2, order.address.city, order.address.region, order.address.postalCode].filter(Boolean).join(", ")
    : "";
  if (order.fulfillment === "delivery" && order.deliveryAt) {
    const start = new Date(order.deliveryAt);
    const window = `${formatPickupTime(start, order.timezone)}–${formatTimeOfDay(new Date(start.getTime() + windowMinutes * 60_000), order.timezone)}${zone(start)}`;
    return { headline: `delivery ${window}`, sentence: `Delivery: ${window} to ${address}` };
  }
  if (order.fulfillment === "shipping" && order.shipOn) {
    const day = formatDay(order.shipOn);
    return { headline: `ships ${day}`, sentence: `Shipping: we send it on ${day} to ${address}` };
  }
  const pickup = order.pickupAt ? `${formatPickupTime(order.pickupAt, order.timezone)}${zone(order.pickupAt)}` : "";
  return { headline: `pickup ${pickup}`, sentence: `Pickup: ${pickup} at ${order.locationName}, ${order.locationAddress}` };
}
