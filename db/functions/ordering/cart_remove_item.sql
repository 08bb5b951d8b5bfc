create or replace function cart_remove_item(p_cart_id uuid, p_line_id bigint) returns void
language sql volatile as $$
  select cart_set_quantity(p_cart_id, p_line_id, 0)
$$;
