-- Applies what Square says about a refund. Idempotent: completing a refund twice does nothing more.
-- A completed refund moves the order to refunded (everything captured is refunded) or
-- partially_refunded, and queues the customer's refund email.
create or replace function apply_square_refund(
  p_refund_id uuid, p_square_refund_id text, p_square_payment_id text, p_status text, p_amount_cents bigint
) returns text
language plpgsql volatile as $$
declare
  refund refunds;
  o orders;
  email_id bigint;
begin
  if p_refund_id is not null then
    select * into refund from refunds where id = p_refund_id for update;
  else
    select * into refund from refunds where square_refund_id = p_square_refund_id for update;
  end if;
  if not found then
    return 'unknown_refund';
  end if;
  select * into o from orders where id = refund.order_id for update;
  update refunds set square_refund_id = coalesce(square_refund_id, p_square_refund_id), updated_at = now()
   where id = refund.id;

  if refund.status in ('completed', 'failed') then
    return 'already_final';
  end if;
  if p_status = 'COMPLETED' then
    update refunds set status = 'completed', error_message = null, updated_at = now() where id = refund.id;
    update orders
       set state = case when refundable_cents(o.id) = 0 then 'refunded' else 'partially_refunded' end
     where id = o.id;
    insert into order_events (order_id, type, message, detail)
    values (o.id, 'refunded', 'Refund of ' || to_char(refund.amount_cents / 100.0, 'FM999999990.00') || ' completed.',
            jsonb_build_object('refund_id', refund.id, 'square_refund_id', p_square_refund_id));
    insert into email_outbox (template, to_address, order_id, refund_id)
    select 'refund_confirmation', o.customer_email, o.id, refund.id where o.customer_email is not null
    on conflict do nothing
    returning id into email_id;
    if email_id is not null then
      perform private.enqueue_job('send_email', jsonb_build_object('email_id', email_id), p_job_key => 'send_email:' || email_id);
    end if;
    return 'completed';
  elsif p_status in ('REJECTED', 'FAILED') then
    update refunds set status = 'failed', error_message = 'Square ' || lower(p_status) || ' the refund.', updated_at = now()
     where id = refund.id;
    insert into order_events (order_id, type, message, detail)
    values (o.id, 'refund_failed', 'Square ' || lower(p_status) || ' a refund.', jsonb_build_object('refund_id', refund.id));
    return 'failed';
  end if;
  update refunds set status = 'pending', updated_at = now() where id = refund.id and status = 'requested';
  return 'pending';
end
$$;
