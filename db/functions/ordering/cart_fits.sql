-- Whether a cart's items fit the daily item limits for a day at a location (and, given a slot or
-- window, its per-time limits): the checkout offers only the times and days where it does.
create or replace function private.cart_fits(p_cart_id uuid, p_location_id bigint, p_day date, p_slot_at timestamptz) returns boolean
language sql stable as $$
  select not exists (
    select 1
      from (select dl.id, dl.per_day, dl.per_slot, sum(ci.quantity) as quantity
              from cart_items ci
              join variants v on v.id = ci.variant_id
              join daily_limits dl on dl.variant_id = v.id or dl.product_id = v.product_id
             where ci.cart_id = p_cart_id
             group by dl.id) need
      left join daily_limit_uses d
        on d.limit_id = need.id and d.location_id = p_location_id and d.day = p_day and d.slot_at is null
      left join daily_limit_uses s
        on s.limit_id = need.id and s.location_id = p_location_id and s.day = p_day and s.slot_at = p_slot_at
     where coalesce(d.used, 0) + need.quantity > need.per_day
        or (p_slot_at is not null and coalesce(s.used, 0) + need.quantity > need.per_slot))
$$;
