-- Overlapping ranges on one day would offer the same pickup slot twice.
create or replace function private.tg_location_hours__no_overlap() returns trigger
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
for each row execute function private.tg_location_hours__no_overlap();
