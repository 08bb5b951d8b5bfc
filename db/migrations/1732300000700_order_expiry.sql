-- Up Migration
-- Unpaid orders expire: the order is cancelled, and the stock and pickup slot place it held are
-- given back.

-- Cancels an order that was never paid, releasing its stock, in one transaction. Returns false,
-- changing nothing, when the order is no longer waiting for payment or a payment was captured.
create function expire_unpaid_order(p_order_id bigint, p_reason text) returns boolean
language plpgsql volatile as $$
declare
  o orders;
begin
  select * into o from orders where id = p_order_id for update;
  if not found then
    raise exception 'Order % not found.', p_order_id using errcode = 'LR404';
  end if;
  if o.state <> 'pending_payment'
     or exists (select 1 from payments where order_id = o.id and status in ('COMPLETED', 'APPROVED', 'PENDING')) then
    return false;
  end if;

  update variants v
     set stock = v.stock + held.quantity, updated_at = now()
    from (select variant_id, sum(quantity)::integer as quantity
            from order_items where order_id = o.id and variant_id is not null
           group by variant_id) held
   where v.id = held.variant_id and v.stock is not null;

  if o.pickup_at is not null then
    perform release_pickup_slot(o.location_id, o.pickup_at);
  end if;

  update payment_attempts
     set status = 'failed', error_code = coalesce(error_code, 'ORDER_EXPIRED'),
         error_message = coalesce(error_message, 'The order expired before payment.'), updated_at = now()
   where order_id = o.id and status in ('created', 'pending', 'unknown');

  update orders set state = 'cancelled' where id = o.id;
  insert into order_events (order_id, type, message, detail)
  values (o.id, 'expired', p_reason, jsonb_build_object('released_items',
          (select coalesce(jsonb_agg(jsonb_build_object('variant_id', variant_id, 'quantity', quantity)), '[]')
             from order_items where order_id = o.id)));
  return true;
end
$$;

-- Down Migration
drop function expire_unpaid_order(bigint, text);
