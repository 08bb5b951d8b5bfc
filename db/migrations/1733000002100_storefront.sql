-- Up Migration
-- The storefront's photos and branding (issue 15; docs/decisions/016-product-photos-in-postgres.md).
-- An uploaded photo is one row of `images`, named by the SHA-256 of the file sent (so its URLs are
-- content-addressed and cacheable for ever), with the resized copies the pages serve in
-- `image_variants`. A product shows its uploaded photo, else its image address, else Square's.
create table images (
  id bigint generated always as identity primary key,
  sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
  -- The original's size after EXIF rotation: what the widest variant may not exceed.
  width integer not null check (width between 1 and 10000),
  height integer not null check (height between 1 and 10000),
  created_at timestamptz not null default now()
);

create table image_variants (
  image_id bigint not null references images (id) on delete cascade,
  width integer not null check (width between 1 and 2000),
  format text not null check (format in ('webp', 'jpeg')),
  height integer not null check (height between 1 and 4000),
  bytes bytea not null check (octet_length(bytes) between 1 and 2000000),
  primary key (image_id, width, format)
);

alter table products add column image_id bigint references images (id) on delete set null;
create index products_image_id_idx on products (image_id) where image_id is not null;

-- The shop's look, one row: the hero line under its name, the description search engines and link
-- previews show, two colours (hex) and a logo. The name stays the `shop.name` setting.
create table shop_branding (
  id boolean primary key default true check (id),
  hero_line text not null default '' check (char_length(hero_line) <= 140 and hero_line !~ '[\r\n]'),
  description text not null default '' check (char_length(description) <= 300),
  brand_color text not null default '#8a3b12' check (brand_color ~ '^#[0-9a-f]{6}$'),
  accent_color text not null default '#fdf3e7' check (accent_color ~ '^#[0-9a-f]{6}$'),
  logo_image_id bigint references images (id) on delete set null,
  updated_at timestamptz not null default now()
);
insert into shop_branding (id) values (true);

-- Item notes ("no onions"): one line per variant, choices and note, so the same empanada with and
-- without a note are two lines; the note is copied onto the order's item for the kitchen.
alter table cart_items
  add column note text not null default '' check (char_length(note) <= 140 and note !~ '[\r\n]' and note = btrim(note)),
  drop constraint cart_items_line_key,
  add constraint cart_items_line_key unique (cart_id, variant_id, modifier_ids, note);
alter table order_items add column note text not null default '' check (char_length(note) <= 140);

-- Down Migration
drop view if exists cart_lines;
delete from cart_items a using cart_items b
 where a.cart_id = b.cart_id and a.variant_id = b.variant_id and a.modifier_ids = b.modifier_ids and a.id > b.id;
alter table order_items drop column note;
alter table cart_items drop constraint cart_items_line_key, drop column note,
  add constraint cart_items_line_key unique (cart_id, variant_id, modifier_ids);
drop table shop_branding;
drop index products_image_id_idx;
alter table products drop column image_id;
drop table image_variants;
drop table images;
