-- Recomputes a location's sales rollups (sales_days, sales_hours, product_sales_days,
-- customer_sales_days, customer_first_days and customer_visits, operations_days, modifier_sales_days; payment_attempt_days by
-- the attempts' day) for its local days p_from to p_to, both bases, in one transaction: the days
-- are deleted and summed again from orders, so running it twice gives the same rows and a day without sales has none.
-- Rollups of one location take turns (an advisory lock), so a job and the sweep never collide.
-- Returns the number of sales_days rows written.
create or replace function rollup_sales(p_location_id bigint, p_from date, p_to date) returns integer
language plpgsql volatile as $$
declare
  written integer;
  touched bigint[];
  old_visits text[];
  changed bigint[];
  rebuilding boolean := coalesce(current_setting('larder.rebuilding_rollups', true), '') = 'on';
begin
  perform pg_advisory_xact_lock(hashtext('rollup_sales'), p_location_id::integer);
  delete from sales_days where location_id = p_location_id and day between p_from and p_to;
  delete from sales_hours where location_id = p_location_id and day between p_from and p_to;
  delete from product_sales_days where location_id = p_location_id and day between p_from and p_to;
  with gone as (delete from customer_sales_days where location_id = p_location_id and day between p_from and p_to
                returning customer_id, basis, day, orders, net_cents)
  select coalesce(array_agg(distinct customer_id), '{}'), coalesce(array_agg(concat_ws(' ', customer_id, basis, day, orders, net_cents)) filter (where not rebuilding), '{}')
    into touched, old_visits from gone;
  delete from operations_days where location_id = p_location_id and day between p_from and p_to;
  delete from modifier_sales_days where location_id = p_location_id and day between p_from and p_to;
  delete from payment_attempt_days where location_id = p_location_id and day between p_from and p_to;

  insert into sales_days (location_id, basis, day, fulfillment, source, currency, orders, items_sold, gross_cents,
                          discount_cents, refund_cents, net_cents, tax_cents, tip_cents, delivery_fee_cents,
                          shipping_cents, total_cents)
  select p_location_id, s.basis, s.day, o.fulfillment, o.source, min(o.currency), count(*),
         coalesce(sum(items.units), 0), sum(o.subtotal_cents), sum(o.discount_cents), coalesce(sum(r.refunded), 0),
         sum(o.subtotal_cents - o.discount_cents - coalesce(r.refunded, 0)), sum(o.tax_cents), sum(o.tip_cents),
         sum(o.delivery_fee_cents), sum(o.shipping_cents), sum(o.total_cents)
    from private.sales_orders(p_location_id, p_from, p_to) s
    join orders o on o.id = s.order_id
    left join lateral (select sum(i.quantity) as units from order_items i where i.order_id = o.id) items on true
    left join lateral (select sum(f.amount_cents) as refunded from refunds f
                        where f.order_id = o.id and f.status = 'completed') r on true
   group by s.basis, s.day, o.fulfillment, o.source;
  get diagnostics written = row_count;

  insert into sales_hours (location_id, basis, day, hour, orders, net_cents)
  select p_location_id, s.basis, s.day,
         extract(hour from (case s.basis when 'ordered' then o.created_at else coalesce(o.pickup_at, o.delivery_at) end)
                           at time zone l.timezone)::integer,
         count(*), sum(o.subtotal_cents - o.discount_cents - coalesce(r.refunded, 0))
    from private.sales_orders(p_location_id, p_from, p_to) s
    join orders o on o.id = s.order_id
    join locations l on l.id = o.location_id
    left join lateral (select sum(f.amount_cents) as refunded from refunds f
                        where f.order_id = o.id and f.status = 'completed') r on true
   where s.basis = 'ordered' or o.fulfillment <> 'shipping'
   group by 1, 2, 3, 4;

  insert into product_sales_days (location_id, basis, day, item_key, variant_id, product_id, product_name, variant_name,
                                  units, revenue_cents)
  select p_location_id, s.basis, s.day, coalesce('v' || i.variant_id, 'n:' || i.product_name || ' / ' || i.variant_name),
         i.variant_id, v.product_id, max(i.product_name), max(i.variant_name), sum(i.quantity),
         sum(i.line_total_cents - i.discount_cents)
    from private.sales_orders(p_location_id, p_from, p_to) s
    join order_items i on i.order_id = s.order_id
    left join variants v on v.id = i.variant_id
   group by s.basis, s.day, i.variant_id, v.product_id,
            coalesce('v' || i.variant_id, 'n:' || i.product_name || ' / ' || i.variant_name);

  insert into customer_sales_days (location_id, basis, day, customer_id, orders, net_cents)
  select p_location_id, s.basis, s.day, o.customer_id, count(*),
         sum(o.subtotal_cents - o.discount_cents - coalesce(r.refunded, 0))
    from private.sales_orders(p_location_id, p_from, p_to) s
    join orders o on o.id = s.order_id
    left join lateral (select sum(f.amount_cents) as refunded from refunds f
                        where f.order_id = o.id and f.status = 'completed') r on true
   where o.customer_id is not null
   group by s.basis, s.day, o.customer_id;

  -- The first day of every customer whose days changed, across locations: rollups of other
  -- locations take turns here, each reading what the one before committed.
  perform pg_advisory_xact_lock(hashtext('customer_first_days'), 0);
  touched := touched || array(select distinct customer_id from customer_sales_days
                               where location_id = p_location_id and day between p_from and p_to);
  delete from customer_first_days f where f.customer_id = any(touched)
     and not exists (select 1 from customer_sales_days c where c.customer_id = f.customer_id and c.basis = f.basis);
  insert into customer_first_days (customer_id, basis, first_day)
  select customer_id, basis, min(day) from customer_sales_days where customer_id = any(touched) group by 1, 2
  on conflict (customer_id, basis) do update set first_day = excluded.first_day
   where customer_first_days.first_day is distinct from excluded.first_day;
  -- Their visits' gaps (the customer counts of a range) and months (top customers), for the
  -- customers whose days here differ from before: a re-sum that finds the same rows (the sweep,
  -- mostly) moves nothing.
  -- (rebuild_sales_rollups recomputes every customer's afterwards, once: it says so in
  -- larder.rebuilding_rollups.)
  if not rebuilding then
    select coalesce(array_agg(distinct split_part(k, ' ', 1)::bigint), '{}') into changed
      from ((select unnest(old_visits) except select concat_ws(' ', customer_id, basis, day, orders, net_cents) from customer_sales_days
                                               where location_id = p_location_id and day between p_from and p_to)
            union
            (select concat_ws(' ', customer_id, basis, day, orders, net_cents) from customer_sales_days
              where location_id = p_location_id and day between p_from and p_to except select unnest(old_visits))) d (k);
    perform private.refresh_customer_visits(array[p_location_id, 0], changed);
  end if;

  insert into operations_days (location_id, basis, day, lead_days, orders, pickups, no_shows, refunded_orders)
  select p_location_id, s.basis, s.day,
         coalesce(o.ship_on, (coalesce(o.pickup_at, o.delivery_at) at time zone l.timezone)::date)
           - (o.created_at at time zone l.timezone)::date,
         count(*), count(*) filter (where o.fulfillment = 'pickup'),
         count(*) filter (where o.no_show_at is not null),
         count(*) filter (where exists (select 1 from refunds f where f.order_id = o.id and f.status = 'completed'))
    from private.sales_orders(p_location_id, p_from, p_to) s
    join orders o on o.id = s.order_id
    join locations l on l.id = o.location_id
   group by 1, 2, 3, 4;

  insert into modifier_sales_days (location_id, basis, day, modifier_key, modifier_id, list_name, name, times, revenue_cents)
  select p_location_id, s.basis, s.day, coalesce('m' || m.modifier_id, 'n:' || m.modifier_list_name || ' / ' || m.name),
         m.modifier_id, max(m.modifier_list_name), max(m.name), sum(i.quantity), sum(m.price_cents * i.quantity)
    from private.sales_orders(p_location_id, p_from, p_to) s
    join order_items i on i.order_id = s.order_id
    join order_item_modifiers m on m.order_item_id = i.id
   group by s.basis, s.day, m.modifier_id, coalesce('m' || m.modifier_id, 'n:' || m.modifier_list_name || ' / ' || m.name);

  insert into payment_attempt_days (location_id, day, outcome, attempts, amount_cents)
  select p_location_id, (a.created_at at time zone l.timezone)::date, private.payment_outcome(a.status, a.error_code),
         count(*), sum(a.amount_cents)
    from locations l
    join orders o on o.location_id = l.id
    join payment_attempts a on a.order_id = o.id
   where l.id = p_location_id
     and a.created_at >= p_from::timestamp at time zone l.timezone
     and a.created_at < (p_to + 1)::timestamp at time zone l.timezone
     and private.payment_outcome(a.status, a.error_code) is not null
   group by 2, 3;
  return written;
end
$$;
