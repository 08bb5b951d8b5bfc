-- An order, locked for the change its caller makes in the same transaction; LR404 when there is none.
create or replace function private.lock_order(p_order_id bigint) returns orders
language plpgsql volatile as $$
declare
  o orders;
begin
  select * into o from orders where id = p_order_id for update;
  if not found then
    raise exception 'Order not found.' using errcode = 'LR404';
  end if;
  return o;
end
$$;
