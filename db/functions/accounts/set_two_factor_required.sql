-- An owner requires (or stops requiring) two-factor sign-in of everyone; recorded in the audit log.
create or replace function set_two_factor_required(p_required boolean, p_by bigint, p_request_id text, p_ip inet)
returns void
language plpgsql volatile as $$
declare
  previous jsonb;
  actor_email text := private.acting_owner(p_by);
begin
  select value into previous from settings where key = 'accounts.require_two_factor' for update;
  insert into settings (key, value) values ('accounts.require_two_factor', to_jsonb(p_required))
  on conflict (key) do update set value = excluded.value, updated_at = now();
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_by, actor_email, case when p_required then 'accounts.require_two_factor' else 'accounts.allow_password_only' end,
          'setting', 'accounts.require_two_factor', previous, to_jsonb(p_required), p_request_id, p_ip);
end
$$;
