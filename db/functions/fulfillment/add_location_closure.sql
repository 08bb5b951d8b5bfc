-- Adds a closed day to a location's calendar; today or later, once.
create or replace function add_location_closure(p_location_id bigint, p_closed_on date, p_reason text) returns void
language plpgsql volatile as $$
declare
  today date;
begin
  select (now() at time zone timezone)::date into today from locations where id = p_location_id;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  if p_closed_on < today then
    raise exception 'Pick today or a later date.' using errcode = 'LR422', column = 'closedOn';
  end if;
  insert into location_closures (location_id, closed_on, reason)
  values (p_location_id, p_closed_on, coalesce(trim(p_reason), ''))
  on conflict (location_id, closed_on) do nothing;
  if not found then
    raise exception 'The location is already closed on %.', to_char(p_closed_on, 'FMDay, FMMonth FMDD, YYYY')
      using errcode = 'LR409', column = 'closedOn';
  end if;
end
$$;
