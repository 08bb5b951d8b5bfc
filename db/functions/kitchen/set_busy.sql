-- Busy mode: p_extra_minutes (10, 20 or 30) more lead time on pickup and delivery for the next
-- p_minutes (30, 60 or 120), so customers are offered later times while the kitchen catches up; 0
-- extra minutes ends it. Ends by itself (fulfillment_slots reads busy_until). Returns when it ends.
create or replace function set_busy(p_location_id bigint, p_extra_minutes integer, p_minutes integer) returns timestamptz
language plpgsql volatile as $$
declare
  v_until timestamptz;
begin
  if p_extra_minutes is null or p_extra_minutes not in (0, 10, 20, 30) then
    raise exception 'Add 10, 20 or 30 minutes.' using errcode = 'LR422', column = 'extraMinutes';
  end if;
  if p_extra_minutes > 0 and (p_minutes is null or p_minutes not in (30, 60, 120)) then
    raise exception 'Stay busy for 30, 60 or 120 minutes.' using errcode = 'LR422', column = 'minutes';
  end if;
  v_until := case when p_extra_minutes > 0 then now() + make_interval(mins => p_minutes) end;
  update locations set busy_extra_minutes = p_extra_minutes, busy_until = v_until where id = p_location_id;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  return v_until;
end
$$;
