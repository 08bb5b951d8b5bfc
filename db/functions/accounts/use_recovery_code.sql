-- Spends one of a member's recovery codes (by its hash): true the first time only.
create or replace function use_recovery_code(p_admin_user_id bigint, p_code_hash bytea)
returns boolean
language sql volatile as $$
  with spent as (
    update admin_recovery_codes c set used_at = now()
      from admin_users a
     where c.admin_user_id = p_admin_user_id and c.code_hash = p_code_hash and c.used_at is null
       and a.id = c.admin_user_id and a.deactivated_at is null and a.totp_enabled_at is not null
    returning 1)
  select exists (select 1 from spent);
$$;
