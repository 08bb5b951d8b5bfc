-- Whether staff may change an order's items: only while it is unpaid (waiting for payment, or paid
-- at pickup and still in the kitchen) and no card payment for it is being processed. Raises why not.
create or replace function private.check_order_revisable(o orders) returns void
language plpgsql stable as $$
begin
  if o.paid_at is not null then
    raise exception 'Order #% is paid: change it by refunding part of it.', o.number using errcode = 'LR409';
  end if;
  if not (o.state = 'pending_payment' or (o.pay_at_pickup and o.state in ('preparing', 'ready'))) then
    raise exception 'Order #% is % and cannot be changed.', o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
  end if;
  if exists (select 1 from payments where order_id = o.id and status in ('COMPLETED', 'APPROVED', 'PENDING'))
     or exists (select 1 from payment_attempts where order_id = o.id and method = 'card' and status in ('pending', 'unknown')) then
    raise exception 'A card payment for order #% is being processed: wait for it to settle.', o.number using errcode = 'LR409';
  end if;
end
$$;
