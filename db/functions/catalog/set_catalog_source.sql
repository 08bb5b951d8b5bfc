-- Where the menu comes from: "square" (synced from Square's catalog) or "local" (edited in the admin).
-- A missing setting means "local". Changing it is audit-logged; switching to Square queues a full sync.
create or replace function set_catalog_source(p_source text, p_admin_user_id bigint, p_request_id text, p_ip inet) returns boolean
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
