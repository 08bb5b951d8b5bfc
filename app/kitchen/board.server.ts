// The order board's data: one location's orders due on one local day, and the steps staff take on
// them (advance_order in SQL, one transaction each). What the page computes from them is ./board.ts.
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";
import type { OrderState } from "~/ordering/orders.server";
import type { BoardLocation, BoardOrder, Step } from "./board";

export async function listBoardLocations(): Promise<BoardLocation[]> {
  return sql<BoardLocation[]>`
    select id, name, timezone, auto_accept as "autoAccept", accept_alert_minutes as "acceptAlertMinutes",
           delivery_window_minutes as "deliveryWindowMinutes"
      from locations where is_active order by id`;
}

/** The location's orders due on `day` (its own calendar), paid or past paid, soonest first. */
export async function boardOrders(location: BoardLocation, day: string): Promise<BoardOrder[]> {
  return sql<BoardOrder[]>`
    with bounds as (
      select (${day}::date::timestamp at time zone ${location.timezone}) as starts,
             ((${day}::date + 1)::timestamp at time zone ${location.timezone}) as ends
    )
    select o.id, o.number, o.state, o.fulfillment, o.customer_name as "customerName", o.customer_phone as "customerPhone",
           o.total_cents as "totalCents", o.currency, o.paid_at as "paidAt", o.pay_at_pickup as "payAtPickup", o.accepted_at as "acceptedAt",
           o.delay_minutes as "delayMinutes", promised_at(o) as "promisedAt", o.ship_on::text as "shipOn",
           (select z.name from delivery_zones z where z.id = o.delivery_zone_id) as "deliveryZoneName",
           o.customer_note as "customerNote", o.no_show_at as "noShowAt",
           coalesce((select c.no_shows from customers c where c.id = o.customer_id), 0) as "customerNoShows",
           case when o.address_line1 is not null then json_build_object(
             'line1', o.address_line1, 'line2', o.address_line2, 'postalCode', o.address_postal_code) end as address,
           coalesce((
             select json_agg(json_build_object(
                      'id', i.id, 'productName', i.product_name, 'variantName', i.variant_name,
                      'unitPriceCents', i.unit_price_cents + i.modifiers_cents, 'quantity', i.quantity,
                      'lineTotalCents', i.line_total_cents, 'note', i.note,
                      'allergens', coalesce((select p.allergens from variants v join products p on p.id = v.product_id where v.id = i.variant_id), '{}'),
                      'modifiers', coalesce((select json_agg(json_build_object('list', m.modifier_list_name, 'name', m.name, 'priceCents', m.price_cents)
                                                             order by m.sort_order)
                                               from order_item_modifiers m where m.order_item_id = i.id), '[]'))
                    order by i.id)
               from order_items i where i.order_id = o.id), '[]') as items
      from orders o cross join bounds b
     where o.location_id = ${location.id} and (o.state <> 'pending_payment' or o.pay_at_pickup)
       and ((o.pickup_at >= b.starts and o.pickup_at < b.ends)
         or (o.delivery_at >= b.starts and o.delivery_at < b.ends)
         or o.ship_on = ${day}::date)
     order by coalesce(promised_at(o), b.starts), o.number`;
}

export interface StepInput {
  orderId: number;
  step: Step;
  seenState: OrderState;
  delayMinutes: number;
  /** Shipped only: the carrier's name and the tracking number, as typed (advance_order checks them). */
  shipmentCarrier?: string | null;
  trackingNumber?: string | null;
}

/** Takes one step on an order as this member of staff; refusals come back as LR4xx errors. */
export interface AdvancedOrder {
  number: number;
  state: OrderState;
  promisedAt: string | null;
  timezone: string;
  /** As stored (the tracking number without its spaces and dashes). */
  shipmentCarrier: string | null;
  trackingNumber: string | null;
}

export async function advanceOrder(input: StepInput, adminUserId: number, requestId?: string): Promise<AdvancedOrder> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, requestId);
    await tx`select advance_order(${input.orderId}, ${input.step}, ${adminUserId}, ${input.seenState}, ${input.delayMinutes},
                               ${input.shipmentCarrier ?? null}, ${input.trackingNumber ?? null})`;
    const [order] = await tx<AdvancedOrder[]>`
      select o.number, o.state, promised_at(o) as "promisedAt", l.timezone,
             o.shipment_carrier as "shipmentCarrier", o.tracking_number as "trackingNumber"
        from orders o join locations l on l.id = o.location_id where o.id = ${input.orderId}`;
    return order;
  });
}
