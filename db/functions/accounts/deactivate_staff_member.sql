-- An owner deactivates a member: they can no longer sign in, their sessions end in this same
-- transaction, and their unused links stop working. The last active owner cannot be deactivated.
create or replace function deactivate_staff_member(
  p_admin_user_id bigint, p_by bigint, p_request_id text, p_ip inet
) returns void
language plpgsql volatile as $$
declare
  before_json jsonb;
begin
  perform private.acting_owner(p_by);
  before_json := private.staff_member_json(p_admin_user_id);
  if before_json is null then
    raise exception 'There is no such member of staff.' using errcode = 'LR404';
  end if;
  update admin_users set deactivated_at = now() where id = p_admin_user_id and deactivated_at is null;
  if not found then
    return;
  end if;
  delete from sessions where admin_user_id = p_admin_user_id;
  update staff_invites set expires_at = now()
   where admin_user_id = p_admin_user_id and accepted_at is null and expires_at > now();
  perform private.audit_staff_change(p_by, 'staff.deactivate', p_admin_user_id, before_json,
                                     private.staff_member_json(p_admin_user_id), p_request_id, p_ip);
end
$$;
