// Checkout: how the order can be fulfilled (pickup slots, delivery windows and zones, shipping
// days), what it will cost with the customer's choices, and turning the cart into an order.
import { createHash } from "node:crypto";
import { sql } from "~/lib/db.server";
import type { OrderMoney } from "./order-money";
import { metrics } from "~/lib/metrics.server";

export type Fulfillment = "pickup" | "delivery" | "shipping";

export interface DeliveryZoneSummary {
  name: string;
  feeCents: number;
  minimumCents: number;
}

export interface CheckoutOptions {
  location: {
    id: number;
    name: string;
    address: string;
    timezone: string;
    currency: string;
    tipsEnabled: boolean;
    tipPercentages: number[];
    /** A pickup slot this soon from now is the soonest the kitchen can be ready: offered as "as soon as possible". */
    pickupAsapMinutes: number;
  };
  pickupSlots: string[];
  delivery: { windows: string[]; windowMinutes: number; zones: DeliveryZoneSummary[] } | null;
  shipping: { days: string[]; flatCents: number } | null;
}

/**
 * What the shop's location offers now; null when the shop has no active location. Given the cart,
 * only the times and days its items fit in the daily item limits (cart_slots, cart_shipping_days).
 */
export async function getCheckoutOptions(cartId?: string): Promise<CheckoutOptions | null> {
  const [location] = await sql<(CheckoutOptions["location"] & {
    deliveryEnabled: boolean; deliveryWindowMinutes: number; shippingEnabled: boolean; shippingFlatCents: number;
  })[]>`
    select id, name, address, timezone, currency, tips_enabled as "tipsEnabled", tip_percentages as "tipPercentages",
           pickup_lead_minutes + pickup_slot_minutes
             + case when busy_until > now() then busy_extra_minutes else 0 end as "pickupAsapMinutes",
           delivery_enabled as "deliveryEnabled", delivery_window_minutes as "deliveryWindowMinutes",
           shipping_enabled as "shippingEnabled", shipping_flat_cents as "shippingFlatCents"
      from locations where id = shop_location_id()`;
  if (!location) return null;
  const slots = (kind: "pickup" | "delivery") => cartId
    ? sql<{ slot: Date }[]>`select s as slot from cart_slots(${cartId}, ${location.id}, ${kind}) s`
    : sql<{ slot: Date }[]>`select s as slot from fulfillment_slots(${location.id}, ${kind}) s`;
  const [pickup, windows, zones, days] = await Promise.all([
    slots("pickup"),
    location.deliveryEnabled ? slots("delivery") : [],
    location.deliveryEnabled
      ? sql<DeliveryZoneSummary[]>`
          select name, fee_cents as "feeCents", minimum_cents as "minimumCents"
            from delivery_zones where location_id = ${location.id} and is_active order by sort_order, name`
      : [],
    !location.shippingEnabled ? []
      : cartId ? sql<{ day: string }[]>`select d::text as day from cart_shipping_days(${cartId}, ${location.id}) d`
      : sql<{ day: string }[]>`select d::text as day from shipping_days(${location.id}) d`,
  ]);
  const { deliveryEnabled, deliveryWindowMinutes, shippingEnabled, shippingFlatCents, ...summary } = location;
  return {
    location: summary,
    pickupSlots: pickup.map(({ slot }) => slot.toISOString()),
    delivery: deliveryEnabled && zones.length > 0
      ? { windows: windows.map(({ slot }) => slot.toISOString()), windowMinutes: deliveryWindowMinutes, zones }
      : null,
    shipping: shippingEnabled ? { days: days.map(({ day }) => day), flatCents: shippingFlatCents } : null,
  };
}

/** The shop's location as placing an order needs it (its id and time zone); null when it has no active location. */
export async function checkoutLocation(): Promise<{ id: number; timezone: string } | null> {
  const [location] = await sql<{ id: number; timezone: string }[]>`select id, timezone from locations where id = shop_location_id()`;
  return location ?? null;
}

