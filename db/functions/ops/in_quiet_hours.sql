-- Whether p_now falls in the owners' quiet hours (settings 'alerts': quiet_from, quiet_until, in
-- the shop's local time; a span over midnight, like 22:00 to 07:00, wraps). No quiet hours: false.
create or replace function private.in_quiet_hours(p_now timestamptz) returns boolean
language sql stable as $$
  select coalesce((
    select case when q.from_time <= q.until_time
                then q.local_time >= q.from_time and q.local_time < q.until_time
                else q.local_time >= q.from_time or q.local_time < q.until_time end
      from (select (s.value ->> 'quiet_from')::time as from_time, (s.value ->> 'quiet_until')::time as until_time,
                   (p_now at time zone coalesce((select timezone from locations where id = shop_location_id()), 'UTC'))::time as local_time
              from settings s where s.key = 'alerts' and s.value ? 'quiet_from') q), false)
$$;
