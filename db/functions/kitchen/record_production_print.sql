-- Keeps the production plan of a day and window as it is printed now (production_plan's rows, as
-- JSON), by a member of staff; the print view shows exactly these lines, and the plan page compares
-- today's counts with the latest print of the same window. Returns the print's id.
create or replace function record_production_print(
  p_location_id bigint,
  p_day date,
  p_fulfillment text,
  p_window_start timestamptz,
  p_admin_user_id bigint
) returns bigint
language plpgsql volatile as $$
declare
  v_id bigint;
begin
  perform 1 from locations where id = p_location_id;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  if p_fulfillment is not null and p_fulfillment not in ('pickup', 'delivery', 'shipping')
     or coalesce(p_fulfillment in ('pickup', 'delivery'), false) <> (p_window_start is not null) then
    raise exception 'Choose the whole day, a pickup slot, a delivery window or the ship day.' using errcode = 'LR422', column = 'window';
  end if;
  insert into production_prints (location_id, day, fulfillment, window_start, lines, printed_by)
  select p_location_id, p_day, p_fulfillment, p_window_start,
         coalesce((select jsonb_agg(to_jsonb(plan) - 'ordinality' order by plan.ordinality)
                     from production_plan(p_location_id, p_day, p_fulfillment, p_window_start) with ordinality plan), '[]'),
         p_admin_user_id
  returning id into v_id;
  return v_id;
end
$$;
