-- Slot utilisation of a set of locations over local days p_from..p_to (ADR 017): places booked
-- against the capacity of every slot offered, whether or not anyone booked it. Offered = each day's
-- pickup slots and (where delivery is on) delivery windows from the location's weekly hours, as
-- fulfillment_slots lays them out, except closed days and local times a clock change skips; a slot
-- someone booked counts with the capacity it was booked at, even if today's hours no longer offer it.
-- Today's hours and capacities stand for the past (their history is not kept); pauses, lead times
-- and busy periods are moments, not the shop's offer, and are not subtracted.
-- A day's slots are counted, not laid out: (closing − opening) ÷ slot length of them, except on a
-- day the clock changes, whose slots are laid out to leave out the skipped times. Only the booked
-- slots are matched to the day they fall in (the same local time on the grid of its hours), so a
-- month reads a row per day and booking, not per slot.
create or replace function slot_utilisation(p_location_ids bigint[], p_from date, p_to date)
returns table (booked integer, capacity integer)
language sql stable as $$
  with days as (
    select l.id as location_id, l.timezone, k.kind, k.minutes, k.capacity, d.day::date as day, h.opens_at, h.closes_at,
           ((d.day::date + 1)::timestamp at time zone l.timezone) - (d.day::date::timestamp at time zone l.timezone)
             <> interval '24 hours' as clock_changes
      from locations l
      cross join lateral (values ('pickup', l.pickup_slot_minutes, l.pickup_slot_capacity, true),
                                 ('delivery', l.delivery_window_minutes, l.delivery_window_capacity, l.delivery_enabled))
                 as k (kind, minutes, capacity, offered)
      cross join lateral generate_series(p_from, p_to, interval '1 day') as d (day)
      join location_hours h on h.location_id = l.id and h.weekday = extract(dow from d.day)
     where l.id = any(p_location_ids) and l.is_active and k.offered
       and not exists (select 1 from location_closures c where c.location_id = l.id and c.closed_on = d.day::date)
  ), offered as (
    select sum(k.capacity * case
             when not k.clock_changes then floor(extract(epoch from k.closes_at - k.opens_at) / 60 / k.minutes)
             else (select count(*) from generate_series(k.day + k.opens_at, k.day + k.closes_at - make_interval(mins => k.minutes),
                                                        make_interval(mins => k.minutes)) as local_slot
                    where (local_slot at time zone k.timezone) at time zone k.timezone = local_slot)
           end) as capacity
      from days k
  ), booked as (
    select r.reserved, r.capacity, o.capacity as offered_capacity
      from slot_reservations r join locations l on l.id = r.location_id
      cross join lateral (select r.slot_at at time zone l.timezone as local_at) t
      -- the offered slot at the same instant: its day's hours, on their grid
      left join lateral (
        select k.capacity from days k
         where k.location_id = r.location_id and k.kind = r.kind and k.day = t.local_at::date
           and t.local_at >= k.day + k.opens_at and t.local_at <= k.day + k.closes_at - make_interval(mins => k.minutes)
           and extract(epoch from t.local_at - (k.day + k.opens_at))::bigint % (k.minutes * 60) = 0
           and t.local_at at time zone k.timezone = r.slot_at
         limit 1) o on true
     where r.location_id = any(p_location_ids)
       and r.slot_at >= p_from::timestamp at time zone l.timezone
       and r.slot_at < (p_to + 1)::timestamp at time zone l.timezone
  )
  select coalesce(sum(b.reserved), 0)::int,
         (coalesce((select o.capacity from offered o), 0) + coalesce(sum(b.capacity - coalesce(b.offered_capacity, 0)), 0))::int
    from booked b
$$;
