-- An owner makes a member an owner or staff. The last active owner cannot stop being one (the
-- trigger tg_admin_users__keep_an_owner guards it for every path).
create or replace function set_staff_role(
  p_admin_user_id bigint, p_role text, p_by bigint, p_request_id text, p_ip inet
) returns void
language plpgsql volatile as $$
declare
  before_json jsonb;
begin
  perform private.acting_owner(p_by);
  if p_role is null or p_role not in ('owner', 'staff') then
    raise exception 'Choose owner or staff.' using errcode = 'LR422', column = 'role';
  end if;
  before_json := private.staff_member_json(p_admin_user_id);
  if before_json is null then
    raise exception 'There is no such member of staff.' using errcode = 'LR404';
  end if;
  update admin_users set role = p_role where id = p_admin_user_id and role <> p_role;
  if found then
    perform private.audit_staff_change(p_by, 'staff.set_role', p_admin_user_id, before_json,
                                       private.staff_member_json(p_admin_user_id), p_request_id, p_ip);
  end if;
end
$$;
