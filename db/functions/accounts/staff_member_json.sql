-- What the audit log records of a member (never a password or two-factor secret).
create or replace function private.staff_member_json(p_admin_user_id bigint)
returns jsonb
language sql stable as $$
  select jsonb_build_object('email', email, 'name', name, 'role', role,
                            'deactivated', deactivated_at is not null, 'two_factor', totp_enabled_at is not null)
    from admin_users where id = p_admin_user_id;
$$;
