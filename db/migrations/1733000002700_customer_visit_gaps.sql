-- Up Migration
-- The dashboard's customer counts as sums of days (ADR 017, "Customers as gaps"): how many
-- distinct customers bought in a range, and how many of them bought twice or more, follow from each
-- day of buying's distance to the customer's previous (and second previous) order. customer_visits
-- keeps those distances per customer and day of buying, per scope (a location, or 0: all of
-- them); customer_gap_days counts them per day and distance, so a range reads ~days × distances rows
-- instead of one per customer and day. rollup_sales keeps both for the customers whose days changed.
create table customer_visits (
  -- a location's id, or 0 for all locations together (no foreign key: 0 is no location)
  scope bigint not null,
  basis text not null check (basis in ('ordered', 'fulfilled')),
  customer_id bigint not null references customers (id) on delete cascade,
  day date not null,
  orders integer not null check (orders > 0),
  -- days since the customer's previous day of buying in this scope; null: none before
  last_gap integer check (last_gap > 0),
  -- days since the day of their second most recent order before this day (the previous day again
  -- when it had two or more orders); null: fewer than two before
  second_last_gap integer check (second_last_gap >= last_gap),
  primary key (customer_id, scope, basis, day)
);

create table customer_gap_days (
  scope bigint not null,
  basis text not null check (basis in ('ordered', 'fulfilled')),
  day date not null,
  -- a distance in days; 0 stands for "none before"
  gap integer not null check (gap >= 0),
  -- customer_visits of this day whose last_gap is gap (0: a first day of buying)…
  by_last integer not null check (by_last >= 0),
  -- …of which with two or more orders that day
  multi_by_last integer not null check (multi_by_last >= 0 and multi_by_last <= by_last),
  -- customer_visits of this day whose second_last_gap is gap
  by_second_last integer not null check (by_second_last >= 0),
  primary key (scope, basis, day, gap)
);

create index customer_first_days_basis_day_idx on customer_first_days (basis, first_day);

-- Each customer's orders and net sales per local month, per scope: top customers of a range that is
-- mostly one month read that month's ranking (this index, in order) and correct only the customers
-- of the days where the range and the month differ.
create table customer_sales_months (
  scope bigint not null,
  basis text not null check (basis in ('ordered', 'fulfilled')),
  month date not null check (month = date_trunc('month', month)::date),
  customer_id bigint not null references customers (id) on delete cascade,
  orders integer not null check (orders > 0),
  net_cents bigint not null,
  primary key (scope, basis, month, customer_id)
);
create index customer_sales_months_ranking_idx on customer_sales_months (scope, basis, month, net_cents desc, orders desc, customer_id);
create index customer_sales_months_customer_idx on customer_sales_months (customer_id);

insert into customer_sales_months (scope, basis, month, customer_id, orders, net_cents)
select location_id, basis, date_trunc('month', day)::date, customer_id, sum(orders), sum(net_cents)
  from customer_sales_days group by 1, 2, 3, 4
union all
select 0, basis, date_trunc('month', day)::date, customer_id, sum(orders), sum(net_cents)
  from customer_sales_days group by 2, 3, 4;

with days as (
  select location_id as scope, basis, customer_id, day, orders from customer_sales_days
  union all
  select 0, basis, customer_id, day, sum(orders)::integer from customer_sales_days group by basis, customer_id, day
)
insert into customer_visits (scope, basis, customer_id, day, orders, last_gap, second_last_gap)
select scope, basis, customer_id, day, orders, day - lag(day) over w,
       day - case when lag(orders) over w >= 2 then lag(day) over w else lag(day, 2) over w end
  from days window w as (partition by scope, basis, customer_id order by day);

insert into customer_gap_days (scope, basis, day, gap, by_last, multi_by_last, by_second_last)
select scope, basis, day, gap, sum(by_last), sum(multi_by_last), sum(by_second_last)
  from (select scope, basis, day, coalesce(last_gap, 0) as gap, 1 as by_last, (orders >= 2)::integer as multi_by_last, 0 as by_second_last
          from customer_visits
        union all
        select scope, basis, day, second_last_gap, 0, 0, 1 from customer_visits where second_last_gap is not null) each_visit
 group by 1, 2, 3, 4;

-- Down Migration
drop index customer_first_days_basis_day_idx;
drop table customer_sales_months, customer_gap_days, customer_visits;
