-- An owner changes rate limits and holds (p_values: {"limits.…": {"limit", "minutes"}, "holds.…": n}),
-- in one transaction: each changed setting is stored and audit-logged with its value before and
-- after; unchanged ones are left alone. Returns how many changed. An unknown key or a value out of
-- range is refused, naming the field (the key with its dots as underscores, + "_limit"/"_minutes").
create or replace function set_security_settings(p_values jsonb, p_admin_user_id bigint, p_request_id text, p_ip inet) returns integer
language plpgsql volatile as $$
declare
  actor_email text;
  item record;
  current_row record;
  field text;
  changed integer := 0;
begin
  select email into actor_email from admin_users where id = p_admin_user_id and role = 'owner';
  if actor_email is null then
    raise exception 'Only an owner can change rate limits and holds.' using errcode = 'LR409';
  end if;
  if p_values is null or jsonb_typeof(p_values) <> 'object' then
    raise exception 'Send the settings to change.' using errcode = 'LR422';
  end if;
  for item in select j.key, j.value from jsonb_each(p_values) j order by j.key loop
    select * into current_row from security_settings() s where s.key = item.key;
    if not found then
      raise exception 'There is no setting called %.', item.key using errcode = 'LR422';
    end if;
    field := replace(item.key, '.', '_');
    if item.key like 'limits.%' then
      if jsonb_typeof(item.value -> 'limit') is distinct from 'number' or (item.value ->> 'limit') !~ '^[0-9]{1,6}$'
         or (item.value ->> 'limit')::int < 1 then
        raise exception 'Enter a whole number of attempts from 1 to 999999.' using errcode = 'LR422', column = field || '_limit';
      end if;
      if jsonb_typeof(item.value -> 'minutes') is distinct from 'number' or (item.value ->> 'minutes') !~ '^[0-9]{1,4}$'
         or (item.value ->> 'minutes')::int not between 1 and 1440 then
        raise exception 'Enter a window of 1 to 1440 minutes.' using errcode = 'LR422', column = field || '_minutes';
      end if;
      item.value := jsonb_build_object('limit', (item.value ->> 'limit')::int, 'minutes', (item.value ->> 'minutes')::int);
      if item.key = 'limits.sign_in_per_account' and ((item.value ->> 'limit')::int > 10
         or (item.value ->> 'limit')::numeric / (item.value ->> 'minutes')::int > 10.0 / 15) then
        raise exception 'Sign-in may not be looser than 10 attempts per 15 minutes per account.' using errcode = 'LR422', column = field || '_limit';
      end if;
    else
      if jsonb_typeof(item.value) is distinct from 'number' or item.value::text !~ '^[0-9]{1,4}$' or item.value::text::int not between 1 and 1440 then
        raise exception 'Enter a whole number from 1 to 1440.' using errcode = 'LR422', column = field;
      end if;
    end if;
    perform 1 from settings s where s.key = item.key for update;
    if current_row.value = item.value then
      continue;
    end if;
    insert into settings (key, value) values (item.key, item.value)
    on conflict (key) do update set value = excluded.value, updated_at = now();
    insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
    values (p_admin_user_id, actor_email, 'security.setting', 'setting', item.key, current_row.value, item.value, p_request_id, p_ip);
    changed := changed + 1;
  end loop;
  return changed;
end
$$;
