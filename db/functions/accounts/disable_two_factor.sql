-- A member turns their own two-factor off (not while the owners require it for everyone).
create or replace function disable_two_factor(p_admin_user_id bigint, p_request_id text, p_ip inet)
returns void
language plpgsql volatile as $$
begin
  if two_factor_required() then
    raise exception 'Two-factor sign-in is required for everyone in this shop.' using errcode = 'LR409';
  end if;
  update admin_users set totp_secret = null, totp_pending_secret = null, totp_enabled_at = null, totp_last_step = null
   where id = p_admin_user_id and totp_enabled_at is not null;
  if found then
    delete from admin_recovery_codes where admin_user_id = p_admin_user_id;
    perform private.audit_staff_change(p_admin_user_id, 'account.disable_two_factor', p_admin_user_id, null, null, p_request_id, p_ip);
  end if;
end
$$;
