-- What the storefront says about the daily item limits at a location: for each limited product or
-- variation, the first fulfilment day offered (pickup, delivery or shipping) that has orders
-- against it or no room, how many are left that day, and the next day after it with room (null:
-- none offered). A limit with no orders yet on any day offered says nothing.
create or replace function daily_limit_notes(p_location_id bigint)
returns table (product_id bigint, variant_id bigint, day date, items_left integer, next_day date)
language sql stable as $$
  with days as (
    select private.fulfillment_day(p_location_id, s, null) as day from fulfillment_slots(p_location_id, 'pickup') s
    union
    select private.fulfillment_day(p_location_id, s, null) from fulfillment_slots(p_location_id, 'delivery') s
    union
    select d from shipping_days(p_location_id) d
  ), limited as (
    select dl.id, coalesce(dl.product_id, v.product_id) as product_id, dl.variant_id, days.day,
           coalesce(u.used, 0) as used, dl.per_day - coalesce(u.used, 0) as items_left
      from daily_limits dl
      left join variants v on v.id = dl.variant_id
      cross join days
      left join daily_limit_uses u
        on u.limit_id = dl.id and u.location_id = p_location_id and u.day = days.day and u.slot_at is null
     where dl.per_day is not null
  ), shown as (
    select distinct on (l.id) l.* from limited l where l.used > 0 or l.items_left <= 0 order by l.id, l.day
  )
  select s.product_id, s.variant_id, s.day, greatest(s.items_left, 0),
         (select min(l.day) from limited l where l.id = s.id and l.day > s.day and l.items_left > 0)
    from shown s
   order by s.product_id, s.variant_id nulls first
$$;
