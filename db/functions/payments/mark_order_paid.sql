-- Moves an unpaid order to paid and queues its confirmation email, in this transaction.
-- Returns false, changing nothing, when the order is not waiting for payment.
create or replace function private.mark_order_paid(p_order_id bigint) returns boolean
language plpgsql volatile as $$
declare
  o orders;
  email_id bigint;
begin
  select * into o from orders where id = p_order_id for update;
  if not found then
    raise exception 'Order % not found.', p_order_id using errcode = 'LR404';
  end if;
  if o.state <> 'pending_payment' then
    return false;
  end if;
  update orders set state = 'paid', paid_at = now() where id = p_order_id;
  insert into email_outbox (template, to_address, order_id)
  values ('order_confirmation', o.customer_email, o.id)
  on conflict do nothing
  returning id into email_id;
  if email_id is not null then
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', email_id), p_job_key => 'send_email:' || email_id);
  end if;
  return true;
end
$$;
