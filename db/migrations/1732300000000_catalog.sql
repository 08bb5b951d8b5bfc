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
  pickup_slot_minutes integer not null default 15 check (pickup_slot_minutes between 5 and 240),
  pickup_lead_minutes integer not null default 20 check (pickup_lead_minutes between 0 and 1440),
  pickup_days_ahead integer not null default 1 check (pickup_days_ahead between 0 and 30),
  -- Orders one pickup slot can take.
  pickup_slot_capacity integer not null default 8 check (pickup_slot_capacity between 1 and 1000),
  is_active boolean not null default true,
  created_at timestamptz not null default now()
);

-- Weekly opening hours on the location's local clock; a day may have several ranges (a lunch break).
create table location_hours (
  location_id bigint not null references locations (id) on delete cascade,
  -- 0 = Sunday … 6 = Saturday, as extract(dow).
  weekday smallint not null check (weekday between 0 and 6),
  opens_at time not null,
  closes_at time not null,
  primary key (location_id, weekday, opens_at),
  check (opens_at < closes_at)
);

-- Whole days a location is closed (holidays), on its local calendar.
create table location_closures (
  location_id bigint not null references locations (id) on delete cascade,
  closed_on date not null,
  reason text not null default '',
  primary key (location_id, closed_on)
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
drop table location_closures;
drop table location_hours;
drop table locations;
