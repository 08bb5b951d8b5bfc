-- An order's items as [{variant_id, quantity}], one per variation: what it holds of the daily
-- item limits (shift_daily_limits).
create or replace function private.order_item_counts(p_order_id bigint) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('variant_id', variant_id, 'quantity', quantity) order by variant_id), '[]')
    from (select variant_id, sum(quantity)::integer as quantity
            from order_items where order_id = p_order_id and variant_id is not null
           group by variant_id) held
$$;
