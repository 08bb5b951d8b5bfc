-- What the storefront's public pages show (the menu, each product: catalog, photos, stock, daily
-- limits, slots, pauses, hours, the shop's look) comes from these tables. A statement that changes
-- one of them tells every app process, which then stops serving the pages it kept for visitors
-- without a cookie (app/catalog/page-cache.server.ts, storefront-changes.server.ts). Postgres sends
-- a transaction's notifications at its commit, once per channel and payload however many statements
-- raised them, and not at all on rollback: a process hears of a change it can already read.
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

create trigger tg_inventory_levels__storefront_changed after insert or update or delete or truncate on inventory_levels
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

create trigger tg_slot_reservations__storefront_changed after insert or update or delete or truncate on slot_reservations
for each statement execute function private.tg_storefront__changed();

create trigger tg_settings__storefront_changed after insert or update or delete or truncate on settings
for each statement execute function private.tg_storefront__changed();

create trigger tg_shop_branding__storefront_changed after insert or update or delete or truncate on shop_branding
for each statement execute function private.tg_storefront__changed();
