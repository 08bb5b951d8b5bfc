// The dashboard's funnel, operations and product extras, read from their rollups only (funnel_days,
// operations_days, payment_attempt_days, modifier_sales_days; ADR 017), plus slot utilisation
// (slot_utilisation: booked places against every slot the hours offered) and sold_out_periods
// (already one row per time a variation sold out).
import { sql } from "~/lib/db.server";
import type { Period } from "./dashboard.server";

const inDays = (period: Period) =>
  sql`location_id = any(${period.locationIds}::bigint[]) and day between ${period.from}::date and ${period.to}::date`;
const inPeriod = (period: Period) => sql`${inDays(period)} and basis = ${period.basis}`;

export const FUNNEL_STEPS = ["cart", "checkout", "placed", "paid"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];
export type Funnel = Record<FunnelStep, number>;

/** Carts started → checkouts started → online orders placed → online orders paid, each on its own local day. */
export async function funnel(period: Period): Promise<Funnel> {
  const rows = await sql<{ step: FunnelStep; count: number }[]>`
    select step, sum(count)::int as count from funnel_days where ${inDays(period)} group by step`;
  return Object.fromEntries(FUNNEL_STEPS.map((step) => [step, rows.find((row) => row.step === step)?.count ?? 0])) as Funnel;
}

export interface WeekdayOrders {
  /** 0 = Sunday … 6 = Saturday (the location's local day) */
  weekday: number;
  orders: number;
  netCents: number;
}

export async function ordersByWeekday(period: Period): Promise<WeekdayOrders[]> {
  const rows = await sql<WeekdayOrders[]>`
    select extract(dow from day)::int as weekday, sum(orders)::int as orders, sum(net_cents)::bigint as "netCents"
      from sales_days where ${inPeriod(period)} group by 1`;
  return Array.from({ length: 7 }, (_, weekday) => rows.find((row) => row.weekday === weekday) ?? { weekday, orders: 0, netCents: 0 });
}

export interface OperationsFigures {
  orders: number;
  pickups: number;
  noShows: number;
  refundedOrders: number;
  /** mean days between placing an order and its fulfilment day (0 = same day) */
  averageLeadDays: number;
  slotsBooked: number;
  slotCapacity: number;
  paymentAttempts: number;
  paymentsSucceeded: number;
  paymentsDeclined: number;
  paymentsFailed: number;
  paymentsPending: number;
}

export async function operationsFigures(period: Period): Promise<OperationsFigures> {
  const [[ops], [slots], [payments]] = await Promise.all([
    sql<{ orders: number; pickups: number; noShows: number; refundedOrders: number; leadDaySum: number }[]>`
      select coalesce(sum(orders), 0)::int as orders, coalesce(sum(pickups), 0)::int as pickups,
             coalesce(sum(no_shows), 0)::int as "noShows", coalesce(sum(refunded_orders), 0)::int as "refundedOrders",
             coalesce(sum(lead_days * orders), 0)::bigint as "leadDaySum"
        from operations_days where ${inPeriod(period)}`,
    sql<{ booked: number; capacity: number }[]>`
      select booked, capacity from slot_utilisation(${period.locationIds}::bigint[], ${period.from}::date, ${period.to}::date)`,
    sql<{ attempts: number; succeeded: number; declined: number; failed: number; pending: number }[]>`
      select coalesce(sum(attempts), 0)::int as attempts,
             coalesce(sum(attempts) filter (where outcome = 'succeeded'), 0)::int as succeeded,
             coalesce(sum(attempts) filter (where outcome = 'declined'), 0)::int as declined,
             coalesce(sum(attempts) filter (where outcome = 'failed'), 0)::int as failed,
             coalesce(sum(attempts) filter (where outcome = 'pending'), 0)::int as pending
        from payment_attempt_days where ${inDays(period)}`,
  ]);
  return {
    orders: ops.orders, pickups: ops.pickups, noShows: ops.noShows, refundedOrders: ops.refundedOrders,
    averageLeadDays: ops.orders ? Math.round((Number(ops.leadDaySum) / ops.orders) * 10) / 10 : 0,
    slotsBooked: slots.booked, slotCapacity: slots.capacity,
    paymentAttempts: payments.attempts, paymentsSucceeded: payments.succeeded, paymentsDeclined: payments.declined,
    paymentsFailed: payments.failed, paymentsPending: payments.pending,
  };
}

export interface LeadTime {
  leadDays: number;
  orders: number;
}

/** How many days ahead people order: orders per lead time (fulfilment day − order day). */
export async function leadTimes(period: Period): Promise<LeadTime[]> {
  return sql<LeadTime[]>`
    select lead_days as "leadDays", sum(orders)::int as orders from operations_days where ${inPeriod(period)}
     group by lead_days order by lead_days`;
}

export interface ModifierSales {
  key: string;
  listName: string;
  name: string;
  times: number;
  revenueCents: number;
}

export async function modifierSales(period: Period, limit = 10): Promise<ModifierSales[]> {
  return sql<ModifierSales[]>`
    select modifier_key as key, max(list_name) as "listName", max(name) as name, sum(times)::int as times,
           sum(revenue_cents)::bigint as "revenueCents"
      from modifier_sales_days where ${inPeriod(period)}
     group by modifier_key order by times desc, "revenueCents" desc, name limit ${limit}`;
}

export interface SoldOut {
  variantId: number;
  productId: number;
  productName: string;
  variantName: string;
  /** null: sold out everywhere (the flag) */
  locationName: string | null;
  soldOutAt: Date;
  backAt: Date | null;
}

/** Variations that sold out in the range (local days of the chosen locations' first time zone) or are still sold out. */
export async function soldOutItems(period: Period, timezone: string): Promise<SoldOut[]> {
  return sql<SoldOut[]>`
    select s.variant_id as "variantId", p.id as "productId", p.name as "productName", v.name as "variantName",
           l.name as "locationName", s.sold_out_at as "soldOutAt", s.back_at as "backAt"
      from sold_out_periods s join variants v on v.id = s.variant_id join products p on p.id = v.product_id
      left join locations l on l.id = s.location_id
     where (s.location_id is null or s.location_id = any(${period.locationIds}::bigint[]))
       and s.sold_out_at < (${period.to}::date + 1)::timestamp at time zone ${timezone}
       and (s.back_at is null or s.back_at >= ${period.from}::date::timestamp at time zone ${timezone})
     order by s.sold_out_at desc, p.name, v.name limit 50`;
}
