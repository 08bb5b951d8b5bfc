-- Applies what Square says about a payment (as re-fetched from Square, never from the webhook
-- body alone). Idempotent and order-insensitive: a payment's recorded status only moves forward
-- (APPROVED/PENDING → COMPLETED/FAILED/CANCELED), and what is acted on is the recorded status.
-- Returns what it did: paid, already_paid, needs_refund, failed, pending, duplicate_payment,
-- amount_mismatch, unknown_payment.
create or replace function apply_square_payment(
  p_square_payment_id text,
  p_square_order_id text,
  p_status text,
  p_amount_cents bigint,
  p_currency text,
  p_card_brand text,
  p_card_last4 text,
  p_receipt_url text,
  p_error_code text
) returns text
language plpgsql volatile as $$
declare
  attempt payment_attempts;
  o orders;
  payment_row payments;
  changed boolean;
begin
  select * into attempt from payment_attempts
   where square_order_id = p_square_order_id or square_payment_id = p_square_payment_id
   order by (square_payment_id = p_square_payment_id) desc nulls last
   limit 1;
  if not found then
    return 'unknown_payment';
  end if;
  select * into o from orders where id = attempt.order_id for update;

  -- A capture that does not match the order is kept out of payments (it must not take the order's
  -- one COMPLETED place) and flagged once for staff.
  if p_status = 'COMPLETED' and (p_amount_cents <> o.total_cents or p_currency <> o.currency) then
    if not exists (select 1 from order_events where order_id = o.id and type = 'payment_amount_mismatch'
                     and detail ->> 'square_payment_id' = p_square_payment_id) then
      insert into order_events (order_id, type, message, detail)
      values (o.id, 'payment_amount_mismatch', 'Square captured a different amount than the order total.',
              jsonb_build_object('square_payment_id', p_square_payment_id, 'amount_cents', p_amount_cents,
                                 'currency', p_currency));
    end if;
    return 'amount_mismatch';
  end if;

  if p_status = 'COMPLETED' and exists (
    select 1 from payments where order_id = o.id and status = 'COMPLETED'
       and square_payment_id <> p_square_payment_id) then
    if not exists (select 1 from order_events where order_id = o.id and type = 'duplicate_payment'
                     and detail ->> 'square_payment_id' = p_square_payment_id) then
      insert into order_events (order_id, type, message, detail)
      values (o.id, 'duplicate_payment', 'A second payment was captured for this order and needs a refund.',
              jsonb_build_object('square_payment_id', p_square_payment_id, 'amount_cents', p_amount_cents));
    end if;
    return 'duplicate_payment';
  end if;

  insert into payments (order_id, payment_attempt_id, square_payment_id, status, amount_cents,
                        currency, card_brand, card_last4, receipt_url)
  values (o.id, attempt.id, p_square_payment_id, p_status, p_amount_cents, p_currency,
          p_card_brand, p_card_last4, p_receipt_url)
  on conflict (square_payment_id) do update
    set status = excluded.status,
        card_brand = coalesce(excluded.card_brand, payments.card_brand),
        card_last4 = coalesce(excluded.card_last4, payments.card_last4),
        receipt_url = coalesce(excluded.receipt_url, payments.receipt_url),
        updated_at = now()
    where payments.status in ('APPROVED', 'PENDING') and excluded.status <> payments.status
  returning * into payment_row;
  changed := payment_row.id is not null;
  if not changed then
    select * into payment_row from payments where square_payment_id = p_square_payment_id;
  end if;

  if payment_row.status = 'COMPLETED' then
    update payment_attempts
       set status = 'completed', square_payment_id = p_square_payment_id,
           error_code = null, error_message = null, updated_at = now()
     where id = attempt.id and status <> 'completed';
    if private.mark_order_paid(o.id) then
      return 'paid';
    end if;
    if o.state = 'cancelled' then
      -- Money arrived for an order that no longer wants it (a payment link paid as it expired, a
      -- card answer that came late): refunded at once, and the owners told.
      if changed then
        insert into order_events (order_id, type, message, detail)
        values (o.id, 'payment_after_cancel', 'A payment was captured after the order was cancelled and is refunded automatically.',
                jsonb_build_object('square_payment_id', p_square_payment_id, 'amount_cents', p_amount_cents));
      end if;
      perform private.refund_late_payment(o.id, payment_row.id);
      return 'needs_refund';
    end if;
    return 'already_paid';
  elsif payment_row.status in ('FAILED', 'CANCELED') then
    if changed and o.state = 'pending_payment' then
      update payment_attempts
         set status = 'failed',
             square_payment_id = coalesce(square_payment_id, p_square_payment_id),
             error_code = coalesce(p_error_code, 'GENERIC_DECLINE'),
             error_message = 'Your card was declined.',
             updated_at = now()
       where id = attempt.id and status <> 'completed';
      insert into order_events (order_id, type, message, detail)
      values (o.id, 'payment_failed', 'A payment was declined.',
              jsonb_build_object('square_payment_id', p_square_payment_id, 'error_code', p_error_code));
    end if;
    return 'failed';
  end if;
  return 'pending';
end
$$;