export interface CheckoutChoices {
  fulfillment: Fulfillment;
  postalCode?: string;
  promoCode?: string;
  tipPercent?: number;
  tipCents?: number;
  email?: string;
}

export type CheckoutQuote = OrderMoney & { deliveryZoneName: string | null };

/** The cart's price with these choices (quote_cart → price_order); raises the same errors the order would. */
export async function quoteCheckout(cartId: string, locationId: number, choices: CheckoutChoices): Promise<CheckoutQuote> {
  const [quote] = await sql<CheckoutQuote[]>`
    select subtotal_cents as "subtotalCents", discount_cents as "discountCents", tax_cents as "taxCents",
           delivery_fee_cents as "deliveryFeeCents", shipping_cents as "shippingCents", tip_cents as "tipCents",
           total_cents as "totalCents", currency, tax_name as "taxName", tax_rate_bps as "taxRateBps",
           tax_inclusive as "taxInclusive", promo_code as "promoCode", delivery_zone_name as "deliveryZoneName"
      from quote_cart(${cartId}, ${locationId}, ${choices.fulfillment}, ${choices.postalCode ?? null},
                      ${choices.promoCode ?? null}, ${choices.tipPercent ?? null}, ${choices.tipCents ?? null},
                      ${choices.email ?? null})`;
  return quote;
}

export interface Address {
  line1: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode: string;
}

export interface PlaceOrderInput {
  cartId: string;
  checkoutKey: string;
  locationId: number;
  name: string;
  email: string;
  phone: string;
  fulfillment: Fulfillment;
  /** The pickup slot or delivery window start. */
  slotAt: string | null;
  shipOn: string | null;
  address: Address | null;
  promoCode: string | null;
  tipPercent: number | null;
  tipCents: number | null;
  /** The customer's note for the kitchen (allergies, instructions). */
  customerNote: string | null;
  /** They ticked "Text me when my order is ready": the number must be able to take texts. */
  smsConsent: boolean;
  /** Who is ordering, for the cap on open unpaid orders (place_order): their address and browser session. */
  clientIp: string | null;
  sessionId: string | undefined;
}

/** How an order remembers the browser session that placed it: a hash, never the id that signs it in. */
export function sessionKeyOf(sessionId: string | undefined): string | null {
  return sessionId ? createHash("sha256").update(sessionId).digest("hex") : null;
}

/** This session's orders waiting for payment, newest first: what a customer refused for holding too many can pay. */
export function unpaidOrdersOfSession(sessionId: string | undefined) {
  const sessionKey = sessionKeyOf(sessionId);
  if (!sessionKey) return Promise.resolve([]);
  return sql<{ number: number; publicToken: string }[]>`
    select number, public_token as "publicToken" from orders
     where session_key = ${sessionKey} and state = 'pending_payment' and not pay_at_pickup
     order by created_at desc limit 5`;
}

export async function placeOrder(input: PlaceOrderInput) {
  const [placed] = await sql<{ orderId: number; publicToken: string; alreadyPlaced: boolean }[]>`
    select order_id as "orderId", public_token as "publicToken", already_placed as "alreadyPlaced"
      from place_order(${input.cartId}, ${input.checkoutKey}, ${input.locationId}, ${input.name},
                       ${input.email}, ${input.phone}, ${input.slotAt}, ${input.fulfillment},
                       ${input.shipOn}::date, ${input.address ? sql.json({ ...input.address }) : null},
                       ${input.promoCode}, ${input.tipPercent}, ${input.tipCents},
                       ${input.customerNote}, ${input.smsConsent},
                       p_client_ip => ${input.clientIp ?? null}::inet, p_session_key => ${sessionKeyOf(input.sessionId)})`;
  if (!placed.alreadyPlaced) metrics.ordersPlaced.inc();
  return placed;
}
