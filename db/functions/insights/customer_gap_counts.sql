-- What these customers' customer_visits in these scopes count in customer_gap_days, per day and gap.
create or replace function private.customer_gap_counts(p_scopes bigint[], p_customers bigint[])
returns table (scope bigint, basis text, day date, gap integer, by_last integer, multi_by_last integer, by_second_last integer)
language sql stable as $$
  select scope, basis, day, gap, sum(by_last)::integer, sum(multi_by_last)::integer, sum(by_second_last)::integer
    from (select scope, basis, day, coalesce(last_gap, 0) as gap, 1 as by_last, (orders >= 2)::integer as multi_by_last,
                 0 as by_second_last
            from customer_visits where customer_id = any(p_customers) and scope = any(p_scopes)
          union all
          select scope, basis, day, second_last_gap, 0, 0, 1
            from customer_visits where customer_id = any(p_customers) and scope = any(p_scopes) and second_last_gap is not null) each_visit
   group by 1, 2, 3, 4
$$;
