-- Slot utilisation of a set of locations over local days p_from..p_to (ADR 017): places booked
-- against the capacity of every slot offered, whether or not anyone booked it. Offered = each day's
-- pickup slots and (where delivery is on) delivery windows from the location's weekly hours, as
-- fulfillment_slots lays them out, except closed days and local times a clock change skips; a slot
-- someone booked counts with the capacity it was booked at, even if today's hours no longer offer it.
-- Today's hours and capacities stand for the past (their history is not kept); pauses, lead times
-- and busy periods are moments, not the shop's offer, and are not subtracted.
create or replace function slot_utilisation(p_location_ids bigint[], p_from date, p_to date)
returns table (booked integer, capacity integer)
language sql stable as $$
  with offered as (
    select l.id as location_id, k.kind, local_slot at time zone l.timezone as slot_at, k.capacity
      from locations l
      cross join lateral (values ('pickup', l.pickup_slot_minutes, l.pickup_slot_capacity, true),
                                 ('delivery', l.delivery_window_minutes, l.delivery_window_capacity, l.delivery_enabled))
                 as k (kind, minutes, capacity, offered)
      cross join lateral generate_series(p_from, p_to, interval '1 day') as d (day)
      join location_hours h on h.location_id = l.id and h.weekday = extract(dow from d.day)
      cross join lateral generate_series(
        d.day::date + h.opens_at,
        d.day::date + h.closes_at - make_interval(mins => k.minutes),
        make_interval(mins => k.minutes)) as local_slot
     where l.id = any(p_location_ids) and l.is_active and k.offered
       and not exists (select 1 from location_closures c where c.location_id = l.id and c.closed_on = d.day::date)
       and (local_slot at time zone l.timezone) at time zone l.timezone = local_slot
  ), booked as (
    select r.location_id, r.kind, r.slot_at, r.reserved, r.capacity
      from slot_reservations r join locations l on l.id = r.location_id
     where r.location_id = any(p_location_ids)
       and r.slot_at >= p_from::timestamp at time zone l.timezone
       and r.slot_at < (p_to + 1)::timestamp at time zone l.timezone
  )
  select coalesce(sum(b.reserved), 0)::int, coalesce(sum(coalesce(b.capacity, o.capacity)), 0)::int
    from offered o full join booked b on b.location_id = o.location_id and b.kind = o.kind and b.slot_at = o.slot_at
$$;
