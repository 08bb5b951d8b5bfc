-- A customer's new cart, for the storefront's location, counted as a cart started (funnel_days) in
-- the same transaction unless p_counted is false (a bot's request: ADR 017). Staff carts (phone
-- orders, revisions) are made without it and not counted.
create or replace function start_cart(p_counted boolean default true) returns uuid
language plpgsql volatile as $$
declare
  v_cart carts;
begin
  insert into carts (location_id) values (shop_location_id()) returning * into v_cart;
  if v_cart.location_id is not null and p_counted then
    perform private.count_funnel_step(v_cart.location_id, 'cart', v_cart.created_at);
  end if;
  return v_cart.id;
end
$$;
