-- Spends a TOTP time step of a member (the app checked the code): true once per step and only for a
-- step later than the last one used, so a code seen over a shoulder cannot be replayed, even at once.
create or replace function use_totp_step(p_admin_user_id bigint, p_step bigint)
returns boolean
language sql volatile as $$
  with spent as (
    update admin_users set totp_last_step = p_step
     where id = p_admin_user_id and totp_secret is not null and deactivated_at is null
       and (totp_last_step is null or totp_last_step < p_step)
    returning 1)
  select exists (select 1 from spent);
$$;
