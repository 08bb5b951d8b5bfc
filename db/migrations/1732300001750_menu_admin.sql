-- Up Migration
-- What the admin's menu editor relies on beyond the catalog's own constraints: a product's image is
-- a web address, and the catalog's source is one of the two the shop knows. The setting
-- `catalog.source` says where the menu is edited: "local" (the admin, also when the row is missing)
-- or "square" (Square's catalog, kept in step by the sync; the admin then shows it read-only).

alter table products add constraint products_image_url_check
  check (image_url is null or (length(image_url) <= 2048 and image_url ~ '^https?://[^\s/?#]+[^\s]*$'));

alter table settings add constraint settings_catalog_source_check
  check (key <> 'catalog.source' or value in ('"local"'::jsonb, '"square"'::jsonb));

-- Down Migration
alter table settings drop constraint settings_catalog_source_check;
alter table products drop constraint products_image_url_check;
