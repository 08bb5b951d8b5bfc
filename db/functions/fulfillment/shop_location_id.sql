create or replace function shop_location_id() returns bigint
language sql stable as $$
  select id from locations where is_active order by id limit 1
$$;
