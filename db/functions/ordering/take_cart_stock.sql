-- Takes a cart's items out of stock at a location, in the caller's transaction: variants in id
-- order, so concurrent orders lock inventory rows in the same order. Refuses, naming the item, one
-- that is sold out, withdrawn, priced in another currency or short of stock (untracked stock is
-- unlimited). place_order and revise_unpaid_order both take stock this way.
create or replace function private.take_cart_stock(p_cart_id uuid, p_location_id bigint, p_currency text) returns void
language plpgsql volatile as $$
declare
  line record;
begin
  for line in
    select cl.variant_id, sum(cl.quantity)::integer as quantity, min(cl.product_name) as product_name,
           min(cl.variant_name) as variant_name, bool_or(cl.unavailable) as unavailable,
           min(stock.quantity) as stock, bool_and(v.sold_out) as sold_out, bool_and(p.is_active) as is_active,
           min(v.currency) as variant_currency
      from cart_lines cl
      join variants v on v.id = cl.variant_id
      join products p on p.id = cl.product_id
      left join inventory_levels stock on stock.variant_id = cl.variant_id and stock.location_id = p_location_id
     where cl.cart_id = p_cart_id
     group by cl.variant_id
     order by cl.variant_id
  loop
    if line.sold_out or not line.is_active then
      raise exception '% (%) is no longer available. Remove it from your cart to continue.',
        line.product_name, line.variant_name using errcode = 'LR409';
    end if;
    if line.variant_currency <> p_currency then
      raise exception '% is priced in %, not %.', line.product_name, line.variant_currency, p_currency
        using errcode = 'LR409';
    end if;
    update inventory_levels set quantity = quantity - line.quantity, updated_at = now()
     where variant_id = line.variant_id and location_id = p_location_id and quantity >= line.quantity;
    if not found and line.stock is not null then
      raise exception 'Only % of % (%) left. Change the quantity in your cart to continue.',
        (select quantity from inventory_levels where variant_id = line.variant_id and location_id = p_location_id),
        line.product_name, line.variant_name
        using errcode = 'LR409';
    end if;
  end loop;
end
$$;
