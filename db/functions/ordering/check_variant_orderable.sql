-- Checks that a quantity of a variant (all of the cart's lines of it together) can be ordered.
create or replace function private.check_variant_orderable(p_variant_id bigint, p_quantity integer) returns void
language plpgsql stable as $$
declare
  v record;
begin
  if p_quantity is null or p_quantity not between 1 and 99 then
    raise exception 'Quantity must be a whole number from 1 to 99.'
      using errcode = 'LR422', column = 'quantity';
  end if;
  select vr.sold_out, stock.quantity as stock, vr.name as variant_name, p.name as product_name, p.is_active
    into v
    from variants vr join products p on p.id = vr.product_id
    left join inventory_levels stock on stock.variant_id = vr.id and stock.location_id = shop_location_id()
   where vr.id = p_variant_id;
  if not found or not v.is_active then
    raise exception 'That item is not on the menu.' using errcode = 'LR404', column = 'variantId';
  end if;
  if v.sold_out or v.stock = 0 then
    raise exception '% (%) is sold out.', v.product_name, v.variant_name
      using errcode = 'LR409', column = 'variantId';
  end if;
  if v.stock is not null and p_quantity > v.stock then
    raise exception 'Only % of % (%) left.', v.stock, v.product_name, v.variant_name
      using errcode = 'LR409', column = 'quantity';
  end if;
end
$$;
