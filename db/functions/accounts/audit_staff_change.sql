-- One audit row for a change to a member of staff, in the caller's transaction.
create or replace function private.audit_staff_change(
  p_by bigint, p_action text, p_subject_id bigint, p_before jsonb, p_after jsonb, p_request_id text, p_ip inet
) returns void
language sql volatile as $$
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  select p_by, coalesce((select email from admin_users where id = p_by), 'system'), p_action, 'admin_user',
         p_subject_id::text, p_before, p_after, p_request_id, p_ip;
$$;
