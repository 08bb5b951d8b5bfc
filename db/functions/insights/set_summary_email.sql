-- An owner's choice of summary email (off, daily or weekly, at a local hour). Returns the setting
-- before (null the first time) for the audit entry the caller writes in the same transaction.
-- Staff get none: the figures are the owners'.
create or replace function set_summary_email(p_admin_user_id bigint, p_frequency text, p_local_hour integer) returns jsonb
language plpgsql volatile as $$
declare
  before jsonb;
begin
  if not exists (select 1 from admin_users where id = p_admin_user_id and role = 'owner' and deactivated_at is null) then
    raise exception 'Only an owner can have the summary email.' using errcode = 'LR409';
  end if;
  if p_frequency is null or p_frequency not in ('off', 'daily', 'weekly') then
    raise exception 'Choose off, daily or weekly.' using errcode = 'LR422', column = 'frequency';
  end if;
  if p_local_hour is null or p_local_hour not between 0 and 23 then
    raise exception 'Choose an hour from 0 to 23.' using errcode = 'LR422', column = 'hour';
  end if;
  select jsonb_build_object('frequency', s.frequency, 'local_hour', s.local_hour) into before from summary_email_settings s where admin_user_id = p_admin_user_id;
  insert into summary_email_settings (admin_user_id, frequency, local_hour)
  values (p_admin_user_id, p_frequency, p_local_hour)
  on conflict (admin_user_id) do update set frequency = excluded.frequency, local_hour = excluded.local_hour, updated_at = now();
  return before;
end
$$;
