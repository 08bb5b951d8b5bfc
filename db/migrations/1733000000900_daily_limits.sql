-- Up Migration
-- Daily item limits (issue 11): the most of a product (all its variations together) or of one
-- variation that the kitchen makes for one fulfilment day, and optionally for one time (a pickup
-- slot or delivery window), counted in items ordered. They are the shop's own setting: catalog sync
-- from Square never writes this table.
create table daily_limits (
  id bigint generated always as identity primary key,
  product_id bigint references products (id) on delete cascade,
  variant_id bigint references variants (id) on delete cascade,
  per_day integer constraint daily_limits_per_day_check check (per_day between 0 and 1000000),
  per_slot integer constraint daily_limits_per_slot_check check (per_slot between 0 and 1000000),
  updated_at timestamptz not null default now(),
  constraint daily_limits_one_subject check (num_nonnulls(product_id, variant_id) = 1),
  -- A limit with neither number is no limit: it is removed instead.
  constraint daily_limits_some_limit check (num_nonnulls(per_day, per_slot) >= 1),
  constraint daily_limits_product_id_key unique (product_id),
  constraint daily_limits_variant_id_key unique (variant_id)
);
comment on table daily_limits is
  'The most items of a product (its variations summed) or of one variation sold per location and fulfilment day (per_day) and per slot or window (per_slot).';

-- What each limit has sold per location and day (slot_at null) and per slot or window: orders add
-- to `used` in their transaction, expiry, cancellation and corrections take it back. `capacity` is
-- the limit when the row was last written; the check is what stops any day or slot being oversold.
create table daily_limit_uses (
  limit_id bigint not null references daily_limits (id) on delete cascade,
  location_id bigint not null references locations (id) on delete cascade,
  day date not null,
  slot_at timestamptz,
  used integer not null default 0,
  capacity integer not null constraint daily_limit_uses_capacity_check check (capacity >= 0),
  constraint daily_limit_uses_used_check check (used >= 0 and used <= capacity),
  constraint daily_limit_uses_key unique nulls not distinct (limit_id, location_id, day, slot_at)
);

-- Down Migration
drop table daily_limit_uses;
drop table daily_limits;
