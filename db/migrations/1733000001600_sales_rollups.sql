-- Up Migration
-- The owner's dashboard reads only these rollups (issue 12; docs/decisions/013-sales-rollups.md).
-- Each is keyed by location, basis and the location's local day: 'ordered' is the day the order
-- was placed, 'fulfilled' the day it is made and collected, delivered or shipped. Only paid orders
-- that are not cancelled count; a row holds sums, so any range is a sum of days. rollup_sales
-- recomputes a location's days whole (jobs enqueued by the orders and refunds triggers, the
-- 15-minute sweep, `npm run rollups:rebuild`). daily_sales (payment day only, no basis, no channel)
-- gives way to sales_days.
create table sales_days (
  location_id bigint not null references locations (id) on delete cascade,
  basis text not null check (basis in ('ordered', 'fulfilled')),
  day date not null,
  fulfillment text not null check (fulfillment in ('pickup', 'delivery', 'shipping')),
  source text not null check (source in ('online', 'phone', 'walk_in')),
  currency character(3) not null check (currency ~ '^[A-Z]{3}$'),
  orders integer not null check (orders > 0),
  items_sold integer not null check (items_sold >= 0),
  gross_cents bigint not null check (gross_cents >= 0),
  discount_cents bigint not null check (discount_cents >= 0),
  refund_cents bigint not null check (refund_cents >= 0),
  -- gross − discounts − refunds: a refund is money handed back, tax, tip or fee included.
  net_cents bigint not null check (net_cents = gross_cents - discount_cents - refund_cents),
  tax_cents bigint not null check (tax_cents >= 0),
  tip_cents bigint not null check (tip_cents >= 0),
  delivery_fee_cents bigint not null check (delivery_fee_cents >= 0),
  shipping_cents bigint not null check (shipping_cents >= 0),
  total_cents bigint not null check (total_cents >= 0),
  rolled_up_at timestamptz not null default now(),
  primary key (location_id, basis, day, fulfillment, source)
);
create index sales_days_basis_day_idx on sales_days (basis, day);

-- Orders and net sales by the local hour they were placed ('ordered') or are due ('fulfilled';
-- shipping has a day but no hour, and is left out of this one).
create table sales_hours (
  location_id bigint not null references locations (id) on delete cascade,
  basis text not null check (basis in ('ordered', 'fulfilled')),
  day date not null,
  hour integer not null check (hour between 0 and 23),
  orders integer not null check (orders > 0),
  net_cents bigint not null,
  primary key (location_id, basis, day, hour)
);
create index sales_hours_basis_day_idx on sales_hours (basis, day);

-- One row per variation sold (or, for an item whose variation was deleted, per name as sold).
create table product_sales_days (
  location_id bigint not null references locations (id) on delete cascade,
  basis text not null check (basis in ('ordered', 'fulfilled')),
  day date not null,
  item_key text not null,
  variant_id bigint references variants (id) on delete set null,
  product_id bigint references products (id) on delete set null,
  product_name text not null,
  variant_name text not null,
  units integer not null check (units > 0),
  -- the lines' price with modifiers, less their share of the discount
  revenue_cents bigint not null check (revenue_cents >= 0),
  primary key (location_id, basis, day, item_key)
);
create index product_sales_days_basis_day_idx on product_sales_days (basis, day);

-- One row per customer (by identity: customers.id, the email) and day they bought.
create table customer_sales_days (
  location_id bigint not null references locations (id) on delete cascade,
  basis text not null check (basis in ('ordered', 'fulfilled')),
  day date not null,
  customer_id bigint not null references customers (id) on delete cascade,
  orders integer not null check (orders > 0),
  net_cents bigint not null,
  primary key (location_id, basis, day, customer_id)
);
create index customer_sales_days_basis_day_idx on customer_sales_days (basis, day);
-- "Had this customer bought before the range?" for new vs returning.
create index customer_sales_days_customer_idx on customer_sales_days (customer_id, basis, day);

-- Finding a location's orders by local day of placement (the fulfilment days have their indexes).
create index orders_location_created_idx on orders (location_id, created_at);

drop table daily_sales;
delete from metric_rollups where name = 'daily_sales';

-- Down Migration
create table daily_sales (
    location_id bigint not null references locations (id) on delete cascade,
    day date not null,
    currency character(3) not null,
    orders_paid integer default 0 not null check (orders_paid >= 0),
    items_sold integer default 0 not null check (items_sold >= 0),
    subtotal_cents bigint default 0 not null check (subtotal_cents >= 0),
    discount_cents bigint default 0 not null check (discount_cents >= 0),
    tax_cents bigint default 0 not null check (tax_cents >= 0),
    delivery_fee_cents bigint default 0 not null check (delivery_fee_cents >= 0),
    shipping_cents bigint default 0 not null check (shipping_cents >= 0),
    tip_cents bigint default 0 not null check (tip_cents >= 0),
    total_cents bigint default 0 not null check (total_cents >= 0),
    refunded_cents bigint default 0 not null check (refunded_cents >= 0),
    pickup_orders integer default 0 not null,
    delivery_orders integer default 0 not null,
    shipping_orders integer default 0 not null,
    rolled_up_at timestamp with time zone default now() not null,
    primary key (location_id, day)
);
delete from metric_rollups where name = 'sales';
drop index orders_location_created_idx;
drop table customer_sales_days, product_sales_days, sales_hours, sales_days;
