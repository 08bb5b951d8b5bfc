create or replace function pickup_slots(p_location_id bigint, p_now timestamptz default now())
returns setof timestamptz
language sql stable as $$
  select fulfillment_slots(p_location_id, 'pickup', p_now)
$$;
