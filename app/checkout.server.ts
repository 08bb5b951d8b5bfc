// Checkout: where and when the order can be picked up, and turning the cart into an order.
import { sql } from "./db.server";
import { metrics } from "./metrics.server";

export interface PickupLocation {
  id: number;
  name: string;
  address: string;
  timezone: string;
  slots: string[];
}

export async function getPickupLocation(): Promise<PickupLocation | null> {
  const [location] = await sql<Omit<PickupLocation, "slots">[]>`
    select id, name, address, timezone from locations where is_active order by id limit 1`;
  if (!location) return null;
  const slots = await sql<{ slot: Date }[]>`select pickup_slots(${location.id}) as slot`;
  return { ...location, slots: slots.map(({ slot }) => slot.toISOString()) };
}

export interface PlaceOrderInput {
  cartId: string;
  checkoutKey: string;
  locationId: number;
  name: string;
  email: string;
  phone: string;
  pickupAt: string;
}

export async function placeOrder(input: PlaceOrderInput) {
  const [placed] = await sql<{ orderId: number; publicToken: string; alreadyPlaced: boolean }[]>`
    select order_id as "orderId", public_token as "publicToken", already_placed as "alreadyPlaced"
      from place_order(${input.cartId}, ${input.checkoutKey}, ${input.locationId}, ${input.name},
                       ${input.email}, ${input.phone}, ${input.pickupAt})`;
  if (!placed.alreadyPlaced) metrics.ordersPlaced.inc();
  return placed;
}
