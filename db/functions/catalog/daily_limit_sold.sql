-- What the orders still standing (not cancelled) hold of one daily item limit, per location and
-- fulfilment day (slot_at null) and per slot or window, from today on the location's calendar:
-- what set_daily_limit recounts the limit's uses from.
create or replace function private.daily_limit_sold(p_limit_id bigint)
returns table (location_id bigint, day date, slot_at timestamptz, sold integer)
language sql stable as $$
  with held as (
    select o.location_id, private.fulfillment_day(o.location_id, coalesce(o.pickup_at, o.delivery_at), o.ship_on) as day,
           coalesce(o.pickup_at, o.delivery_at) as slot_at, oi.quantity
      from daily_limits dl
      join variants v on v.id = dl.variant_id or v.product_id = dl.product_id
      join order_items oi on oi.variant_id = v.id
      join orders o on o.id = oi.order_id
     where dl.id = p_limit_id and o.state <> 'cancelled'
       -- Only recent and future orders (their time columns are indexed); the exact day is below.
       and (o.pickup_at > now() - interval '2 days' or o.delivery_at > now() - interval '2 days'
            or o.ship_on > current_date - 2)
  ), upcoming as (
    select h.* from held h join locations l on l.id = h.location_id
     where h.day >= (now() at time zone l.timezone)::date
  )
  select u.location_id, u.day, null::timestamptz, sum(u.quantity)::integer from upcoming u group by u.location_id, u.day
  union all
  select u.location_id, u.day, u.slot_at, sum(u.quantity)::integer from upcoming u
   where u.slot_at is not null group by u.location_id, u.day, u.slot_at
$$;
