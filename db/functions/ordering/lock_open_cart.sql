-- Locks an open cart, or explains why it cannot change.
create or replace function private.lock_open_cart(p_cart_id uuid) returns carts
language plpgsql volatile as $$
declare
  c carts;
begin
  select * into c from carts where id = p_cart_id for update;
  if not found then
    raise exception 'Your cart has expired. Please add the items again.' using errcode = 'LR404';
  end if;
  if c.checked_out_at is not null then
    raise exception 'This cart has already been checked out.' using errcode = 'LR409';
  end if;
  return c;
end
$$;
