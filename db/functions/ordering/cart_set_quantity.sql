-- Sets a line's quantity; 0 removes the line.
create or replace function cart_set_quantity(p_cart_id uuid, p_line_id bigint, p_quantity integer) returns void
language plpgsql volatile as $$
declare
  line cart_items;
  variant_quantity integer;
begin
  perform private.lock_open_cart(p_cart_id);
  if p_quantity is null or p_quantity not between 0 and 99 then
    raise exception 'Quantity must be a whole number from 0 to 99.'
      using errcode = 'LR422', column = 'quantity';
  end if;
  select * into line from cart_items where cart_id = p_cart_id and id = p_line_id;
  if not found then
    raise exception 'That item is not in your cart.' using errcode = 'LR404', column = 'lineId';
  end if;
  if p_quantity = 0 then
    delete from cart_items where id = p_line_id;
  else
    select coalesce(sum(quantity), 0) + p_quantity into variant_quantity
      from cart_items where cart_id = p_cart_id and variant_id = line.variant_id and id <> p_line_id;
    if p_quantity > line.quantity then
      perform private.check_variant_orderable(line.variant_id, least(variant_quantity, 99));
    end if;
    update cart_items set quantity = p_quantity where id = p_line_id;
  end if;
  update carts set updated_at = now() where id = p_cart_id;
end
$$;
