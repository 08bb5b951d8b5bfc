-- Records how many units of a variation the kitchen has made for a day (the whole day's line), by
-- a member of staff, in one statement. p_seen_units is what the page showed to make: when orders
-- moved the line since (a new order, a cancellation), it is refused with the fresh count and
-- nothing changes, so nobody ticks off a line they have not seen. Returns the units to make now.
create or replace function record_production_made(
  p_location_id bigint,
  p_day date,
  p_variant_id bigint,
  p_seen_units integer,
  p_made_units integer,
  p_admin_user_id bigint
) returns bigint
language plpgsql volatile as $$
declare
  v_name text;
  v_to_make bigint;
begin
  if p_made_units is null or p_made_units < 0 or p_made_units > 100000 then
    raise exception 'Enter how many units are made, from 0 to 100,000.' using errcode = 'LR422', column = 'madeUnits';
  end if;
  perform 1 from locations where id = p_location_id;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  select p.name || ' — ' || v.name into v_name from variants v join products p on p.id = v.product_id where v.id = p_variant_id;
  if not found then
    raise exception 'That variation is no longer on the menu.' using errcode = 'LR404';
  end if;
  select coalesce(sum(plan.units), 0) into v_to_make
    from production_plan(p_location_id, p_day) plan
   where plan.variant_id = p_variant_id and plan.modifier_name is null;
  if p_seen_units is distinct from v_to_make then
    raise exception '% changed since the page loaded: % units to make now (the page showed %). Nothing was recorded; check the line and tick it again.',
      v_name, v_to_make, coalesce(p_seen_units::text, 'none')
      using errcode = 'LR409';
  end if;
  insert into production_made (location_id, day, variant_id, made_units, made_by, made_at)
  values (p_location_id, p_day, p_variant_id, p_made_units, p_admin_user_id, now())
  on conflict (location_id, day, variant_id)
  do update set made_units = excluded.made_units, made_by = excluded.made_by, made_at = excluded.made_at;
  return v_to_make;
end
$$;
