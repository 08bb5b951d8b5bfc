-- The dashboard's customers for a set of locations, a basis and local days p_from..p_to (ADR 017):
-- distinct customers who bought, new ones (their first paid order with the shop is in the range),
-- returning ones (bought before), and repeat ones (two or more orders in the range).
-- A range is a sum over customer_gap_days, one row per day and distance: a customer's day of
-- buying d is their first in the range when their previous one is before p_from (gap 0, or
-- gap > d − p_from); they repeat at their first day in the range with two or more orders, or at the
-- day of their second order in the range (last gap ≤ d − p_from < second last gap). Kept for each
-- location and for all together; another set of locations counts its buyers one by one.
create or replace function customer_figures(p_location_ids bigint[], p_basis text, p_from date, p_to date)
returns table (customers integer, new_customers integer, returning_customers integer, repeat_customers integer)
language plpgsql stable
-- Small reads the planner cannot size before it sees the range: JIT would cost more than it saves.
set jit = off as $$
declare
  v_scope bigint := case when not exists (select 1 from locations where id <> all(p_location_ids)) then 0
                         when cardinality(p_location_ids) = 1 then p_location_ids[1] end;
begin
  if v_scope is null then
    return query
      with buyers as (
        select customer_id, sum(orders) as orders from customer_sales_days
         where location_id = any(p_location_ids) and basis = p_basis and day between p_from and p_to group by customer_id
      )
      select count(*)::integer, count(*) filter (where f.first_day >= p_from)::integer,
             count(*) filter (where f.first_day < p_from)::integer, count(*) filter (where b.orders >= 2)::integer
        from buyers b join customer_first_days f on f.customer_id = b.customer_id and f.basis = p_basis;
    return;
  end if;
  return query
    with seen as (
      select coalesce(sum(g.by_last) filter (where g.gap = 0 or g.gap > g.day - p_from), 0) as buyers,
             coalesce(sum(g.multi_by_last) filter (where g.gap = 0 or g.gap > g.day - p_from), 0)
             + coalesce(sum(g.by_last) filter (where g.gap between 1 and g.day - p_from), 0)
             - coalesce(sum(g.by_second_last) filter (where g.gap between 1 and g.day - p_from), 0) as repeaters
        from customer_gap_days g
       where g.scope = v_scope and g.basis = p_basis and g.day between p_from and p_to
    ), fresh as (
      select count(*) as buyers from customer_first_days f
       where f.basis = p_basis and f.first_day between p_from and p_to
         and (v_scope = 0 or exists (select 1 from customer_sales_days c
                                      where c.customer_id = f.customer_id and c.basis = p_basis
                                        and c.location_id = v_scope and c.day between p_from and p_to))
    )
    select s.buyers::integer, f.buyers::integer, (s.buyers - f.buyers)::integer, s.repeaters::integer from seen s, fresh f;
end
$$;
