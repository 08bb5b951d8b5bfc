-- Up Migration
-- The rules behind the admin's fulfillment and pricing pages that need the database's state:
-- opening hours that do not overlap, one zone per postal code (named when it clashes), zone names
-- and promo codes that are not taken twice, closures not in the past, and promo codes that were
-- used are never deleted. The errors carry the form field they belong to (column = '<field>').

-- Overlapping ranges on one day would offer the same pickup slot twice.
create function tg_location_hours__no_overlap() returns trigger
language plpgsql as $$
declare
  other location_hours;
begin
  select * into other from location_hours h
   where h.location_id = new.location_id and h.weekday = new.weekday and h.opens_at <> new.opens_at
     and h.opens_at < new.closes_at and new.opens_at < h.closes_at
   order by h.opens_at
   limit 1;
  if found then
    raise exception '% hours %–% and %–% overlap.',
      to_char(date '2023-01-01' + new.weekday, 'FMDay'),
      to_char(least(other.opens_at, new.opens_at), 'HH24:MI'),
      to_char(case when other.opens_at < new.opens_at then other.closes_at else new.closes_at end, 'HH24:MI'),
      to_char(greatest(other.opens_at, new.opens_at), 'HH24:MI'),
      to_char(case when other.opens_at < new.opens_at then new.closes_at else other.closes_at end, 'HH24:MI')
      using errcode = 'LR422', column = 'hours' || new.weekday;
  end if;
  return null;
end
$$;
-- After the statement's rows are all in, so a day's ranges may be written in any order.
create constraint trigger tg_location_hours__no_overlap after insert or update on location_hours
for each row execute function tg_location_hours__no_overlap();

-- Adds a closed day to a location's calendar; today or later, once.
create function add_location_closure(p_location_id bigint, p_closed_on date, p_reason text) returns void
language plpgsql volatile as $$
declare
  today date;
begin
  select (now() at time zone timezone)::date into today from locations where id = p_location_id;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  if p_closed_on < today then
    raise exception 'Pick today or a later date.' using errcode = 'LR422', column = 'closedOn';
  end if;
  insert into location_closures (location_id, closed_on, reason)
  values (p_location_id, p_closed_on, coalesce(trim(p_reason), ''))
  on conflict (location_id, closed_on) do nothing;
  if not found then
    raise exception 'The location is already closed on %.', to_char(p_closed_on, 'FMDay, FMMonth FMDD, YYYY')
      using errcode = 'LR409', column = 'closedOn';
  end if;
end
$$;

-- A location's zones are told apart by name (the postal-code clash message names them).
create unique index delivery_zones_location_name_key on delivery_zones (location_id, lower(trim(name)));

create function tg_delivery_zones__unique_name() returns trigger
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
for each row execute function tg_delivery_zones__unique_name();

-- Replaces a zone's postal codes. A code in another zone of the same location is refused, naming
-- that zone; the primary key (location_id, postal_code) stays the rule underneath.
create function set_delivery_zone_postal_codes(p_zone_id bigint, p_postal_codes text[]) returns void
language plpgsql volatile as $$
declare
  zone_location_id bigint;
  clashes text;
begin
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
             and c.postal_code = any (p_postal_codes)
           group by z.name) clash;
  if clashes is not null then
    raise exception '%.', clashes using errcode = 'LR409', column = 'postalCodes';
  end if;
  delete from delivery_zone_postal_codes where zone_id = p_zone_id and postal_code <> all (p_postal_codes);
  insert into delivery_zone_postal_codes (zone_id, location_id, postal_code)
  select distinct p_zone_id, zone_location_id, code from unnest(p_postal_codes) code
  on conflict (location_id, postal_code) do nothing;
end
$$;

create function tg_promo_codes__admin_rules() returns trigger
language plpgsql as $$
begin
  if exists (select 1 from promo_codes where code = new.code and id <> new.id) then
    raise exception 'There is already a promo code %.', new.code using errcode = 'LR409', column = 'code';
  end if;
  if new.max_uses < new.uses then
    raise exception '% has been used % times already: the limit cannot be lower.', new.code, new.uses
      using errcode = 'LR422', column = 'maxUses';
  end if;
  return new;
end
$$;
-- Only when an admin changes these columns; place_order's `uses` updates keep the plain CHECK.
create trigger tg_promo_codes__admin_rules before insert or update of code, max_uses on promo_codes
for each row execute function tg_promo_codes__admin_rules();

-- A code that orders used stays, for their history: deactivate it instead.
create function tg_promo_codes__keep_used() returns trigger
language plpgsql as $$
declare
  redeemed integer;
begin
  select count(*) into redeemed from promo_redemptions where promo_code_id = old.id;
  if redeemed > 0 or old.uses > 0 then
    raise exception '% has been used on % %: deactivate it instead of deleting it.',
      old.code, greatest(redeemed, old.uses), case when greatest(redeemed, old.uses) = 1 then 'order' else 'orders' end
      using errcode = 'LR409';
  end if;
  return old;
end
$$;
create trigger tg_promo_codes__keep_used before delete on promo_codes
for each row execute function tg_promo_codes__keep_used();

-- Down Migration
drop trigger tg_promo_codes__keep_used on promo_codes;
drop function tg_promo_codes__keep_used();
drop trigger tg_promo_codes__admin_rules on promo_codes;
drop function tg_promo_codes__admin_rules();
drop function set_delivery_zone_postal_codes(bigint, text[]);
drop trigger tg_delivery_zones__unique_name on delivery_zones;
drop function tg_delivery_zones__unique_name();
drop index delivery_zones_location_name_key;
drop function add_location_closure(bigint, date, text);
drop trigger tg_location_hours__no_overlap on location_hours;
drop function tg_location_hours__no_overlap();
