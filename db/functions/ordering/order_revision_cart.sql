-- A new cart holding an unpaid order's items as they are (options and choices), for staff to
-- correct and then save with revise_unpaid_order. Nothing is reserved until it is saved.
create or replace function order_revision_cart(p_order_id bigint) returns uuid
language plpgsql volatile as $$
declare
  o orders;
  v_cart_id uuid;
begin
  select * into o from orders where id = p_order_id;
  if not found then
    raise exception 'Order not found.' using errcode = 'LR404';
  end if;
  perform private.check_order_revisable(o);
  insert into carts default values returning id into v_cart_id;
  insert into cart_items (cart_id, variant_id, quantity, modifier_ids, note)
  select v_cart_id, i.variant_id, i.quantity,
         array(select m.modifier_id from order_item_modifiers m where m.order_item_id = i.id and m.modifier_id is not null order by m.modifier_id),
         i.note
    from order_items i
   where i.order_id = p_order_id and i.variant_id is not null;
  return v_cart_id;
end
$$;
