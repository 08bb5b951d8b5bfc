// The dashboard benchmark's baseline: the figures /admin/dashboard shows for a range and its
// comparison, computed from orders, their items, modifiers, refunds and payment attempts directly
// (what the page would cost without rollups), as the loader does: all at once on the pool.
import { sql } from "~/lib/db.server";

interface Range {
  locationIds: number[];
  timezone: string;
  from: string;
  to: string;
}

const counted = (r: Range) => sql`
  select o.*, (o.created_at at time zone ${r.timezone})::date as day,
         coalesce((select sum(f.amount_cents) from refunds f where f.order_id = o.id and f.status = 'completed'), 0) as refunded
    from orders o
   where o.location_id = any(${r.locationIds}::bigint[]) and o.paid_at is not null and o.state <> 'cancelled'
     and o.created_at >= ${r.from}::date::timestamp at time zone ${r.timezone}
     and o.created_at < (${r.to}::date + 1)::timestamp at time zone ${r.timezone}`;

function sales(r: Range) {
  return sql<{ netCents: number; orders: number }[]>`
    with c as (${counted(r)})
    select count(*)::int as orders, coalesce(sum((select sum(i.quantity) from order_items i where i.order_id = c.id)), 0)::int as items,
           coalesce(sum(subtotal_cents), 0)::bigint as gross, coalesce(sum(discount_cents), 0)::bigint as discounts,
           coalesce(sum(refunded), 0)::bigint as refunds, coalesce(sum(subtotal_cents - discount_cents - refunded), 0)::bigint as "netCents",
           coalesce(sum(tax_cents), 0)::bigint as tax, coalesce(sum(tip_cents), 0)::bigint as tips,
           coalesce(sum(delivery_fee_cents), 0)::bigint as delivery, coalesce(sum(shipping_cents), 0)::bigint as shipping,
           coalesce(sum(total_cents), 0)::bigint as total
      from c`;
}

function customers(r: Range) {
  return sql`
    with c as (${counted(r)}), buyers as (select customer_id, count(*) as orders from c where customer_id is not null group by 1)
    select count(*)::int as customers,
           count(*) filter (where exists (select 1 from orders e where e.customer_id = b.customer_id and e.paid_at is not null
                                            and e.state <> 'cancelled' and e.created_at < ${r.from}::date::timestamp at time zone ${r.timezone}))::int as returning,
           count(*) filter (where b.orders >= 2)::int as repeat
      from buyers b`;
}

function operations(r: Range) {
  return sql`
    with c as (${counted(r)})
    select coalesce(ship_on, (coalesce(pickup_at, delivery_at) at time zone ${r.timezone})::date) - day as lead_days, count(*)::int,
           count(*) filter (where fulfillment = 'pickup')::int as pickups, count(no_show_at)::int as no_shows,
           count(*) filter (where refunded > 0)::int as refunded
      from c group by 1`;
}

/** Every figure of the range and its comparison, from the source tables; returns the range's net sales and orders. */
export async function rawDashboard(current: Range, comparison: Range): Promise<{ netCents: number; orders: number }> {
  const [[now]] = await Promise.all([
    sales(current), sales(comparison), customers(current), customers(comparison), operations(current), operations(comparison),
    sql`with c as (${counted(current)}) select fulfillment, source, count(*), sum(subtotal_cents - discount_cents - refunded) from c group by 1, 2`,
    sql`with c as (${counted(current)}) select day, count(*), sum(subtotal_cents - discount_cents - refunded) from c group by 1`,
    sql`with c as (${counted(current)}) select extract(hour from created_at at time zone ${current.timezone}), count(*) from c group by 1`,
    sql`with c as (${counted(current)}) select extract(dow from day), count(*) from c group by 1`,
    sql`with c as (${counted(current)})
        select v.product_id, p.category_id, sum(i.quantity), sum(i.line_total_cents - i.discount_cents)
          from c join order_items i on i.order_id = c.id left join variants v on v.id = i.variant_id left join products p on p.id = v.product_id
         group by 1, 2`,
    sql`with c as (${counted(current)})
        select m.modifier_id, m.name, sum(i.quantity) from c join order_items i on i.order_id = c.id
          join order_item_modifiers m on m.order_item_id = i.id group by 1, 2 order by 3 desc limit 10`,
    sql`with c as (${counted(current)})
        select customer_id, count(*), sum(subtotal_cents - discount_cents - refunded) as net from c where customer_id is not null
         group by 1 order by net desc limit 10`,
    sql`select a.status, a.error_code, count(*) from payment_attempts a join orders o on o.id = a.order_id
         where o.location_id = any(${current.locationIds}::bigint[])
           and a.created_at >= ${current.from}::date::timestamp at time zone ${current.timezone}
           and a.created_at < (${current.to}::date + 1)::timestamp at time zone ${current.timezone} group by 1, 2`,
  ]);
  return { netCents: Number(now.netCents), orders: now.orders };
}
