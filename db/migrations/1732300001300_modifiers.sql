-- Up Migration
-- Modifier lists ("Choose 6 fillings", "Add a salsa") and their modifiers, attached to products.
-- A list with min_selected >= 1 is required; max_selected null means "as many as there are".
-- Each modifier is chosen at most once per line.

create table modifier_lists (
  id bigint generated always as identity primary key,
  name text not null check (length(trim(name)) > 0),
  min_selected integer not null default 0 check (min_selected between 0 and 100),
  max_selected integer check (max_selected between 1 and 100),
  sort_order integer not null default 0,
  is_active boolean not null default true,
  square_modifier_list_id text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (max_selected is null or max_selected >= min_selected)
);

create table modifiers (
  id bigint generated always as identity primary key,
  modifier_list_id bigint not null references modifier_lists (id) on delete cascade,
  name text not null check (length(trim(name)) > 0),
  price_cents bigint not null default 0 check (price_cents >= 0),
  currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  sort_order integer not null default 0,
  is_active boolean not null default true,
  square_modifier_id text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index modifiers_list_idx on modifiers (modifier_list_id, sort_order);

create table product_modifier_lists (
  product_id bigint not null references products (id) on delete cascade,
  modifier_list_id bigint not null references modifier_lists (id) on delete cascade,
  sort_order integer not null default 0,
  primary key (product_id, modifier_list_id)
);
create index product_modifier_lists_list_idx on product_modifier_lists (modifier_list_id);

-- What a customer chose on an order line, as it was when the order was placed.
alter table order_items add column modifiers_cents bigint not null default 0 check (modifiers_cents >= 0);

create table order_item_modifiers (
  order_item_id bigint not null references order_items (id) on delete cascade,
  modifier_id bigint references modifiers (id) on delete set null,
  modifier_list_name text not null,
  name text not null,
  price_cents bigint not null check (price_cents >= 0),
  sort_order integer not null default 0
);
create index order_item_modifiers_item_idx on order_item_modifiers (order_item_id, sort_order);

-- Down Migration
drop table order_item_modifiers;
alter table order_items drop column modifiers_cents;
drop table product_modifier_lists;
drop table modifiers;
drop table modifier_lists;
