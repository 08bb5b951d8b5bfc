-- Up Migration
-- Packing and the pickup shelf (issue 11): allergen and dietary tags on products, shown on the menu,
-- the packing cards and the labels; a pickup nobody collected is recorded as a no-show, once, and
-- counted per customer for follow-up.
alter table products
  add column allergens text[] not null default '{}',
  add constraint products_allergens_check check (
    cardinality(allergens) <= 12
    and array_to_string(allergens, ',') !~ '[^a-z0-9 ,-]'
    and not ('' = any (allergens)));

alter table orders
  add column no_show_at timestamptz,
  add column no_show_by bigint references admin_users (id) on delete set null,
  add constraint orders_no_show_is_pickup check (no_show_at is null or fulfillment = 'pickup');

alter table customers add column no_shows integer not null default 0 check (no_shows >= 0);

-- Down Migration
alter table customers drop column no_shows;
alter table orders
  drop constraint orders_no_show_is_pickup,
  drop column no_show_by,
  drop column no_show_at;
alter table products drop constraint products_allergens_check, drop column allergens;
