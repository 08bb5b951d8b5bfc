-- A person cancels an unpaid order, with a reason, and the customer is emailed why (they were not
-- charged); a paid order is refunded instead.
create or replace function cancel_unpaid_order(p_order_id bigint, p_reason text) returns void
language plpgsql volatile as $$
declare
  o orders;
  event_id bigint;
begin
  if p_reason is null or length(trim(p_reason)) not between 1 and 192 then
    raise exception 'Give a reason for cancelling (at most 192 characters).' using errcode = 'LR422', column = 'reason';
  end if;
  select * into o from orders where id = p_order_id;
  if not found then
    raise exception 'Order not found.' using errcode = 'LR404';
  end if;
  if o.paid_at is not null or not (o.state = 'pending_payment' or (o.pay_at_pickup and o.state in ('preparing', 'ready'))) then
    raise exception 'Order #% is %: only an order waiting for payment can be cancelled; refund a paid one.',
      o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
  end if;
  if not expire_unpaid_order(p_order_id, trim(p_reason), 'cancelled') then
    raise exception 'A payment for order #% is being processed: wait for it to settle, then refund it if needed.', o.number
      using errcode = 'LR409';
  end if;
  select id into event_id from order_events where order_id = o.id and type = 'cancelled' order by id desc limit 1;
  perform private.email_customer(o.id, 'order_cancelled', event_id);
end
$$;
