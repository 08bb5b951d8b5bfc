-- The checkout page opened for an open customer cart: counted once per cart as a checkout started
-- (reloading the page counts nothing more). Returns whether this call counted it.
create or replace function start_checkout(p_cart_id uuid) returns boolean
language plpgsql volatile as $$
declare
  v_cart carts;
begin
  update carts set checkout_started_at = now()
   where id = p_cart_id and checkout_started_at is null and checked_out_at is null and location_id is not null
  returning * into v_cart;
  if not found then
    return false;
  end if;
  perform private.count_funnel_step(v_cart.location_id, 'checkout', v_cart.checkout_started_at);
  return true;
end
$$;
