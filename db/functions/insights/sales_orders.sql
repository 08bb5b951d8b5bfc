-- The orders a location's sales figures count, each with the local day it falls on under each
-- basis, for days p_from to p_to: 'ordered' by the day it was placed (created_at in the location's
-- time zone), 'fulfilled' by the day it is made for (its pickup slot's or delivery window's local
-- date, or its ship day). An order counts once it is paid and as long as it is not cancelled.
-- Days are turned into instants with AT TIME ZONE, so a 23- or 25-hour day (DST) is whole and the
-- indexes on created_at, pickup_at, delivery_at and ship_on are used.
create or replace function private.sales_orders(p_location_id bigint, p_from date, p_to date)
returns table (order_id bigint, basis text, day date)
language sql stable as $$
  with bounds as (
    select timezone as tz, p_from::timestamp at time zone timezone as lo, (p_to + 1)::timestamp at time zone timezone as hi
      from locations where id = p_location_id
  )
  select o.id, 'ordered', (o.created_at at time zone b.tz)::date
    from orders o, bounds b
   where o.location_id = p_location_id and o.paid_at is not null and o.state <> 'cancelled'
     and o.created_at >= b.lo and o.created_at < b.hi
  union all
  select o.id, 'fulfilled', coalesce(o.ship_on, (coalesce(o.pickup_at, o.delivery_at) at time zone b.tz)::date)
    from orders o, bounds b
   where o.location_id = p_location_id and o.paid_at is not null and o.state <> 'cancelled'
     and ((o.ship_on >= p_from and o.ship_on <= p_to)
          or (o.ship_on is null and o.pickup_at >= b.lo and o.pickup_at < b.hi)
          or (o.ship_on is null and o.delivery_at >= b.lo and o.delivery_at < b.hi))
$$;
