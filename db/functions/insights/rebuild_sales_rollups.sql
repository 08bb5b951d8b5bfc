-- `npm run rollups:rebuild`: every location's sales rollups recomputed from all of its orders, in
-- one transaction, customers' visits included (readers see the old figures until it commits). Returns the sales_days rows
-- written.
create or replace function rebuild_sales_rollups() returns integer
language plpgsql volatile as $$
declare
  loc record;
  written integer := 0;
begin
  perform set_config('larder.rebuilding_rollups', 'on', true);
  for loc in select id from locations order by id loop
    written := written + rollup_sales(loc.id, '-infinity'::date, 'infinity'::date);
  end loop;
  -- The customers' visits from scratch too (rollup_sales moves only the customers whose days changed).
  perform pg_advisory_xact_lock(hashtext('customer_first_days'), 0);
  delete from customer_gap_days;
  delete from customer_visits;
  delete from customer_sales_months;
  perform private.refresh_customer_visits(array(select id from locations union all select 0),
                                          array(select distinct customer_id from customer_sales_days));
  perform set_config('larder.rebuilding_rollups', '', true);
  insert into metric_rollups (name, last_run_at, days_rolled_up, from_day)
  values ('sales', now(), written, '-infinity')
  on conflict (name) do update
    set last_run_at = excluded.last_run_at, days_rolled_up = excluded.days_rolled_up, from_day = excluded.from_day;
  return written;
end
$$;
