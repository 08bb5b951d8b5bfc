-- A line is one variant with one set of choices and one note ("no onions", at most 140 characters):
-- adding the same again adds to its quantity.
create or replace function cart_add_item(p_cart_id uuid, p_variant_id bigint, p_quantity integer, p_modifier_ids bigint[] default '{}',
                                         p_note text default '')
returns bigint
language plpgsql volatile as $$
declare
  chosen bigint[];
  line_quantity integer;
  variant_quantity integer;
  line_id bigint;
  line_note text := btrim(regexp_replace(coalesce(p_note, ''), '\s+', ' ', 'g'));
begin
  perform private.lock_open_cart(p_cart_id);
  if p_quantity is null or p_quantity not between 1 and 99 then
    raise exception 'Quantity must be a whole number from 1 to 99.'
      using errcode = 'LR422', column = 'quantity';
  end if;
  if not exists (select 1 from variants v join products p on p.id = v.product_id where v.id = p_variant_id and p.is_active) then
    raise exception 'That item is not on the menu.' using errcode = 'LR404', column = 'variantId';
  end if;
  if char_length(line_note) > 140 then
    raise exception 'Keep the note to at most 140 characters.' using errcode = 'LR422', column = 'note';
  end if;
  chosen := private.check_modifier_selection(p_variant_id, p_modifier_ids);
  select coalesce(max(quantity) filter (where modifier_ids = chosen and note = line_note), 0) + p_quantity,
         coalesce(sum(quantity), 0) + p_quantity
    into line_quantity, variant_quantity
    from cart_items where cart_id = p_cart_id and variant_id = p_variant_id;
  if line_quantity > 99 then
    raise exception 'You can order at most 99 of one item.' using errcode = 'LR422', column = 'quantity';
  end if;
  perform private.check_variant_orderable(p_variant_id, least(variant_quantity, 99));
  if variant_quantity > 99 then
    perform private.check_variant_orderable(p_variant_id, 99);
  end if;
  insert into cart_items (cart_id, variant_id, modifier_ids, note, quantity)
  values (p_cart_id, p_variant_id, chosen, line_note, line_quantity)
  on conflict (cart_id, variant_id, modifier_ids, note) do update set quantity = excluded.quantity
  returning id into line_id;
  update carts set updated_at = now() where id = p_cart_id;
  return line_id;
end
$$;
