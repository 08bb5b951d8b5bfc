-- The safety net under the incremental rollups (the rollup_metrics cron, every 15 minutes): every
-- location's days from p_days_back local days ago to p_days_ahead days ahead (pre-orders are
-- fulfilled in the future) are recomputed, and the run is recorded for the health page. Returns
-- the number of sales_days rows written.
create or replace function rollup_recent_sales(p_days_back integer, p_days_ahead integer) returns integer
language plpgsql volatile as $$
declare
  loc record;
  written integer := 0;
  today date;
begin
  for loc in select id, timezone from locations order by id loop
    today := (now() at time zone loc.timezone)::date;
    written := written + rollup_sales(loc.id, today - p_days_back, today + p_days_ahead);
  end loop;
  insert into metric_rollups (name, last_run_at, days_rolled_up, from_day)
  values ('sales', now(), written, (now() at time zone 'UTC')::date - p_days_back)
  on conflict (name) do update
    set last_run_at = excluded.last_run_at, days_rolled_up = excluded.days_rolled_up, from_day = excluded.from_day;
  return written;
end
$$;
