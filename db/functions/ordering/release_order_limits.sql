-- Gives back what an unpaid order held of the daily item limits, in the caller's transaction (an
-- order that expires or is cancelled), beside release_order_stock.
create or replace function private.release_order_limits(o orders) returns void
language sql volatile as $$
  select private.shift_daily_limits(o, private.order_item_counts(o.id), '[]')
$$;
