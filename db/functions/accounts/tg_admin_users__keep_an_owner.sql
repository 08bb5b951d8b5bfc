-- The shop always keeps an active owner: demoting, deactivating or deleting the last one is refused,
-- whichever path makes the change. Changes that could remove an owner take turns on one lock and
-- count after it (read committed: the count sees what the other committed), so two owners demoting
-- each other at once cannot both succeed.
create or replace function private.tg_admin_users__keep_an_owner()
returns trigger
language plpgsql volatile as $$
begin
  if tg_op = 'UPDATE' and not (old.role = 'owner' and old.deactivated_at is null
                               and (new.role <> 'owner' or new.deactivated_at is not null)) then
    return null;
  end if;
  if tg_op = 'DELETE' and not (old.role = 'owner' and old.deactivated_at is null) then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtext('admin_users.owners'));
  if not exists (select 1 from admin_users where role = 'owner' and deactivated_at is null) then
    raise exception 'The shop needs at least one owner: make someone else an owner first.' using errcode = 'LR409', column = 'role';
  end if;
  return null;
end
$$;

-- On every update (not "update of role, deactivated_at"): a column list would tie the trigger to
-- those columns, and a rollback that drops one could not apply the layer again.
create trigger tg_admin_users__keep_an_owner
  after update or delete on admin_users
  for each row execute function private.tg_admin_users__keep_an_owner();
