-- The production plan of a location for one fulfilment day (its own calendar): one row per line
-- (product and variation) with modifier_name null, then one per modifier chosen on it, counted per
-- item ordered (a modifier chosen twice on an item counts twice). quantity/units are what the
-- kitchen makes: paid orders on their way or done, and orders paid at pickup already in the kitchen;
-- pending_* are online orders not paid yet. Cancelled and refunded orders are left out (so is a
-- partially refunded one, as on the board). units = quantity × the variation's units_per_variation.
-- A window narrows it to one pickup slot or delivery window (p_fulfillment and p_window_start), or
-- the ship day's shipping orders (p_fulfillment 'shipping'). Served by orders_pickup_at_idx,
-- orders_delivery_at_idx and orders_ship_on_idx, then order_items_order_idx and
-- order_item_modifiers_item_idx.
create or replace function production_plan(
  p_location_id bigint,
  p_day date,
  p_fulfillment text default null,
  p_window_start timestamptz default null
) returns table (
  category_name text,
  category_sort integer,
  product_name text,
  product_sort integer,
  variant_id bigint,
  variant_name text,
  variant_sort integer,
  units_per_variation integer,
  modifier_list text,
  modifier_name text,
  quantity bigint,
  units bigint,
  pending_quantity bigint,
  pending_units bigint
)
language plpgsql stable
-- Planned for each call's own day: a generic plan cannot know the day's bounds, guesses a ninth of
-- the table and reads every order item (a 2,000-order day went from ~250 ms to a few ms).
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
declare
  b record;
begin
  select (p_day::timestamp at time zone l.timezone) as starts, ((p_day + 1)::timestamp at time zone l.timezone) as ends
    into b from locations l where l.id = p_location_id;
  if not found then
    return;
  end if;
  return query
  with due as (
    select o.id, (o.state <> 'pending_payment' or o.pay_at_pickup) as to_make
      from orders o
     where o.location_id = p_location_id
       and (o.state in ('paid', 'preparing', 'ready', 'out_for_delivery', 'completed')
            or (o.state = 'pending_payment'))
       and ((o.fulfillment = 'pickup' and o.pickup_at >= b.starts and o.pickup_at < b.ends
             and (p_fulfillment is null or (p_fulfillment = 'pickup' and o.pickup_at = p_window_start)))
         or (o.fulfillment = 'delivery' and o.delivery_at >= b.starts and o.delivery_at < b.ends
             and (p_fulfillment is null or (p_fulfillment = 'delivery' and o.delivery_at = p_window_start)))
         or (o.fulfillment = 'shipping' and o.ship_on = p_day
             and (p_fulfillment is null or p_fulfillment = 'shipping')))
  ),
  -- Read once for the lines and once for their modifiers.
  items as materialized (
    select i.id, i.variant_id, i.quantity, d.to_make,
           coalesce(c.name, 'No longer on the menu') as category_name, coalesce(c.sort_order, 2147483647) as category_sort,
           coalesce(p.name, i.product_name) as product_name, coalesce(p.sort_order, 0) as product_sort,
           coalesce(v.name, i.variant_name) as variant_name, coalesce(v.sort_order, 0) as variant_sort,
           coalesce(v.units_per_variation, 1) as units_per_variation
      from due d
      join order_items i on i.order_id = d.id
      left join variants v on v.id = i.variant_id
      left join products p on p.id = v.product_id
      left join categories c on c.id = p.category_id
  ),
  lines as (
    select i.category_name, i.category_sort, i.product_name, i.product_sort, i.variant_id, i.variant_name, i.variant_sort,
           i.units_per_variation, null::text as modifier_list, null::text as modifier_name,
           coalesce(sum(i.quantity) filter (where i.to_make), 0) as quantity,
           coalesce(sum(i.quantity) filter (where not i.to_make), 0) as pending_quantity
      from items i
     group by 1, 2, 3, 4, 5, 6, 7, 8
    union all
    select i.category_name, i.category_sort, i.product_name, i.product_sort, i.variant_id, i.variant_name, i.variant_sort,
           i.units_per_variation, m.modifier_list_name, m.name,
           coalesce(sum(i.quantity) filter (where i.to_make), 0),
           coalesce(sum(i.quantity) filter (where not i.to_make), 0)
      from items i
      -- Each item's modifiers by order_item_modifiers_item_idx, never a hash of them all (offset 0
      -- keeps the planner from flattening the lateral into that hash join).
      cross join lateral (select m.modifier_list_name, m.name from order_item_modifiers m where m.order_item_id = i.id offset 0) m
     group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  )
  select l.category_name, l.category_sort, l.product_name, l.product_sort, l.variant_id, l.variant_name, l.variant_sort,
         l.units_per_variation, l.modifier_list, l.modifier_name,
         l.quantity::bigint, (l.quantity * l.units_per_variation)::bigint,
         l.pending_quantity::bigint, (l.pending_quantity * l.units_per_variation)::bigint
    from lines l
   order by l.category_sort, l.category_name, l.product_sort, l.product_name, l.variant_sort, l.variant_name, l.variant_id,
            l.modifier_name is not null, l.modifier_list, l.modifier_name;
end
$$;
