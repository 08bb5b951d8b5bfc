-- The shipping days (shipping_days) offered to a cart: those with room in the daily item limits
-- for its items.
create or replace function cart_shipping_days(p_cart_id uuid, p_location_id bigint)
returns setof date
language sql stable as $$
  select d from shipping_days(p_location_id) d
   where private.cart_fits(p_cart_id, p_location_id, d, null)
   order by d
$$;
