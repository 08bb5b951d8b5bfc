-- Up Migration
-- Daily sales per location, rolled up from orders by the rollup_metrics job, so the dashboard and
-- reports read a few rows instead of scanning every order. A day is the location's local calendar
-- day of the order's payment. Rolling up is idempotent: a day is recomputed whole each time.

create table daily_sales (
  location_id bigint not null references locations (id) on delete cascade,
  day date not null,
  currency char(3) not null,
  orders_paid integer not null default 0 check (orders_paid >= 0),
  items_sold integer not null default 0 check (items_sold >= 0),
  subtotal_cents bigint not null default 0 check (subtotal_cents >= 0),
  discount_cents bigint not null default 0 check (discount_cents >= 0),
  tax_cents bigint not null default 0 check (tax_cents >= 0),
  delivery_fee_cents bigint not null default 0 check (delivery_fee_cents >= 0),
  shipping_cents bigint not null default 0 check (shipping_cents >= 0),
  tip_cents bigint not null default 0 check (tip_cents >= 0),
  total_cents bigint not null default 0 check (total_cents >= 0),
  refunded_cents bigint not null default 0 check (refunded_cents >= 0),
  pickup_orders integer not null default 0,
  delivery_orders integer not null default 0,
  shipping_orders integer not null default 0,
  rolled_up_at timestamptz not null default now(),
  primary key (location_id, day)
);

-- One row per rollup kind: when it last ran and how far it reached.
create table metric_rollups (
  name text primary key,
  last_run_at timestamptz not null,
  days_rolled_up integer not null,
  from_day date not null
);

-- Recomputes the daily sales of every location from p_from_day (local) to today, in one
-- transaction; days without sales are removed. Returns the number of days written.
create function rollup_daily_sales(p_from_day date) returns integer
language plpgsql volatile as $$
declare
  written integer;
begin
  delete from daily_sales where day >= p_from_day;
  insert into daily_sales (location_id, day, currency, orders_paid, items_sold, subtotal_cents, discount_cents,
                           tax_cents, delivery_fee_cents, shipping_cents, tip_cents, total_cents, refunded_cents,
                           pickup_orders, delivery_orders, shipping_orders)
  select o.location_id, (o.paid_at at time zone l.timezone)::date, min(o.currency),
         count(*), coalesce(sum((select sum(quantity) from order_items i where i.order_id = o.id)), 0),
         sum(o.subtotal_cents), sum(o.discount_cents), sum(o.tax_cents), sum(o.delivery_fee_cents),
         sum(o.shipping_cents), sum(o.tip_cents), sum(o.total_cents),
         coalesce(sum((select sum(r.amount_cents) from refunds r where r.order_id = o.id and r.status = 'completed')), 0),
         count(*) filter (where o.fulfillment = 'pickup'), count(*) filter (where o.fulfillment = 'delivery'),
         count(*) filter (where o.fulfillment = 'shipping')
    from orders o join locations l on l.id = o.location_id
   where o.paid_at is not null and (o.paid_at at time zone l.timezone)::date >= p_from_day
   group by o.location_id, (o.paid_at at time zone l.timezone)::date;
  get diagnostics written = row_count;
  insert into metric_rollups (name, last_run_at, days_rolled_up, from_day)
  values ('daily_sales', now(), written, p_from_day)
  on conflict (name) do update
    set last_run_at = excluded.last_run_at, days_rolled_up = excluded.days_rolled_up, from_day = excluded.from_day;
  return written;
end
$$;

-- Down Migration
drop function rollup_daily_sales(date);
drop table metric_rollups;
drop table daily_sales;
