-- Up Migration
-- A slot's capacity is the location's current setting, not the one it had when the slot's first
-- order came in: an owner who lowers "orders per slot" from 8 to 4 stops a slot at 4 even if it
-- already had bookings (those are kept), and raising it opens room at once. The reservation row
-- takes the current capacity each time it is reserved, and its check constraint still makes the
-- last place safe under any concurrency.

create or replace function fulfillment_slots(p_location_id bigint, p_kind text, p_now timestamptz default now())
returns setof timestamptz
language sql stable as $$
  with loc as (
    select l.id, l.timezone,
           case p_kind when 'pickup' then l.pickup_slot_minutes else l.delivery_window_minutes end as minutes,
           case p_kind when 'pickup' then l.pickup_lead_minutes else l.delivery_lead_minutes end as lead,
           case p_kind when 'pickup' then l.pickup_days_ahead else l.delivery_days_ahead end as days_ahead,
           case p_kind when 'pickup' then l.pickup_slot_capacity else l.delivery_window_capacity end as capacity
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
     and local_slot at time zone d.timezone >= p_now + make_interval(mins => d.lead)
     and coalesce(r.reserved, 0) < d.capacity
   order by slot
$$;

create or replace function reserve_slot(p_location_id bigint, p_kind text, p_slot_at timestamptz) returns void
language plpgsql volatile as $$
declare
  taken integer;
begin
  insert into slot_reservations (location_id, kind, slot_at, capacity, reserved)
  select id, p_kind, p_slot_at,
         case p_kind when 'pickup' then pickup_slot_capacity else delivery_window_capacity end, 1
    from locations where id = p_location_id
  on conflict (location_id, kind, slot_at) do update
    set reserved = slot_reservations.reserved + 1, capacity = excluded.capacity
    where slot_reservations.reserved < excluded.capacity
  returning reserved into taken;
  if taken is null then
    if p_kind = 'pickup' then
      raise exception 'That pickup time just filled up. Please choose another.'
        using errcode = 'LR409', column = 'pickupAt';
    end if;
    raise exception 'That delivery window just filled up. Please choose another.'
      using errcode = 'LR409', column = 'deliveryAt';
  end if;
end
$$;

-- Down Migration
create or replace function fulfillment_slots(p_location_id bigint, p_kind text, p_now timestamptz default now())
returns setof timestamptz
language sql stable as $$
  with loc as (
    select l.id, l.timezone,
           case p_kind when 'pickup' then l.pickup_slot_minutes else l.delivery_window_minutes end as minutes,
           case p_kind when 'pickup' then l.pickup_lead_minutes else l.delivery_lead_minutes end as lead,
           case p_kind when 'pickup' then l.pickup_days_ahead else l.delivery_days_ahead end as days_ahead
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
     and local_slot at time zone d.timezone >= p_now + make_interval(mins => d.lead)
     and coalesce(r.reserved < r.capacity, true)
   order by slot
$$;

create or replace function reserve_slot(p_location_id bigint, p_kind text, p_slot_at timestamptz) returns void
language plpgsql volatile as $$
declare
  taken integer;
begin
  insert into slot_reservations (location_id, kind, slot_at, capacity, reserved)
  select id, p_kind, p_slot_at,
         case p_kind when 'pickup' then pickup_slot_capacity else delivery_window_capacity end, 1
    from locations where id = p_location_id
  on conflict (location_id, kind, slot_at) do update
    set reserved = slot_reservations.reserved + 1
    where slot_reservations.reserved < slot_reservations.capacity
  returning reserved into taken;
  if taken is null then
    if p_kind = 'pickup' then
      raise exception 'That pickup time just filled up. Please choose another.'
        using errcode = 'LR409', column = 'pickupAt';
    end if;
    raise exception 'That delivery window just filled up. Please choose another.'
      using errcode = 'LR409', column = 'deliveryAt';
  end if;
end
$$;
