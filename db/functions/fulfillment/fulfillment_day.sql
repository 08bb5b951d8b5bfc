-- The location's calendar day an order is made for: its pickup slot's or delivery window's local
-- date, or its shipping day. Daily item limits count per this day.
create or replace function private.fulfillment_day(p_location_id bigint, p_slot_at timestamptz, p_ship_on date) returns date
language sql stable as $$
  select coalesce(p_ship_on, (p_slot_at at time zone (select timezone from locations where id = p_location_id))::date)
$$;
