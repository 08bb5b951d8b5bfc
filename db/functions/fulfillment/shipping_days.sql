-- Days a shipped order can be sent: from tomorrow on the location's calendar up to
-- shipping_days_ahead days ahead, on days it opens and is not closed.
create or replace function shipping_days(p_location_id bigint, p_now timestamptz default now())
returns setof date
language sql stable as $$
  select d.day::date
    from locations l
    cross join generate_series((p_now at time zone l.timezone)::date + 1,
                               (p_now at time zone l.timezone)::date + l.shipping_days_ahead,
                               interval '1 day') as d(day)
   where l.id = p_location_id and l.is_active and l.shipping_enabled
     and exists (select 1 from location_hours h where h.location_id = l.id and h.weekday = extract(dow from d.day))
     and not exists (select 1 from location_closures c where c.location_id = l.id and c.closed_on = d.day::date)
   order by 1
$$;
