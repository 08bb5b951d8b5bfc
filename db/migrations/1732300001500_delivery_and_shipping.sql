-- Up Migration
-- Local delivery by postal-code zone (fee, minimum order, windows with capacity) and flat-rate
-- shipping for shippable products.

alter table locations
  add column delivery_enabled boolean not null default false,
  add column delivery_window_minutes integer not null default 60 check (delivery_window_minutes between 15 and 480),
  add column delivery_lead_minutes integer not null default 60 check (delivery_lead_minutes between 0 and 2880),
  add column delivery_days_ahead integer not null default 2 check (delivery_days_ahead between 0 and 30),
  add column delivery_window_capacity integer not null default 4 check (delivery_window_capacity between 1 and 1000),
  add column shipping_enabled boolean not null default false,
  add column shipping_flat_cents bigint not null default 0 check (shipping_flat_cents >= 0),
  -- Customers choose the day their parcel is sent, up to this many days ahead.
  add column shipping_days_ahead integer not null default 7 check (shipping_days_ahead between 0 and 60);

create table delivery_zones (
  id bigint generated always as identity primary key,
  location_id bigint not null references locations (id) on delete cascade,
  name text not null check (length(trim(name)) > 0),
  fee_cents bigint not null default 0 check (fee_cents >= 0),
  minimum_cents bigint not null default 0 check (minimum_cents >= 0),
  is_active boolean not null default true,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, location_id)
);

-- A postal code belongs to at most one zone of a location. Codes are stored upper-case with
-- inner spaces kept ("SW1A 1AA", "94110").
create table delivery_zone_postal_codes (
  zone_id bigint not null,
  location_id bigint not null,
  postal_code text not null check (postal_code ~ '^[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]$'),
  primary key (location_id, postal_code),
  foreign key (zone_id, location_id) references delivery_zones (id, location_id) on delete cascade
);
create index delivery_zone_postal_codes_zone_idx on delivery_zone_postal_codes (zone_id);

alter table products add column shippable boolean not null default false;

alter table orders
  add column delivery_zone_id bigint references delivery_zones (id) on delete set null,
  -- Start of the delivery window.
  add column delivery_at timestamptz,
  -- The day a shipped order is sent, on the location's calendar.
  add column ship_on date,
  add column address_line1 text,
  add column address_line2 text,
  add column address_city text,
  add column address_region text,
  add column address_postal_code text,
  add constraint orders_delivery_details check (
    fulfillment <> 'delivery' or (delivery_at is not null and address_line1 is not null and address_postal_code is not null)),
  add constraint orders_shipping_details check (
    fulfillment <> 'shipping' or (ship_on is not null and address_line1 is not null and address_city is not null
                                  and address_region is not null and address_postal_code is not null));

-- Down Migration
alter table orders
  drop constraint orders_shipping_details,
  drop constraint orders_delivery_details,
  drop column address_postal_code,
  drop column address_region,
  drop column address_city,
  drop column address_line2,
  drop column address_line1,
  drop column ship_on,
  drop column delivery_at,
  drop column delivery_zone_id;
alter table products drop column shippable;
drop table delivery_zone_postal_codes;
drop table delivery_zones;
alter table locations
  drop column shipping_days_ahead,
  drop column shipping_flat_cents,
  drop column shipping_enabled,
  drop column delivery_window_capacity,
  drop column delivery_days_ahead,
  drop column delivery_lead_minutes,
  drop column delivery_window_minutes,
  drop column delivery_enabled;
