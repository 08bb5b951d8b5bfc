-- Cancels an order that was never paid, releasing what it held, in one transaction. Returns false,
-- changing nothing, when the order is no longer waiting for payment or a payment was captured. An
-- order to be paid at pickup does not expire: staff cancel it (p_event_type 'cancelled') when
-- nobody collects it, also once it is cooked.
create or replace function expire_unpaid_order(p_order_id bigint, p_reason text, p_event_type text default 'expired') returns boolean
language plpgsql volatile as $$
declare
  o orders;
begin
  o := private.lock_order(p_order_id);
  if o.paid_at is not null
     or not (o.state = 'pending_payment' or (o.pay_at_pickup and o.state in ('preparing', 'ready')))
     or (o.pay_at_pickup and p_event_type = 'expired')
     or exists (select 1 from payments where order_id = o.id and status in ('COMPLETED', 'APPROVED', 'PENDING')) then
    return false;
  end if;

  perform private.release_order_stock(o);
  perform private.release_order_limits(o);

  if o.pickup_at is not null then
    perform private.release_slot(o.location_id, 'pickup', o.pickup_at);
  end if;
  if o.delivery_at is not null then
    perform private.release_slot(o.location_id, 'delivery', o.delivery_at);
  end if;
  if o.promo_code_id is not null then
    with released as (delete from promo_redemptions where order_id = o.id returning promo_code_id)
    update promo_codes set uses = uses - 1, updated_at = now()
     where id in (select promo_code_id from released) and uses > 0;
  end if;

  update payment_attempts
     set status = 'failed', error_code = coalesce(error_code, 'ORDER_EXPIRED'),
         error_message = coalesce(error_message, 'The order expired before payment.'), updated_at = now()
   where order_id = o.id and status in ('created', 'pending', 'unknown');

  update orders set state = 'cancelled' where id = o.id;
  insert into order_events (order_id, type, message, detail)
  values (o.id, p_event_type, p_reason, jsonb_build_object('released_items',
          (select coalesce(jsonb_agg(jsonb_build_object('variant_id', variant_id, 'quantity', quantity)), '[]')
             from order_items where order_id = o.id)));
  return true;
end
$$;
