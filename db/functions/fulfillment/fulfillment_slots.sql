create or replace function fulfillment_slots(p_location_id bigint, p_kind text, p_now timestamptz default now())
returns setof timestamptz
language sql stable as $$
  with loc as (
    select l.id, l.timezone,
           case p_kind when 'pickup' then l.pickup_slot_minutes else l.delivery_window_minutes end as minutes,
           case p_kind when 'pickup' then l.pickup_lead_minutes else l.delivery_lead_minutes end as lead,
           case p_kind when 'pickup' then l.pickup_days_ahead else l.delivery_days_ahead end as days_ahead,
           case p_kind when 'pickup' then l.pickup_slot_capacity else l.delivery_window_capacity end as capacity,
           -- A paused kind offers slots from the pause's end ('infinity': none); a busy kitchen adds
           -- its extra minutes to the lead time while the busy period lasts.
           greatest(p_now, case p_kind when 'pickup' then l.pickup_paused_until else l.delivery_paused_until end) as opens_from,
           case when l.busy_until > p_now then l.busy_extra_minutes else 0 end as busy
      from locations l
     where l.id = p_location_id and l.is_active and p_kind in ('pickup', 'delivery')
       and (p_kind = 'pickup' or l.delivery_enabled)
  ), days as (
    select loc.*, (p_now at time zone loc.timezone)::date + day_offset as local_day
      from loc cross join generate_series(0, loc.days_ahead) as day_offset
  )
  select local_slot at time zone d.timezone as slot
    from days d
    join location_hours h on h.location_id = d.id and h.weekday = extract(dow from d.local_day)
    cross join lateral generate_series(
      d.local_day + h.opens_at,
      d.local_day + h.closes_at - make_interval(mins => d.minutes),
      make_interval(mins => d.minutes)) as local_slot
    left join slot_reservations r
      on r.location_id = d.id and r.kind = p_kind and r.slot_at = local_slot at time zone d.timezone
   where not exists (select 1 from location_closures c where c.location_id = d.id and c.closed_on = d.local_day)
     and (local_slot at time zone d.timezone) at time zone d.timezone = local_slot
     and local_slot at time zone d.timezone >= d.opens_from + make_interval(mins => d.lead + d.busy)
     and coalesce(r.reserved, 0) < d.capacity
   order by slot
$$;
