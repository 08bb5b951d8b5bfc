-- The dashboard's top customers of a range (by net sales, then orders, then id), for a set of
-- locations, a basis and local days p_from..p_to (ADR 017). A range close to one month (the last 30
-- days, a month) starts from that month's ranking in customer_sales_months and corrects the
-- customers of the days where range and month differ ("edges"). Only the head of the month's
-- ranking (twice p_limit rows, in index order) is read with its edge corrections; past the head's
-- last row L, a customer can still rank in only if the edges add net sales or orders: anyone else is
-- at most their month figures, below L. So once the
-- head holds p_limit customers at or above L, the only month rows probed are those of the gaining
-- edge customers whose gain could lift them from below L past the head's p_limit-th. When it does
-- not, and for other ranges and for location sets that are neither one location nor all,
-- customer_sales_days are summed per customer.
create or replace function top_customers(p_location_ids bigint[], p_basis text, p_from date, p_to date, p_limit integer)
returns table (customer_id bigint, orders integer, net_cents bigint)
language plpgsql stable
-- A dashboard asks for ten: the estimate lets a join to customers probe by id.
rows 10
-- Small reads the planner cannot size before it sees the range: JIT would cost more than it saves.
set jit = off as $$
declare
  v_scope bigint := case when not exists (select 1 from locations where id <> all(p_location_ids)) then 0
                         when cardinality(p_location_ids) = 1 then p_location_ids[1] end;
  v_month date;
  v_edge_days integer;
  v_range_days integer := p_to - p_from + 1;
  v_head integer := greatest(p_limit, 1) * 2;
begin
  -- The month sharing most days with the range, and how many days the two differ by.
  select m, v_range_days + ((m + interval '1 month')::date - m)
            - 2 * (least(p_to, (m + interval '1 month')::date - 1) - greatest(p_from, m) + 1)
    into v_month, v_edge_days
    from (values (date_trunc('month', p_from)::date), (date_trunc('month', p_to)::date)) months (m)
   order by 2, 1 limit 1;
  if v_scope is not null and v_edge_days < v_range_days then
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
      ), head as materialized (
        select m.customer_id, m.orders, m.net_cents from customer_sales_months m
         where m.scope = v_scope and m.basis = p_basis and m.month = v_month
         order by m.net_cents desc, m.orders desc, m.customer_id limit v_head
      ), last as (
        -- L, and whether the month has rows past the head
        select h.orders, h.net_cents, h.customer_id, (select count(*) from head) = v_head as more
          from head h order by h.net_cents, h.orders, h.customer_id desc limit 1
      ), corrected_head as (
        select h.customer_id, h.orders + coalesce(e.orders, 0) as orders, h.net_cents + coalesce(e.net_cents, 0) as net_cents
          from head h left join edges e on e.customer_id = h.customer_id
      ), bar as (
        -- the head's p_limit-th customer once corrected, and how many are at or above L
        select (select c.net_cents from corrected_head c where c.orders > 0
                 order by c.net_cents desc, c.orders desc, c.customer_id offset greatest(p_limit, 1) - 1 limit 1) as net_cents,
               (select count(*) from corrected_head c, last l
                 where c.orders > 0 and (c.net_cents, c.orders, -c.customer_id) >= (l.net_cents, l.orders, -l.customer_id)) as at_or_above_last
      ), sure as (
        select not coalesce(l.more, false) or b.at_or_above_last >= p_limit as sure
          from bar b left join last l on true
      ), gaining as (
        -- edge customers past the head whose edges could lift them past the bar
        select e.customer_id, e.orders, e.net_cents, coalesce(l.more, false) as more
          from edges e left join last l on true cross join bar b
         where (e.net_cents > 0 or e.orders > 0)
           and not exists (select 1 from head h where h.customer_id = e.customer_id)
           -- past the head, a month's net is at most L's (or 0 with no month row)
           and (b.net_cents is null or l.net_cents is null or greatest(l.net_cents, 0) + e.net_cents >= b.net_cents)
      ), gained as (
        select g.customer_id, coalesce(m.orders, 0) + g.orders as orders, coalesce(m.net_cents, 0) + g.net_cents as net_cents
          from gaining g
          left join lateral (select m.orders, m.net_cents from customer_sales_months m
                              where g.more and m.scope = v_scope and m.basis = p_basis and m.month = v_month
                                and m.customer_id = g.customer_id limit 1) m on true -- (one key: probed per gaining customer)
      )
      select t.customer_id, t.orders, t.net_cents
        from (select * from corrected_head union all select * from gained) t, sure s
       where s.sure and t.orders > 0
       order by t.net_cents desc, t.orders desc, t.customer_id limit p_limit;
    if found or p_limit <= 0 then
      return;
    end if;
  end if;
  return query
    select c.customer_id, sum(c.orders)::integer, sum(c.net_cents::integer)
      from customer_sales_days c
     where c.location_id = any(p_location_ids) and c.basis = p_basis and c.day between p_from and p_to
     group by c.customer_id order by 3 desc, 2 desc, 1 limit p_limit;
end
$$;
