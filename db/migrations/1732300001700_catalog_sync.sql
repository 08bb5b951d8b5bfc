-- Up Migration
-- Syncing the menu from Square's catalog (when the setting `catalog.source` is "square"): where the last
-- sync got to, a history of sync runs, each synced row's Square version (so an older page or object
-- never overwrites a newer one), images, and per-product overrides of a modifier list's min/max.

-- One row: SearchCatalogObjects' `latest_time` from the last sync that finished, exactly as Square
-- sent it. The next incremental sync asks for changes after it (`begin_time`). Never our own clock.
create table catalog_sync_state (
  id boolean primary key default true check (id),
  latest_time text check (latest_time <> ''),
  updated_at timestamptz not null default now()
);

create table catalog_sync_runs (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('full', 'incremental')),
  -- What asked for it: the hourly cron, a catalog.version.updated webhook, or an owner's button.
  trigger text not null check (trigger in ('cron', 'webhook', 'admin')),
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  -- An incremental sync's begin_time (the stored latest_time it started from).
  begin_time text,
  -- The latest_time Square answered with; stored in catalog_sync_state when the run succeeds.
  latest_time text,
  pages integer not null default 0 check (pages >= 0),
  -- Catalog objects Square sent, and how many of them changed something here.
  objects_received integer not null default 0 check (objects_received >= 0),
  objects_applied integer not null default 0 check (objects_applied >= 0),
  -- Products a full sync took off the menu because Square no longer has them.
  products_deactivated integer not null default 0 check (products_deactivated >= 0),
  inventory_counts_applied integer not null default 0 check (inventory_counts_applied >= 0),
  error text,
  request_id text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  check ((status = 'running') = (finished_at is null)),
  check (status <> 'failed' or error is not null)
);
create index catalog_sync_runs_started_idx on catalog_sync_runs (started_at desc, id desc);

-- Square's IMAGE objects: a product shows the first of its item's images (products.square_image_id).
create table catalog_images (
  square_image_id text primary key,
  url text,
  square_version bigint not null,
  is_deleted boolean not null default false,
  updated_at timestamptz not null default now(),
  check (is_deleted or url is not null)
);

-- The Square `version` last applied to each synced row; null for rows Square never sent.
alter table categories add column square_version bigint;
alter table products add column square_version bigint;
alter table products add column square_image_id text;
alter table variants add column square_version bigint;
alter table modifier_lists add column square_version bigint;
alter table modifiers add column square_version bigint;

-- Square lets an item override a list's min/max (modifier_list_info); null means the list's own.
alter table product_modifier_lists add column min_selected integer check (min_selected between 0 and 100);
alter table product_modifier_lists add column max_selected integer check (max_selected between 1 and 100);

-- Queues a catalog sync. One job per mode at a time (a request while one waits replaces it; one that
-- comes while it runs queues another), and every sync job in one queue, so runs never overlap.
create function request_catalog_sync(p_mode text, p_trigger text) returns void
language plpgsql volatile as $$
begin
  if p_mode not in ('full', 'incremental') then
    raise exception 'Choose a full or an incremental sync.' using errcode = 'LR422', column = 'mode';
  end if;
  if p_trigger not in ('cron', 'webhook', 'admin') then
    raise exception 'Unknown sync trigger %.', p_trigger using errcode = 'LR422', column = 'trigger';
  end if;
  perform graphile_worker.add_job(
    identifier => 'sync_catalog',
    payload => json_strip_nulls(json_build_object(
      'mode', p_mode, 'trigger', p_trigger, 'request_id', nullif(current_setting('larder.request_id', true), ''))),
    queue_name => 'catalog_sync',
    max_attempts => 5,
    job_key => 'sync_catalog:' || p_mode,
    job_key_mode => 'replace');
end
$$;

-- Where the menu comes from: "square" (synced from Square's catalog) or "local" (edited in the admin).
-- A missing setting means "local". Changing it is audit-logged; switching to Square queues a full sync.
create function set_catalog_source(p_source text, p_admin_user_id bigint, p_request_id text, p_ip inet) returns boolean
language plpgsql volatile as $$
declare
  previous jsonb;
  actor_email text;
begin
  if p_source is null or p_source not in ('square', 'local') then
    raise exception 'Choose Square or Larder as the menu''s source.' using errcode = 'LR422', column = 'source';
  end if;
  select email into actor_email from admin_users where id = p_admin_user_id and role = 'owner';
  if actor_email is null then
    raise exception 'Only an owner can change where the menu comes from.' using errcode = 'LR409';
  end if;
  select value into previous from settings where key = 'catalog.source' for update;
  if previous = to_jsonb(p_source) or (previous is null and p_source = 'local') then
    return false;
  end if;
  insert into settings (key, value) values ('catalog.source', to_jsonb(p_source))
  on conflict (key) do update set value = excluded.value, updated_at = now();
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, 'catalog.source', 'setting', 'catalog.source', previous, to_jsonb(p_source),
          p_request_id, p_ip);
  if p_source = 'square' then
    perform request_catalog_sync('full', 'admin');
  end if;
  return true;
end
$$;

-- Down Migration
drop function set_catalog_source(text, bigint, text, inet);
drop function request_catalog_sync(text, text);
alter table product_modifier_lists drop column max_selected;
alter table product_modifier_lists drop column min_selected;
alter table modifiers drop column square_version;
alter table modifier_lists drop column square_version;
alter table variants drop column square_version;
alter table products drop column square_image_id;
alter table products drop column square_version;
alter table categories drop column square_version;
drop table catalog_images;
drop table catalog_sync_runs;
drop table catalog_sync_state;
