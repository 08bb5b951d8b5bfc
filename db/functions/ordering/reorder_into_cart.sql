-- "Order again" from a signed-in customer's past order: its items, options, choices and notes go
-- into the customer's open cart (p_cart_id; a new cart when there is none or it was checked out),
-- each through cart_add_item, so today's menu, prices, stock and limits apply. An item that cannot
-- be added is left out and said why: gone from the menu, a choice no longer offered, sold out or
-- fewer left. Returns {"cart_id", "order_number", "added": ["2 × Croissant (Butter)", …],
-- "not_added": ["Baguette (Large) is sold out.", …]}. The order must be the customer's (else LR404).
create or replace function reorder_into_cart(p_customer_id bigint, p_order_number integer, p_cart_id uuid)
returns jsonb
language plpgsql volatile as $$
declare
  v_order orders;
  v_cart uuid;
  item record;
  added jsonb := '[]';
  not_added jsonb := '[]';
  v_message text;
  v_label text;
begin
  select * into v_order from orders where number = p_order_number and customer_id = p_customer_id;
  if v_order.id is null then
    raise exception 'That order is not one of yours.' using errcode = 'LR404', column = 'orderNumber';
  end if;
  select id into v_cart from carts where id = p_cart_id and checked_out_at is null;
  for item in
    select i.id, i.variant_id, i.quantity, i.note, i.product_name, i.variant_name,
           array(select m.modifier_id from order_item_modifiers m where m.order_item_id = i.id and m.modifier_id is not null order by m.modifier_id) as modifier_ids,
           (select string_agg(m.name, ', ' order by m.sort_order, m.name) from order_item_modifiers m
             where m.order_item_id = i.id
               and (m.modifier_id is null or not exists (select 1 from modifiers x join modifier_lists l on l.id = x.modifier_list_id
                                                          where x.id = m.modifier_id and x.is_active and l.is_active))) as gone_choices,
           exists (select 1 from variants v join products p on p.id = v.product_id where v.id = i.variant_id and p.is_active) as on_menu
      from order_items i where i.order_id = v_order.id order by i.id
  loop
    v_label := item.product_name || ' (' || item.variant_name || ')';
    if not item.on_menu then
      not_added := not_added || to_jsonb(v_label || ' is no longer on the menu.');
      continue;
    end if;
    if item.gone_choices is not null then
      not_added := not_added || to_jsonb(v_label || ' with ' || item.gone_choices || ': that choice is no longer offered.');
      continue;
    end if;
    if v_cart is null then
      v_cart := start_cart();
    end if;
    begin
      perform cart_add_item(v_cart, item.variant_id, item.quantity, item.modifier_ids, item.note);
      added := added || to_jsonb(item.quantity || ' × ' || v_label);
    exception when sqlstate 'LR404' or sqlstate 'LR409' or sqlstate 'LR422' then
      get stacked diagnostics v_message = message_text;
      -- Some of cart_add_item's refusals name no item ("Milk: choose 1."): say which.
      if position(item.product_name in v_message) = 0 then
        v_message := v_label || ': ' || v_message;
      end if;
      not_added := not_added || to_jsonb(v_message);
    end;
  end loop;
  return jsonb_build_object('cart_id', v_cart, 'order_number', v_order.number, 'added', added, 'not_added', not_added);
end
$$;
