-- Copies a cart's lines into an order's items, with each line's share of the discount and tax (as
-- price_order gave them, in line order) and its modifier choices as chosen. Refuses a line whose
-- choices the menu no longer allows. place_order and revise_unpaid_order both write items this way.
create or replace function private.write_order_items(p_order_id bigint, p_cart_id uuid, p_line_discounts bigint[], p_line_taxes bigint[]) returns void
language plpgsql volatile as $$
declare
  line record;
  new_item_id bigint;
  i integer := 0;
begin
  for line in select cl.* from cart_lines cl where cl.cart_id = p_cart_id order by cl.line_id
  loop
    i := i + 1;
    -- The menu may have changed since the line was added.
    begin
      perform private.check_modifier_selection(line.variant_id, line.modifier_ids);
    exception when sqlstate 'LR422' then
      raise exception 'The choices for % (%) have changed. Remove it from your cart and add it again.',
        line.product_name, line.variant_name using errcode = 'LR409';
    end;
    insert into order_items (order_id, variant_id, product_name, variant_name, unit_price_cents, modifiers_cents,
                             quantity, discount_cents, tax_cents, note)
    values (p_order_id, line.variant_id, line.product_name, line.variant_name, line.price_cents,
            line.modifiers_cents, line.quantity, p_line_discounts[i], p_line_taxes[i], line.note)
    returning id into new_item_id;
    insert into order_item_modifiers (order_item_id, modifier_id, modifier_list_name, name, price_cents, sort_order)
    select new_item_id, (m ->> 'id')::bigint, m ->> 'list', m ->> 'name', (m ->> 'priceCents')::bigint, ordinality
      from jsonb_array_elements(line.modifiers) with ordinality as mods(m, ordinality);
  end loop;
end
$$;
