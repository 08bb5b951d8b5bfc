-- What the storefront's public pages show (the menu, each product: catalog, photos, sold-out
-- states, daily limits, pauses, hours, the shop's look) comes from these tables. A statement that
-- changes one of them tells every app process, which then stops serving the pages it kept for
-- visitors without a cookie (app/catalog/page-cache.server.ts, storefront-changes.server.ts).
-- Postgres sends a transaction's notifications at its commit, once per channel and payload however
-- many statements raised them, and not at all on rollback: a process hears of a change it can
-- already read.
--
-- Two tables change with every order and are narrowed, so that a drop day's orders do not drop
-- the kept pages many times a second (docs/decisions/024):
-- - inventory_levels: the pages show whether a variation is in stock, not how many are left, so
--   an update notifies only when a row's "in stock" flips (or it moves to another variation or
--   location); inserts and deletes always do.
-- - slot_reservations has no trigger: a slot filling up changes only which days a daily limit's
--   note is about, and those notes then follow within the minute (pages are kept at most until the
--   end of the minute they were rendered in). Checkout offers only slots with room, whatever a page said.
create or replace function private.tg_storefront__changed() returns trigger
language plpgsql as $$
begin
  perform pg_notify('larder_storefront_changed', '');
  return null;
end
$$;

create trigger tg_categories__storefront_changed after insert or update or delete or truncate on categories
for each statement execute function private.tg_storefront__changed();

create trigger tg_products__storefront_changed after insert or update or delete or truncate on products
for each statement execute function private.tg_storefront__changed();

create trigger tg_variants__storefront_changed after insert or update or delete or truncate on variants
for each statement execute function private.tg_storefront__changed();

create trigger tg_images__storefront_changed after insert or update or delete or truncate on images
for each statement execute function private.tg_storefront__changed();

create trigger tg_catalog_images__storefront_changed after insert or update or delete or truncate on catalog_images
for each statement execute function private.tg_storefront__changed();

create trigger tg_modifier_lists__storefront_changed after insert or update or delete or truncate on modifier_lists
for each statement execute function private.tg_storefront__changed();

create trigger tg_modifiers__storefront_changed after insert or update or delete or truncate on modifiers
for each statement execute function private.tg_storefront__changed();

create trigger tg_product_modifier_lists__storefront_changed after insert or update or delete or truncate on product_modifier_lists
for each statement execute function private.tg_storefront__changed();

create trigger tg_daily_limits__storefront_changed after insert or update or delete or truncate on daily_limits
for each statement execute function private.tg_storefront__changed();

create trigger tg_daily_limit_uses__storefront_changed after insert or update or delete or truncate on daily_limit_uses
for each statement execute function private.tg_storefront__changed();

create trigger tg_locations__storefront_changed after insert or update or delete or truncate on locations
for each statement execute function private.tg_storefront__changed();

create trigger tg_location_hours__storefront_changed after insert or update or delete or truncate on location_hours
for each statement execute function private.tg_storefront__changed();

create trigger tg_location_closures__storefront_changed after insert or update or delete or truncate on location_closures
for each statement execute function private.tg_storefront__changed();

create trigger tg_settings__storefront_changed after insert or update or delete or truncate on settings
for each statement execute function private.tg_storefront__changed();

create trigger tg_shop_branding__storefront_changed after insert or update or delete or truncate on shop_branding
for each statement execute function private.tg_storefront__changed();

create trigger tg_inventory_levels__storefront_changed after insert or delete or truncate on inventory_levels
for each statement execute function private.tg_storefront__changed();

create trigger tg_inventory_levels__storefront_in_stock_changed after update on inventory_levels
for each row when (
  coalesce(old.quantity > 0, true) is distinct from coalesce(new.quantity > 0, true)
  or coalesce(old.quantity = 0, false) is distinct from coalesce(new.quantity = 0, false)
  or old.variant_id is distinct from new.variant_id or old.location_id is distinct from new.location_id
) execute function private.tg_storefront__changed();
