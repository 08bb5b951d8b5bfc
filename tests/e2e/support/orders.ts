// Orders made straight in the browser tests' database (place_order and mark_order_paid, as the
// storefront and Square's webhook would), for journeys that start after the customer has paid, or
// on the order's page before paying.
import type postgres from "postgres";

const ADDRESS = { line1: "18 Elm Street", city: "Springfield", region: "IL", postalCode: "62701" };

export interface PlacedOrder {
  id: number;
  number: number;
  token: string;
  /** The local day it is due (pickup slot or ship day), YYYY-MM-DD: the board's ?date. */
  day: string;
}

export type PaidOrder = PlacedOrder;

/** A paid order: a Humita for pickup at the first slot, or a jar to ship on the first shipping day. */
export async function placePaidOrder(db: postgres.Sql, kind: "pickup" | "shipping", email: string, name = "Pia Printer"): Promise<PaidOrder> {
  const order = await placeUnpaidOrder(db, kind, email, name);
  await db`select private.mark_order_paid(${order.id})`;
  return order;
}

/** The same order placed and waiting for its payment (pending_payment), as after leaving checkout unpaid. */
export async function placeUnpaidOrder(db: postgres.Sql, kind: "pickup" | "shipping", email: string, name = "Pia Printer"): Promise<PlacedOrder> {
  const [{ cart }] = await db<{ cart: string }[]>`insert into carts default values returning id as cart`;
  const [variant] = kind === "shipping"
    ? await db<{ id: number }[]>`
        select v.id from variants v join products p on p.id = v.product_id where p.shippable and p.is_active and not v.sold_out order by v.id limit 1`
    : await db<{ id: number }[]>`
        select v.id from variants v join products p on p.id = v.product_id where p.name = 'Humita' and v.name = 'Single'`;
  await db`select cart_add_item(${cart}, ${variant.id}, 1)`;
  const [{ location }] = await db<{ location: number }[]>`select id as location from locations order by id limit 1`;
  const [placed] = kind === "shipping"
    ? await db<{ order_id: number }[]>`
        select order_id from place_order(${cart}, gen_random_uuid(), ${location}, ${name}, ${email}, '(555) 010-2030', null,
                                         'shipping', (select min(d) from shipping_days(${location}) d), ${db.json(ADDRESS)})`
    : await db<{ order_id: number }[]>`
        select order_id from place_order(${cart}, gen_random_uuid(), ${location}, ${name}, ${email}, '(555) 010-2030',
                                         (select min(s) from fulfillment_slots(${location}, 'pickup') s))`;
  const [order] = await db<PlacedOrder[]>`
    select o.id, o.number, o.public_token as token,
           coalesce(o.ship_on, (o.pickup_at at time zone l.timezone)::date)::text as day
      from orders o join locations l on l.id = o.location_id where o.id = ${placed.order_id}`;
  return order;
}
