-- Recomputes customer_visits and customer_sales_months for these customers in these scopes
-- (location ids; 0 is all locations together) from customer_sales_days, and moves their counts in customer_gap_days: what
-- their old rows counted is taken out, what the new ones count is put in (ADR 017). The caller holds
-- the customer_first_days advisory lock, so two locations' rollups never interleave here.
create or replace function private.refresh_customer_visits(p_scopes bigint[], p_customers bigint[]) returns void
language plpgsql volatile as $$
declare
  v_days date[];
begin
  if cardinality(p_customers) = 0 or cardinality(p_scopes) = 0 then
    return;
  end if;
  perform private.count_customer_gaps(p_scopes, p_customers, -1);
  -- the days their old visits were counted on, where a count may now be nothing
  select coalesce(array_agg(distinct day), '{}') into v_days
    from customer_visits where customer_id = any(p_customers) and scope = any(p_scopes);
  delete from customer_visits where customer_id = any(p_customers) and scope = any(p_scopes);
  with days as (
    select location_id as scope, basis, customer_id, day, orders from customer_sales_days
     where customer_id = any(p_customers) and location_id = any(p_scopes)
    union all
    select 0, basis, customer_id, day, sum(orders)::integer from customer_sales_days
     where customer_id = any(p_customers) and 0 = any(p_scopes) group by basis, customer_id, day
  )
  insert into customer_visits (scope, basis, customer_id, day, orders, last_gap, second_last_gap)
  select scope, basis, customer_id, day, orders, day - lag(day) over w,
         day - case when lag(orders) over w >= 2 then lag(day) over w else lag(day, 2) over w end
    from days window w as (partition by scope, basis, customer_id order by day);
  perform private.count_customer_gaps(p_scopes, p_customers, 1);
  delete from customer_sales_months where customer_id = any(p_customers) and scope = any(p_scopes);
  insert into customer_sales_months (scope, basis, month, customer_id, orders, net_cents)
  select location_id, basis, date_trunc('month', day)::date, customer_id, sum(orders), sum(net_cents)
    from customer_sales_days where customer_id = any(p_customers) and location_id = any(p_scopes) group by 1, 2, 3, 4
  union all
  select 0, basis, date_trunc('month', day)::date, customer_id, sum(orders), sum(net_cents)
    from customer_sales_days where customer_id = any(p_customers) and 0 = any(p_scopes) group by 2, 3, 4;
  delete from customer_gap_days where by_last = 0 and by_second_last = 0 and scope = any(p_scopes) and day = any(v_days);
end
$$;
