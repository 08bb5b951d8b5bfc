-- Queues the rollup of the days an order counts on (its local day of placement and its fulfilment
-- day), in the caller's transaction. One job per location and day (job key), so a burst of
-- changes to one day's orders coalesces into one recomputation.
create or replace function private.enqueue_order_sales_rollups(o orders) returns void
language plpgsql volatile as $$
declare
  d date;
begin
  for d in
    select distinct day from (
      select (o.created_at at time zone l.timezone)::date as day from locations l where l.id = o.location_id
      union all
      select coalesce(o.ship_on, (coalesce(o.pickup_at, o.delivery_at) at time zone l.timezone)::date)
        from locations l where l.id = o.location_id
    ) days where day is not null
  loop
    perform private.enqueue_job('rollup_sales', jsonb_build_object('location_id', o.location_id, 'day', d),
                                p_job_key => 'rollup_sales:' || o.location_id || ':' || d);
  end loop;
end
$$;
