-- The payment attempt to use for paying an order through a Square payment link: the order's
-- latest one for its current total, even after a decline (Square's link stays payable, and a retry
-- must reuse the idempotency key and link), else a new one; never one for the order's items before
-- staff changed them (revise_unpaid_order).
create or replace function start_payment_link_attempt(p_order_id bigint) returns payment_attempts
language plpgsql volatile as $$
declare
  o orders;
  attempt payment_attempts;
begin
  o := private.lock_order(p_order_id);
  if o.state <> 'pending_payment' then
    raise exception 'Order #% is % and cannot be paid again.', o.number, replace(o.state, '_', ' ')
      using errcode = 'LR409';
  end if;
  select * into attempt from payment_attempts
   where order_id = p_order_id and method = 'payment_link' and amount_cents = o.total_cents
     and error_code is distinct from 'ORDER_CHANGED'
   order by created_at desc limit 1;
  if not found then
    insert into payment_attempts (order_id, method, amount_cents, currency)
    values (p_order_id, 'payment_link', o.total_cents, o.currency)
    returning * into attempt;
  end if;
  return attempt;
end
$$;
