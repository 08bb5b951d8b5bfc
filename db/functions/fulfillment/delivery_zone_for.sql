-- The active delivery zone a postal code is in, or a clear error.
create or replace function private.delivery_zone_for(p_location_id bigint, p_postal_code text) returns delivery_zones
language plpgsql stable as $$
declare
  zone delivery_zones;
  code text := private.normalize_postal_code(p_postal_code);
begin
  if code is null then
    raise exception 'Enter the postal code to deliver to.' using errcode = 'LR422', column = 'addressPostalCode';
  end if;
  select z.* into zone
    from delivery_zone_postal_codes pc
    join delivery_zones z on z.id = pc.zone_id and z.is_active
   where pc.location_id = p_location_id and pc.postal_code = code;
  if not found then
    raise exception 'Sorry, we don''t deliver to %. Choose pickup, or check the postal code.', code
      using errcode = 'LR422', column = 'addressPostalCode';
  end if;
  return zone;
end
$$;
