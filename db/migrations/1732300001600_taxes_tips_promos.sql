-- Up Migration
-- What an order costs beyond its lines: tax per location, tips, promo codes, delivery fee and
-- shipping. The amounts on orders and order_items are written by place_order from price_order().

alter table locations
  add column tax_name text not null default 'Sales tax' check (length(trim(tax_name)) > 0),
  -- 825 = 8.25 %.
  add column tax_rate_bps integer not null default 0 check (tax_rate_bps between 0 and 5000),
  -- Inclusive: menu prices already contain the tax; exclusive: it is added at checkout.
  add column tax_inclusive boolean not null default false,
  add column tips_enabled boolean not null default true,
  -- The preset tip percentages offered at checkout (no tip is always the default).
  add column tip_percentages integer[] not null default '{10,15,20}'
    check (cardinality(tip_percentages) <= 5 and 0 < all (tip_percentages) and 100 >= all (tip_percentages));

create table promo_codes (
  id bigint generated always as identity primary key,
  -- Stored upper-case; customers may type it in any case.
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$'),
  description text not null default '',
  kind text not null check (kind in ('percent', 'fixed')),
  -- 1500 = 15 % off.
  percent_bps integer check (percent_bps between 1 and 10000),
  amount_cents bigint check (amount_cents > 0),
  currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  minimum_subtotal_cents bigint not null default 0 check (minimum_subtotal_cents >= 0),
  starts_at timestamptz,
  ends_at timestamptz,
  max_uses integer check (max_uses > 0),
  max_uses_per_customer integer check (max_uses_per_customer > 0),
  -- Orders holding this code (placed and not expired or cancelled unpaid).
  uses integer not null default 0,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((kind = 'percent') = (percent_bps is not null) and (kind = 'fixed') = (amount_cents is not null)),
  check (ends_at is null or starts_at is null or ends_at > starts_at),
  -- The total limit holds however many buyers race for the last use.
  check (uses >= 0 and (max_uses is null or uses <= max_uses))
);

create table promo_redemptions (
  promo_code_id bigint not null references promo_codes (id) on delete restrict,
  order_id bigint not null unique references orders (id) on delete cascade,
  customer_email text not null,
  created_at timestamptz not null default now(),
  primary key (promo_code_id, order_id)
);
create index promo_redemptions_customer_idx on promo_redemptions (promo_code_id, customer_email);

alter table orders
  add column promo_code_id bigint references promo_codes (id) on delete set null,
  add column promo_code text,
  add column discount_cents bigint not null default 0 check (discount_cents >= 0),
  add column tax_name text,
  add column tax_rate_bps integer not null default 0 check (tax_rate_bps >= 0),
  add column tax_inclusive boolean not null default false,
  add column tax_cents bigint not null default 0 check (tax_cents >= 0),
  add column delivery_fee_cents bigint not null default 0 check (delivery_fee_cents >= 0),
  add column shipping_cents bigint not null default 0 check (shipping_cents >= 0),
  add column tip_cents bigint not null default 0 check (tip_cents >= 0),
  add constraint orders_total_adds_up check (
    total_cents = subtotal_cents - discount_cents + case when tax_inclusive then 0 else tax_cents end
                  + delivery_fee_cents + shipping_cents + tip_cents);

-- Each line's share of the order's discount and tax, as Square apportions them.
alter table order_items
  add column discount_cents bigint not null default 0 check (discount_cents >= 0),
  add column tax_cents bigint not null default 0 check (tax_cents >= 0);

-- Down Migration
alter table order_items drop column tax_cents, drop column discount_cents;
alter table orders
  drop constraint orders_total_adds_up,
  drop column tip_cents,
  drop column shipping_cents,
  drop column delivery_fee_cents,
  drop column tax_cents,
  drop column tax_inclusive,
  drop column tax_rate_bps,
  drop column tax_name,
  drop column discount_cents,
  drop column promo_code,
  drop column promo_code_id;
drop table promo_redemptions;
drop table promo_codes;
alter table locations
  drop column tip_percentages,
  drop column tips_enabled,
  drop column tax_inclusive,
  drop column tax_rate_bps,
  drop column tax_name;
