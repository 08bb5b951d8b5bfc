-- A payment captured for an order that was already cancelled (expired unpaid, or changed by its
-- customer) is refunded in full without waiting for staff, and every owner is told by email. Called
-- by apply_square_payment, once per payment (a refund row names it).
create or replace function private.refund_late_payment(p_order_id bigint, p_payment_id bigint) returns refunds
language plpgsql volatile as $$
declare
  captured payments;
  refund refunds;
  alert record;
begin
  select * into captured from payments where id = p_payment_id and order_id = p_order_id and status = 'COMPLETED';
  if not found then
    raise exception 'Payment % is not a captured payment of order %.', p_payment_id, p_order_id using errcode = 'LR404';
  end if;
  select * into refund from refunds where payment_id = captured.id and requested_by is null and status <> 'failed' limit 1;
  if found then
    return refund;
  end if;
  insert into refunds (order_id, payment_id, amount_cents, currency, reason, requested_by)
  values (p_order_id, captured.id, captured.amount_cents, captured.currency,
          'Paid after the order was cancelled: refunded automatically.', null)
  returning * into refund;
  insert into order_events (order_id, type, message, detail)
  values (p_order_id, 'late_payment_refunded', 'A payment came after the order was cancelled; it is being refunded automatically.',
          jsonb_build_object('refund_id', refund.id, 'square_payment_id', captured.square_payment_id,
                             'amount_cents', captured.amount_cents));
  perform private.enqueue_job('refund_payment', jsonb_build_object('refund_id', refund.id),
    p_job_key => 'refund_payment:' || refund.id, p_max_attempts => 10);
  for alert in
    insert into email_outbox (template, to_address, order_id, refund_id)
    select 'owner_late_payment_refunded', a.email, p_order_id, refund.id from admin_users a
     where a.role = 'owner' and a.deactivated_at is null
    on conflict do nothing
    returning id
  loop
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', alert.id), p_job_key => 'send_email:' || alert.id);
  end loop;
  return refund;
end
$$;
