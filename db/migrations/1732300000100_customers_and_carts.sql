-- Up Migration
-- Customers and their carts. A cart belongs to a browser session until it is checked out.

create table customers (
  id bigint generated always as identity primary key,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  name text not null,
  phone text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index customers_email_key on customers (lower(email));

create table carts (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Set by place_order: a checked-out cart is read-only and maps to exactly one order.
  checked_out_at timestamptz
);

create table cart_items (
  cart_id uuid not null references carts (id) on delete cascade,
  variant_id bigint not null references variants (id) on delete cascade,
  quantity integer not null check (quantity between 1 and 99),
  added_at timestamptz not null default now(),
  primary key (cart_id, variant_id)
);

-- Down Migration
drop table cart_items;
drop table carts;
drop table customers;
