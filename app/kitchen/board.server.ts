// The order board: one location's orders due on one local day, in the columns the kitchen works
// through, and the steps staff take on them (advance_order in SQL, one transaction each).
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";
import type { OrderItem, OrderState } from "~/ordering/orders.server";

export type Fulfillment = "pickup" | "delivery" | "shipping";

export interface BoardOrder {
  id: number;
  number: number;
  state: OrderState;
  fulfillment: Fulfillment;
  customerName: string;
  customerPhone: string;
  totalCents: number;
  currency: string;
  paidAt: string | null;
  acceptedAt: string | null;
  delayMinutes: number;
  /** Slot or window start plus the delay; null for shipping. */
  promisedAt: string | null;
  shipOn: string | null;
  deliveryZoneName: string | null;
  items: OrderItem[];
}

export interface BoardLocation {
  id: number;
  name: string;
  timezone: string;
  autoAccept: boolean;
  acceptAlertMinutes: number;
  deliveryWindowMinutes: number;
}

export type BoardColumn = "new" | "accepted" | "preparing" | "ready" | "out_for_delivery" | "completed" | "apart";

/** Where an order sits on the board. */
export function boardColumn(order: Pick<BoardOrder, "state" | "acceptedAt">): BoardColumn {
  switch (order.state) {
    case "paid":
      return order.acceptedAt ? "accepted" : "new";
    case "preparing":
    case "ready":
    case "out_for_delivery":
    case "completed":
      return order.state;
    default:
      return "apart";
  }
}

export type Step = "accept" | "delay" | "start" | "ready" | "out_for_delivery" | "collected" | "delivered" | "shipped";

/** The step buttons an order's card offers next, named by what they do. */
export function nextSteps(order: Pick<BoardOrder, "state" | "acceptedAt" | "fulfillment">): { step: Step; label: string }[] {
  const column = boardColumn(order);
  if (column === "new") return [{ step: "accept", label: "Accept" }];
  if (column === "accepted") return [{ step: "start", label: "Start" }];
  if (column === "preparing") return [{ step: "ready", label: "Ready" }];
  if (column === "ready") {
    if (order.fulfillment === "pickup") return [{ step: "collected", label: "Collected" }];
    if (order.fulfillment === "delivery") return [{ step: "out_for_delivery", label: "Out for delivery" }];
    return [{ step: "shipped", label: "Shipped" }];
  }
  if (column === "out_for_delivery") return [{ step: "delivered", label: "Delivered" }];
  return [];
}

/** Whether staff can still push the promised time: a timed order the customer is waiting for. */
export function canDelay(order: Pick<BoardOrder, "state" | "fulfillment">): boolean {
  return order.fulfillment !== "shipping" && ["paid", "preparing", "ready", "out_for_delivery"].includes(order.state);
}

export const DELAYS = [5, 10, 15, 30] as const;

export async function listBoardLocations(): Promise<BoardLocation[]> {
  return sql<BoardLocation[]>`
    select id, name, timezone, auto_accept as "autoAccept", accept_alert_minutes as "acceptAlertMinutes",
           delivery_window_minutes as "deliveryWindowMinutes"
      from locations where is_active order by id`;
}

/** Today's date (YYYY-MM-DD) where the location is. */
export function localToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The location's orders due on `day` (its own calendar), paid or past paid, soonest first. */
export async function boardOrders(location: BoardLocation, day: string): Promise<BoardOrder[]> {
  return sql<BoardOrder[]>`
    with bounds as (
      select (${day}::date::timestamp at time zone ${location.timezone}) as starts,
             ((${day}::date + 1)::timestamp at time zone ${location.timezone}) as ends
    )
    select o.id, o.number, o.state, o.fulfillment, o.customer_name as "customerName", o.customer_phone as "customerPhone",
           o.total_cents as "totalCents", o.currency, o.paid_at as "paidAt", o.accepted_at as "acceptedAt",
           o.delay_minutes as "delayMinutes", promised_at(o) as "promisedAt", o.ship_on::text as "shipOn",
           (select z.name from delivery_zones z where z.id = o.delivery_zone_id) as "deliveryZoneName",
           coalesce((
             select json_agg(json_build_object(
                      'id', i.id, 'productName', i.product_name, 'variantName', i.variant_name,
                      'unitPriceCents', i.unit_price_cents + i.modifiers_cents, 'quantity', i.quantity,
                      'lineTotalCents', i.line_total_cents,
                      'modifiers', coalesce((select json_agg(json_build_object('list', m.modifier_list_name, 'name', m.name, 'priceCents', m.price_cents)
                                                             order by m.sort_order)
                                               from order_item_modifiers m where m.order_item_id = i.id), '[]'))
                    order by i.id)
               from order_items i where i.order_id = o.id), '[]') as items
      from orders o cross join bounds b
     where o.location_id = ${location.id} and o.state <> 'pending_payment'
       and ((o.pickup_at >= b.starts and o.pickup_at < b.ends)
         or (o.delivery_at >= b.starts and o.delivery_at < b.ends)
         or o.ship_on = ${day}::date)
     order by coalesce(promised_at(o), b.starts), o.number`;
}

/**
 * How late an order is, in words and as a level for its colour (never the colour alone): until it
 * is ready (pickup), out (delivery) or done, against its promised time.
 */
export function lateness(order: Pick<BoardOrder, "state" | "fulfillment" | "promisedAt">, now = new Date()): { level: "late" | "soon" | "fine"; text: string } | null {
  if (!order.promisedAt) return null;
  const waitingOn = order.fulfillment === "delivery" ? ["paid", "preparing", "ready"] : ["paid", "preparing"];
  if (!waitingOn.includes(order.state)) return null;
  const minutes = Math.round((now.getTime() - new Date(order.promisedAt).getTime()) / 60_000);
  if (minutes > 0) return { level: "late", text: `${minutes} min late` };
  if (minutes > -15) return { level: "soon", text: minutes === 0 ? "due now" : `due in ${-minutes} min` };
  return { level: "fine", text: `due in ${-minutes} min` };
}

/** A new order left unaccepted longer than the location allows, in minutes waited. */
export function waitingToBeAccepted(order: Pick<BoardOrder, "state" | "acceptedAt" | "paidAt">, alertMinutes: number, now = new Date()): number | null {
  if (boardColumn(order) !== "new" || !order.paidAt) return null;
  const waited = Math.floor((now.getTime() - new Date(order.paidAt).getTime()) / 60_000);
  return waited >= alertMinutes ? waited : null;
}

export interface StepInput {
  orderId: number;
  step: Step;
  seenState: OrderState;
  delayMinutes: number;
}

/** Takes one step on an order as this member of staff; refusals come back as LR4xx errors. */
export async function advanceOrder(input: StepInput, adminUserId: number, requestId?: string): Promise<{ number: number; state: OrderState; promisedAt: string | null; timezone: string }> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, requestId);
    await tx`select advance_order(${input.orderId}, ${input.step}, ${adminUserId}, ${input.seenState}, ${input.delayMinutes})`;
    const [order] = await tx<{ number: number; state: OrderState; promisedAt: string | null; timezone: string }[]>`
      select o.number, o.state, promised_at(o) as "promisedAt", l.timezone
        from orders o join locations l on l.id = o.location_id where o.id = ${input.orderId}`;
    return order;
  });
}
