-- Adds one to a storefront step's count for a location's local day (funnel_days), in the caller's
-- transaction: the cart, checkout or order change that is the step. Nothing about who took it is kept.
create or replace function private.count_funnel_step(p_location_id bigint, p_step text, p_at timestamptz) returns void
language sql volatile as $$
  insert into funnel_days (location_id, day, step, count)
  select l.id, (p_at at time zone l.timezone)::date, p_step, 1 from locations l where l.id = p_location_id
  on conflict (location_id, day, step) do update set count = funnel_days.count + 1
$$;
