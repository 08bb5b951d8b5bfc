-- The fulfilment windows of a location's day that have orders for the plan (to make or pending):
-- each pickup slot and delivery window by its start, and the ship day's shipping orders (no start),
-- with how many orders each holds, in time order (shipping last).
create or replace function production_windows(p_location_id bigint, p_day date)
returns table (fulfillment text, window_start timestamptz, orders bigint)
language sql stable as $$
  with bounds as (
    select (p_day::timestamp at time zone l.timezone) as starts, ((p_day + 1)::timestamp at time zone l.timezone) as ends
      from locations l where l.id = p_location_id
  )
  select o.fulfillment, case o.fulfillment when 'pickup' then o.pickup_at when 'delivery' then o.delivery_at end, count(*)
    from orders o cross join bounds b
   where o.location_id = p_location_id
     and o.state in ('pending_payment', 'paid', 'preparing', 'ready', 'out_for_delivery', 'completed')
     and ((o.fulfillment = 'pickup' and o.pickup_at >= b.starts and o.pickup_at < b.ends)
       or (o.fulfillment = 'delivery' and o.delivery_at >= b.starts and o.delivery_at < b.ends)
       or (o.fulfillment = 'shipping' and o.ship_on = p_day))
   group by 1, 2
   order by 2 nulls last, 1
$$;
