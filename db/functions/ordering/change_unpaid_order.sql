-- The customer takes back an order they placed in this browser and have not paid (they left
-- Square's hosted checkout to change it): its items, choices and notes go back into the browser's
-- open cart (or a new one), and the order is cancelled with cancel_unpaid_order, which gives its
-- stock, slot or window and promo code use back, in one transaction. Returns the cart's id.
-- The caller deletes the order's payment links at Square first, so none stays payable.
create or replace function change_unpaid_order(p_public_token text, p_session_key text, p_cart_id uuid) returns uuid
language plpgsql volatile as $$
declare
  o orders;
  v_cart_id uuid;
begin
  select * into o from orders
   where public_token = p_public_token and session_key = p_session_key and p_session_key is not null;
  if not found then
    raise exception 'That order was not placed in this browser.' using errcode = 'LR404';
  end if;
  o := private.lock_order(o.id);
  if o.pay_at_pickup or o.state <> 'pending_payment' then
    raise exception 'Order #% is % and cannot be changed here.', o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
  end if;
  perform private.check_order_revisable(o);

  select id into v_cart_id from carts where id = p_cart_id and checked_out_at is null for update;
  if v_cart_id is null then
    insert into carts default values returning id into v_cart_id;
  end if;
  -- The same line already in the cart adds up (at most 99, as the cart allows).
  insert into cart_items as c (cart_id, variant_id, quantity, modifier_ids, note)
  select v_cart_id, i.variant_id, least(i.quantity, 99),
         array(select m.modifier_id from order_item_modifiers m where m.order_item_id = i.id and m.modifier_id is not null order by m.modifier_id),
         i.note
    from order_items i
   where i.order_id = o.id and i.variant_id is not null
  on conflict (cart_id, variant_id, modifier_ids, note) do update set quantity = least(c.quantity + excluded.quantity, 99);
  update carts set updated_at = now() where id = v_cart_id;

  perform cancel_unpaid_order(o.id, 'You chose to change this order before paying for it. Nothing was charged; its items are back in your cart.');
  return v_cart_id;
end
$$;
