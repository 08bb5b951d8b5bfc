-- Replaces a zone's postal codes with the ones an admin typed, and returns them as stored. This is
-- the one place the rule lives: each entry is normalised as customers' addresses are
-- (private.normalize_postal_code: upper case, inner white space kept as one space, so "k1a 0b1"
-- is stored as "K1A 0B1" and matches a customer's "K1A  0B1"), repeats are dropped, and a bad one
-- is refused by name. A code in another zone of the same location is refused, naming that zone;
-- the primary key (location_id, postal_code) stays the rule underneath.
create or replace function set_delivery_zone_postal_codes(p_zone_id bigint, p_postal_codes text[]) returns text[]
language plpgsql volatile as $$
declare
  zone_location_id bigint;
  clashes text;
  bad text;
  v_codes text[];
begin
  select array_agg(code order by first_at) into v_codes
    from (select private.normalize_postal_code(entry) as code, min(at) as first_at
            from unnest(p_postal_codes) with ordinality as typed(entry, at)
           where private.normalize_postal_code(entry) is not null
           group by 1) normalised;
  if v_codes is null then
    raise exception 'List at least one postal code.' using errcode = 'LR422', column = 'postalCodes';
  end if;
  if cardinality(v_codes) > 500 then
    raise exception 'List at most 500 postal codes in one zone.' using errcode = 'LR422', column = 'postalCodes';
  end if;
  select code into bad from unnest(v_codes) code where code !~ '^[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]$' limit 1;
  if bad is not null then
    raise exception '"%" is not a postal code (3 to 10 letters, digits, spaces or dashes).', bad
      using errcode = 'LR422', column = 'postalCodes';
  end if;

  select location_id into zone_location_id from delivery_zones where id = p_zone_id;
  if not found then
    raise exception 'That delivery zone does not exist.' using errcode = 'LR404';
  end if;
  -- Zone edits of one location take turns, so two zones cannot take the same code at once.
  perform 1 from locations where id = zone_location_id for no key update;
  select string_agg(
           format('%s %s already in the zone "%s"',
                  case when cardinality(codes) = 1 then 'Postal code ' || codes[1]
                       else 'Postal codes ' || array_to_string(codes, ', ') end,
                  case when cardinality(codes) = 1 then 'is' else 'are' end,
                  zone_name),
           '; ' order by zone_name)
    into clashes
    from (select z.name as zone_name, array_agg(c.postal_code order by c.postal_code) as codes
            from delivery_zone_postal_codes c join delivery_zones z on z.id = c.zone_id
           where c.location_id = zone_location_id and c.zone_id <> p_zone_id
             and c.postal_code = any (v_codes)
           group by z.name) clash;
  if clashes is not null then
    raise exception '%.', clashes using errcode = 'LR409', column = 'postalCodes';
  end if;
  delete from delivery_zone_postal_codes where zone_id = p_zone_id and postal_code <> all (v_codes);
  insert into delivery_zone_postal_codes (zone_id, location_id, postal_code)
  select p_zone_id, zone_location_id, code from unnest(v_codes) code
  on conflict (location_id, postal_code) do nothing;
  return v_codes;
end
$$;
