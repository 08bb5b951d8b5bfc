-- The owner making a privacy request (export, erasure, retention): their email for the audit row, or
-- a refusal when p_admin_user_id is not an owner.
create or replace function private.privacy_actor(p_admin_user_id bigint) returns text
language plpgsql stable as $$
declare
  actor_email text;
begin
  select email into actor_email from admin_users where id = p_admin_user_id and role = 'owner';
  if actor_email is null then
    raise exception 'Only an owner can export, erase or keep customers'' data.' using errcode = 'LR409';
  end if;
  return actor_email;
end
$$;
