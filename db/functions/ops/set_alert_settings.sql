-- The owners' alert settings: quiet hours (both times or neither, shop's local time) and the phone
-- incident texts go to (none: email only); recorded in the audit log, in one transaction.
create or replace function set_alert_settings(
  p_quiet_from text, p_quiet_until text, p_sms_to text, p_admin_user_id bigint, p_request_id text, p_ip inet
) returns void
language plpgsql volatile as $$
declare
  previous jsonb;
  next_value jsonb;
  actor_email text;
begin
  select email into actor_email from admin_users where id = p_admin_user_id and role = 'owner';
  if actor_email is null then
    raise exception 'Only an owner can change the alert settings.' using errcode = 'LR409';
  end if;
  if (nullif(p_quiet_from, '') is null) <> (nullif(p_quiet_until, '') is null) then
    raise exception 'Give both times of the quiet hours, or neither.' using errcode = 'LR422',
      column = case when nullif(p_quiet_from, '') is null then 'quiet_from' else 'quiet_until' end;
  end if;
  if nullif(p_quiet_from, '') is not null and p_quiet_from = p_quiet_until then
    raise exception 'Quiet hours must end at another time than they start.' using errcode = 'LR422', column = 'quiet_until';
  end if;
  next_value := jsonb_strip_nulls(jsonb_build_object(
    'quiet_from', nullif(p_quiet_from, ''), 'quiet_until', nullif(p_quiet_until, ''), 'sms_to', nullif(p_sms_to, '')));
  select value into previous from settings where key = 'alerts' for update;
  insert into settings (key, value) values ('alerts', next_value)
  on conflict (key) do update set value = excluded.value, updated_at = now();
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, 'alerts.update', 'setting', 'alerts', previous, next_value, p_request_id, p_ip);
end
$$;
