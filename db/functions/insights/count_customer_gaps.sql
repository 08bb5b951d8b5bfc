-- Adds (p_sign 1) or takes out (p_sign -1) what these customers' customer_visits in these scopes
-- count in customer_gap_days: each visit once by its last gap (0: their first), and once by its
-- second last gap when it has one. Taking out is an update: an insert's row is checked (counts
-- ≥ 0) before it meets its conflict.
create or replace function private.count_customer_gaps(p_scopes bigint[], p_customers bigint[], p_sign integer) returns void
language plpgsql volatile as $$
begin
  if p_sign < 0 then
    update customer_gap_days g
       set by_last = g.by_last - c.by_last, multi_by_last = g.multi_by_last - c.multi_by_last,
           by_second_last = g.by_second_last - c.by_second_last
      from private.customer_gap_counts(p_scopes, p_customers) c
     where g.scope = c.scope and g.basis = c.basis and g.day = c.day and g.gap = c.gap;
  else
    insert into customer_gap_days as g (scope, basis, day, gap, by_last, multi_by_last, by_second_last)
    select scope, basis, day, gap, by_last, multi_by_last, by_second_last from private.customer_gap_counts(p_scopes, p_customers)
    on conflict (scope, basis, day, gap) do update
      set by_last = g.by_last + excluded.by_last, multi_by_last = g.multi_by_last + excluded.multi_by_last,
          by_second_last = g.by_second_last + excluded.by_second_last;
  end if;
end
$$;
