-- An order's change that moves a sales figure (paid, cancelled, its amounts, days, location,
-- channel, customer or a pickup not collected) queues the rollup of its days, old and new, in the same transaction.
-- Changes to an unpaid order, and the kitchen's steps (preparing, ready, completed), move none.
create or replace function private.tg_orders__sales_rollup() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    if new.paid_at is not null then
      perform private.enqueue_order_sales_rollups(new);
    end if;
    return null;
  end if;
  if (old.paid_at is null and new.paid_at is null)
     or (old.paid_at, old.state = 'cancelled', old.location_id, old.customer_id, old.created_at, old.fulfillment,
         old.source, old.pickup_at, old.delivery_at, old.ship_on, old.currency, old.subtotal_cents, old.discount_cents,
         old.tax_cents, old.tip_cents, old.delivery_fee_cents, old.shipping_cents, old.total_cents, old.no_show_at)
        is not distinct from
        (new.paid_at, new.state = 'cancelled', new.location_id, new.customer_id, new.created_at, new.fulfillment,
         new.source, new.pickup_at, new.delivery_at, new.ship_on, new.currency, new.subtotal_cents, new.discount_cents,
         new.tax_cents, new.tip_cents, new.delivery_fee_cents, new.shipping_cents, new.total_cents, new.no_show_at) then
    return null;
  end if;
  perform private.enqueue_order_sales_rollups(new);
  if (old.location_id, old.created_at, old.pickup_at, old.delivery_at, old.ship_on)
     is distinct from (new.location_id, new.created_at, new.pickup_at, new.delivery_at, new.ship_on) then
    perform private.enqueue_order_sales_rollups(old);
  end if;
  return null;
end
$$;

create trigger tg_orders__sales_rollup after insert or update on orders
for each row execute function private.tg_orders__sales_rollup();
