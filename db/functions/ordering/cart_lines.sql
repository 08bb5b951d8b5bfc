create or replace view cart_lines as
select ci.id as line_id,
       ci.cart_id,
       ci.variant_id,
       ci.modifier_ids,
       ci.quantity,
       ci.note,
       p.id as product_id,
       p.name as product_name,
       p.slug as product_slug,
       p.shippable,
       v.name as variant_name,
       v.price_cents,
       v.currency,
       mods.modifiers_cents,
       mods.modifiers,
       v.price_cents + mods.modifiers_cents as unit_price_cents,
       (v.price_cents + mods.modifiers_cents) * ci.quantity as line_total_cents,
       (v.sold_out or not p.is_active or mods.unavailable
        or not private.modifier_selection_valid(ci.variant_id, ci.modifier_ids)
        or (stock.quantity is not null
            and stock.quantity < (select sum(o.quantity) from cart_items o
                                   where o.cart_id = ci.cart_id and o.variant_id = ci.variant_id))) as unavailable,
       stock.quantity as stock,
       ci.added_at
from cart_items ci
join variants v on v.id = ci.variant_id
join products p on p.id = v.product_id
left join inventory_levels stock on stock.variant_id = v.id and stock.location_id = shop_location_id()
cross join lateral (
  select coalesce(sum(m.price_cents), 0)::bigint as modifiers_cents,
         coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'list', ml.name, 'name', m.name, 'priceCents', m.price_cents)
                            order by pml.sort_order, ml.id, m.sort_order, m.id)
                  filter (where m.id is not null), '[]') as modifiers,
         coalesce(bool_or(not (m.is_active and ml.is_active)), false)
           or count(m.id) <> cardinality(ci.modifier_ids) as unavailable
    from unnest(ci.modifier_ids) as chosen(id)
    left join modifiers m on m.id = chosen.id
    left join modifier_lists ml on ml.id = m.modifier_list_id
    left join product_modifier_lists pml on pml.product_id = p.id and pml.modifier_list_id = ml.id
) mods;
