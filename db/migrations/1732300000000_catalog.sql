-- Up Migration
-- The shop's locations and the menu it sells there.

create table locations (
  id bigint generated always as identity primary key,
  name text not null check (length(trim(name)) > 0),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  address text not null default '',
  phone text not null default '',
  timezone text not null default 'America/Los_Angeles',
  currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  square_location_id text unique,
  -- Pickup hours are the same every day for now; the weekly calendar comes with fulfillment settings.
  opens_at time not null default '10:00',
  closes_at time not null default '20:00',
  pickup_slot_minutes integer not null default 15 check (pickup_slot_minutes between 5 and 240),
  pickup_lead_minutes integer not null default 20 check (pickup_lead_minutes between 0 and 1440),
  pickup_days_ahead integer not null default 1 check (pickup_days_ahead between 0 and 30),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  check (opens_at < closes_at)
);

create table categories (
  id bigint generated always as identity primary key,
  name text not null check (length(trim(name)) > 0),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  description text not null default '',
  sort_order integer not null default 0,
  square_category_id text unique,
  created_at timestamptz not null default now()
);

create table products (
  id bigint generated always as identity primary key,
  category_id bigint not null references categories (id) on delete restrict,
  name text not null check (length(trim(name)) > 0),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  description text not null default '',
  image_url text,
  sort_order integer not null default 0,
  is_active boolean not null default true,
  square_item_id text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index products_category_idx on products (category_id, sort_order) where is_active;

create table variants (
  id bigint generated always as identity primary key,
  product_id bigint not null references products (id) on delete cascade,
  name text not null check (length(trim(name)) > 0),
  price_cents bigint not null check (price_cents >= 0),
  currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  -- null stock means the variant is not tracked (made to order).
  stock integer check (stock >= 0),
  sold_out boolean not null default false,
  sort_order integer not null default 0,
  square_variation_id text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (product_id, name)
);
create index variants_product_idx on variants (product_id, sort_order);

-- Down Migration
drop table variants;
drop table products;
drop table categories;
drop table locations;
