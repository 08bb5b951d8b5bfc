-- The pickup slots or delivery windows (fulfillment_slots) offered to a cart: those whose day and
-- time still have room in the daily item limits for its items.
create or replace function cart_slots(p_cart_id uuid, p_location_id bigint, p_kind text)
returns setof timestamptz
language sql stable as $$
  select s from fulfillment_slots(p_location_id, p_kind) s
   where private.cart_fits(p_cart_id, p_location_id, private.fulfillment_day(p_location_id, s, null), s)
   order by s
$$;
