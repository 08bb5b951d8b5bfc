-- Records a refund request and queues the job that sends it to Square, in one transaction.
create or replace function request_refund(p_order_id bigint, p_amount_cents bigint, p_reason text, p_admin_user_id bigint)
returns refunds
language plpgsql volatile as $$
declare
  o orders;
  captured payments;
  available bigint;
  refund refunds;
begin
  o := private.lock_order(p_order_id);
  select * into captured from payments where order_id = o.id and status = 'COMPLETED';
  if not found then
    raise exception 'Order #% has no captured payment to refund.', o.number using errcode = 'LR409';
  end if;
  if p_reason is null or length(trim(p_reason)) not between 1 and 192 then
    raise exception 'Give a reason (up to 192 characters); the customer sees it.' using errcode = 'LR422', column = 'reason';
  end if;
  available := refundable_cents(o.id);
  if p_amount_cents is null or p_amount_cents <= 0 then
    raise exception 'Enter an amount greater than zero.' using errcode = 'LR422', column = 'amount';
  end if;
  if p_amount_cents > available then
    raise exception 'At most % can be refunded on this order.', to_char(available / 100.0, 'FM999999990.00')
      using errcode = 'LR422', column = 'amount';
  end if;
  insert into refunds (order_id, payment_id, amount_cents, currency, reason, requested_by)
  values (o.id, captured.id, p_amount_cents, o.currency, trim(p_reason), p_admin_user_id)
  returning * into refund;
  insert into order_events (order_id, type, message, detail)
  values (o.id, 'refund_requested', 'Refund of ' || to_char(p_amount_cents / 100.0, 'FM999999990.00') || ' requested: ' || trim(p_reason),
          jsonb_build_object('refund_id', refund.id, 'amount_cents', p_amount_cents));
  perform private.enqueue_job('refund_payment', jsonb_build_object('refund_id', refund.id),
    p_job_key => 'refund_payment:' || refund.id, p_max_attempts => 10);
  return refund;
end
$$;
