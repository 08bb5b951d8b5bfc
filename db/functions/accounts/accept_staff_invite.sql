-- Uses an invite's (or a reset's) one-time link: sets the password (hashed by the app) and, for an
-- invite, makes the member. The link works once: the row is claimed with its lock, so of two
-- uses at once one wins and the other finds it used.
create or replace function accept_staff_invite(p_token text, p_password_hash text, p_name text)
returns table (admin_user_id bigint, email text, name text, role text)
language plpgsql volatile as $$
declare
  invite staff_invites;
  member_id bigint;
begin
  select * into invite from staff_invites where token_hash = private.staff_token_hash(p_token) for update;
  if invite.id is null then
    raise exception 'This link is not one we sent. Ask an owner for a new one.' using errcode = 'LR404';
  end if;
  if invite.accepted_at is not null then
    raise exception 'This link has already been used. Ask an owner for a new one.' using errcode = 'LR409';
  end if;
  if invite.expires_at <= now() then
    raise exception 'This link has expired. Ask an owner for a new one.' using errcode = 'LR409';
  end if;
  if invite.kind = 'invite' then
    begin
      insert into admin_users (email, name, password_hash, role, password_changed_at)
      values (invite.email, coalesce(trim(p_name), ''), p_password_hash, invite.role, now())
      returning id into member_id;
    exception when unique_violation then
      raise exception 'Someone already signs in with this email address.' using errcode = 'LR409';
    end;
  else
    update admin_users set password_hash = p_password_hash, password_changed_at = now()
     where id = invite.admin_user_id and deactivated_at is null
    returning id into member_id;
    if member_id is null then
      raise exception 'This account is closed.' using errcode = 'LR409';
    end if;
  end if;
  update staff_invites set accepted_at = now(), admin_user_id = member_id where id = invite.id;
  perform private.audit_staff_change(member_id, case invite.kind when 'invite' then 'staff.accept_invite' else 'staff.accept_reset' end,
                                     member_id, null, private.staff_member_json(member_id), current_setting('larder.request_id', true), null);
  return query select a.id, a.email, a.name, a.role from admin_users a where a.id = member_id;
end
$$;
