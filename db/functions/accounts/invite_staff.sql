-- An owner invites someone by email: a one-time link that expires after 72 hours, emailed by a job
-- queued in the same transaction. A newer invite to the same address replaces the older ones.
create or replace function invite_staff(
  p_email text, p_role text, p_token text, p_by bigint, p_request_id text, p_ip inet
) returns bigint
language plpgsql volatile as $$
declare
  invite_id bigint;
  address text := trim(p_email);
begin
  perform private.acting_owner(p_by);
  if p_role is null or p_role not in ('owner', 'staff') then
    raise exception 'Choose owner or staff.' using errcode = 'LR422', column = 'role';
  end if;
  if exists (select 1 from admin_users where lower(email) = lower(address) and deactivated_at is null) then
    raise exception 'Someone already signs in with that email address.' using errcode = 'LR409', column = 'email';
  end if;
  if exists (select 1 from admin_users where lower(email) = lower(address)) then
    raise exception 'That address belongs to a deactivated member; their account stays closed.' using errcode = 'LR409', column = 'email';
  end if;
  update staff_invites set expires_at = now()
   where kind = 'invite' and lower(email) = lower(address) and accepted_at is null and expires_at > now();
  insert into staff_invites (kind, email, role, token_hash, invited_by, expires_at)
  values ('invite', address, p_role, private.staff_token_hash(p_token), p_by, now() + interval '72 hours')
  returning id into invite_id;
  perform private.queue_staff_email(invite_id, p_token);
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  select p_by, email, 'staff.invite', 'staff_invite', invite_id::text, null,
         jsonb_build_object('email', address, 'role', p_role), p_request_id, p_ip
    from admin_users where id = p_by;
  return invite_id;
end
$$;
