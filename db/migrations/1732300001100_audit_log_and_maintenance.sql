-- Up Migration
-- The audit log (append-only: who did what, when, before and after, from which request and IP) and
-- the storefront's maintenance switch, which is always changed together with its audit entry.

create table audit_log (
  id bigint generated always as identity primary key,
  admin_user_id bigint references admin_users (id) on delete set null,
  actor text not null,
  action text not null check (action ~ '^[a-z_]+(\.[a-z_]+)*$'),
  subject_type text,
  subject_id text,
  before jsonb,
  after jsonb,
  request_id text,
  ip inet,
  created_at timestamptz not null default now()
);
create index audit_log_created_idx on audit_log (created_at desc);
create index audit_log_subject_idx on audit_log (subject_type, subject_id, created_at desc);

create function tg_audit_log__append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'the audit log is append-only: % is not allowed', tg_op using errcode = 'LR409';
end
$$;
create trigger tg_audit_log__no_update_or_delete before update or delete on audit_log
for each row execute function tg_audit_log__append_only();
create trigger tg_audit_log__no_truncate before truncate on audit_log
for each statement execute function tg_audit_log__append_only();

-- Turns maintenance mode on or off and records who did it, in one transaction.
create function set_maintenance_mode(
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

-- Down Migration
drop function set_maintenance_mode(boolean, text, bigint, text, inet);
drop trigger tg_audit_log__no_truncate on audit_log;
drop trigger tg_audit_log__no_update_or_delete on audit_log;
drop function tg_audit_log__append_only();
drop table audit_log;
delete from settings where key = 'shop.maintenance';
