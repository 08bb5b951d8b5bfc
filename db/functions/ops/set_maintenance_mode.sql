-- Turns maintenance mode on or off and records who did it, in one transaction.
create or replace function set_maintenance_mode(
  p_enabled boolean, p_message text, p_admin_user_id bigint, p_request_id text, p_ip inet
) returns void
language plpgsql volatile as $$
declare
  previous jsonb;
  next_value jsonb := jsonb_build_object('enabled', p_enabled, 'message', coalesce(nullif(trim(p_message), ''), null));
  actor_email text;
begin
  select email into actor_email from admin_users where id = p_admin_user_id;
  if actor_email is null then
    raise exception 'Only a signed-in admin can change maintenance mode.' using errcode = 'LR409';
  end if;
  select value into previous from settings where key = 'shop.maintenance' for update;
  insert into settings (key, value) values ('shop.maintenance', next_value)
  on conflict (key) do update set value = excluded.value, updated_at = now();
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, case when p_enabled then 'maintenance.enable' else 'maintenance.disable' end,
          'setting', 'shop.maintenance', previous, next_value, p_request_id, p_ip);
end
$$;
