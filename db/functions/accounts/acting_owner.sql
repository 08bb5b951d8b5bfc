-- The email of the active owner making a staff change, or a refusal: only owners manage staff, and a
-- deactivated owner's stale session cannot.
create or replace function private.acting_owner(p_by bigint)
returns text
language plpgsql stable as $$
declare
  actor_email text;
begin
  select email into actor_email from admin_users where id = p_by and role = 'owner' and deactivated_at is null;
  if actor_email is null then
    raise exception 'Only an owner can manage staff.' using errcode = 'LR409';
  end if;
  return actor_email;
end
$$;
