-- An owner resets a member (a forgotten password, a lost phone): their password and two-factor are
-- cleared and their sessions end at once, and they are emailed a one-time link to set a new password.
create or replace function reset_staff_member(
  p_admin_user_id bigint, p_token text, p_by bigint, p_request_id text, p_ip inet
) returns bigint
language plpgsql volatile as $$
declare
  member admin_users;
  invite_id bigint;
begin
  perform private.acting_owner(p_by);
  select * into member from admin_users where id = p_admin_user_id for update;
  if member.id is null then
    raise exception 'There is no such member of staff.' using errcode = 'LR404';
  end if;
  if member.deactivated_at is not null then
    raise exception 'That member is deactivated.' using errcode = 'LR409';
  end if;
  update admin_users
     -- Not a scrypt hash: no password matches it until the member sets one from the link.
     set password_hash = 'reset', totp_secret = null, totp_pending_secret = null, totp_enabled_at = null,
         totp_last_step = null
   where id = member.id;
  delete from admin_recovery_codes where admin_user_id = member.id;
  delete from sessions where admin_user_id = member.id;
  update staff_invites set expires_at = now()
   where admin_user_id = member.id and kind = 'reset' and accepted_at is null and expires_at > now();
  insert into staff_invites (kind, email, admin_user_id, token_hash, invited_by, expires_at)
  values ('reset', member.email, member.id, private.staff_token_hash(p_token), p_by, now() + interval '72 hours')
  returning id into invite_id;
  perform private.queue_staff_email(invite_id, p_token);
  perform private.audit_staff_change(p_by, 'staff.reset', member.id, null, null, p_request_id, p_ip);
  return invite_id;
end
$$;
