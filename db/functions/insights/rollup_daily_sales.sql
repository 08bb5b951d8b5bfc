-- Recomputes the daily sales of every location from p_from_day (local) to today, in one
-- transaction; days without sales are removed. Returns the number of days written.
create or replace function rollup_daily_sales(p_from_day date) returns integer
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
