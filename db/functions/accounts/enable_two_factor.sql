-- Turns on two-factor for a member who proved the pending secret with a code (checked by the app):
-- the pending secret becomes theirs, that code's time step counts as used, and their recovery codes
-- (hashes) replace any older ones.
create or replace function enable_two_factor(
  p_admin_user_id bigint, p_step bigint, p_code_hashes bytea[], p_request_id text, p_ip inet
) returns void
language plpgsql volatile as $$
begin
  update admin_users
     set totp_secret = totp_pending_secret, totp_pending_secret = null, totp_enabled_at = now(), totp_last_step = p_step
   where id = p_admin_user_id and totp_pending_secret is not null and totp_secret is null and deactivated_at is null;
  if not found then
    raise exception 'Start setting up two-factor again: this set-up is no longer open.' using errcode = 'LR409', column = 'code';
  end if;
  delete from admin_recovery_codes where admin_user_id = p_admin_user_id;
  insert into admin_recovery_codes (admin_user_id, code_hash) select p_admin_user_id, unnest(p_code_hashes);
  perform private.audit_staff_change(p_admin_user_id, 'account.enable_two_factor', p_admin_user_id, null, null, p_request_id, p_ip);
end
$$;
