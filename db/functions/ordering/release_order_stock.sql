-- Puts an unpaid order's items back in stock at its location, in the caller's transaction (an
-- order that expires or is cancelled, and the old items of one staff correct).
create or replace function private.release_order_stock(o orders) returns void
language sql volatile as $$
  update inventory_levels il
     set quantity = il.quantity + held.quantity, updated_at = now()
    from (select variant_id, sum(quantity)::integer as quantity
            from order_items where order_id = o.id and variant_id is not null
           group by variant_id) held
   where il.variant_id = held.variant_id and il.location_id = o.location_id;
$$;
