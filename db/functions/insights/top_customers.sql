-- The dashboard's top customers of a range (by net sales, then orders, then id), for a set of
-- locations, a basis and local days p_from..p_to (ADR 017). A range close to one month (the last 30
-- days, a month) starts from that month's ranking in customer_sales_months and corrects the
-- customers of the days where range and month differ ("edges"): everyone else's figures are the
-- month's, so their best p_limit are read in index order. Other ranges, and location sets that are
-- neither one location nor all, sum customer_sales_days per customer.
create or replace function top_customers(p_location_ids bigint[], p_basis text, p_from date, p_to date, p_limit integer)
returns table (customer_id bigint, orders integer, net_cents bigint)
language plpgsql stable
-- Small reads the planner cannot size before it sees the range: JIT would cost more than it saves.
set jit = off as $$
declare
  v_scope bigint := case when not exists (select 1 from locations where id <> all(p_location_ids)) then 0
                         when cardinality(p_location_ids) = 1 then p_location_ids[1] end;
  v_month date;
  v_edge_days integer;
  v_range_days integer := p_to - p_from + 1;
begin
  -- The month sharing most days with the range, and how many days the two differ by.
  select m, v_range_days + ((m + interval '1 month')::date - m)
            - 2 * (least(p_to, (m + interval '1 month')::date - 1) - greatest(p_from, m) + 1)
    into v_month, v_edge_days
    from (values (date_trunc('month', p_from)::date), (date_trunc('month', p_to)::date)) months (m)
   order by 2, 1 limit 1;
  if v_scope is null or v_edge_days >= v_range_days then
    return query
      select c.customer_id, sum(c.orders)::integer, sum(c.net_cents::integer)
        from customer_sales_days c
       where c.location_id = any(p_location_ids) and c.basis = p_basis and c.day between p_from and p_to
       group by c.customer_id order by 3 desc, 2 desc, 1 limit p_limit;
    return;
  end if;
  return query
    with intervals (low, high, sign) as (
      -- range days outside the month count in; month days outside the range count out
      values (p_from, least(p_to, v_month - 1), 1),
             (greatest(p_from, (v_month + interval '1 month')::date), p_to, 1),
             (v_month, least((v_month + interval '1 month')::date - 1, p_from - 1), -1),
             (greatest(v_month, p_to + 1), (v_month + interval '1 month')::date - 1, -1)
    ), edges as (
      select c.customer_id, sum(i.sign * c.orders)::integer as orders, sum(i.sign * c.net_cents::integer) as net_cents
        from intervals i
        join customer_sales_days c on c.basis = p_basis and c.day between i.low and i.high
       where i.low <= i.high and (v_scope = 0 or c.location_id = v_scope)
       group by c.customer_id
    ), corrected as (
      select e.customer_id, coalesce(m.orders, 0) + e.orders as orders, coalesce(m.net_cents, 0) + e.net_cents as net_cents
        from edges e
        left join lateral (select m.orders, m.net_cents from customer_sales_months m
                            where m.scope = v_scope and m.basis = p_basis and m.month = v_month
                              and m.customer_id = e.customer_id limit 1) m on true -- (one key: probed per edge customer)
    ), unchanged as (
      select m.customer_id, m.orders, m.net_cents from customer_sales_months m
       where m.scope = v_scope and m.basis = p_basis and m.month = v_month
         and not exists (select 1 from edges e where e.customer_id = m.customer_id)
       order by m.net_cents desc, m.orders desc, m.customer_id limit p_limit
    )
    select t.customer_id, t.orders, t.net_cents
      from (select * from corrected where corrected.orders > 0 union all select * from unchanged) t
     order by t.net_cents desc, t.orders desc, t.customer_id limit p_limit;
end
$$;
