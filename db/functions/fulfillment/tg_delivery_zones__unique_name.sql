create or replace function private.tg_delivery_zones__unique_name() returns trigger
language plpgsql as $$
begin
  if exists (select 1 from delivery_zones
              where location_id = new.location_id and lower(trim(name)) = lower(trim(new.name)) and id <> new.id) then
    raise exception 'There is already a delivery zone named "%".', trim(new.name)
      using errcode = 'LR409', column = 'name';
  end if;
  return new;
end
$$;

create trigger tg_delivery_zones__unique_name before insert or update of name, location_id on delivery_zones
for each row execute function private.tg_delivery_zones__unique_name();
