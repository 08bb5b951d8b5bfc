-- A member of staff takes an order's payment in the shop: cash, or a card on the shop's own reader.
-- The order is paid from now (paid_at, the one mark of "paid" sales reports count), the counter
-- payment names who took it, and any payment link still open for the order is closed; an order
-- still waiting for payment goes on to the kitchen as a paid online order would
-- (mark_order_paid). Refused, changing nothing, when the order is paid already, cancelled, or a
-- card payment through Square is being processed for it.
create or replace function record_counter_payment(p_order_id bigint, p_method text, p_admin_user_id bigint) returns void
language plpgsql volatile as $$
declare
  o orders;
  taker text;
begin
  if p_method is null or p_method not in ('cash', 'card_present') then
    raise exception 'Choose cash or card.' using errcode = 'LR422', column = 'method';
  end if;
  select coalesce(nullif(name, ''), email) into taker from admin_users where id = p_admin_user_id;
  if not found then
    raise exception 'Sign in to record a payment.' using errcode = 'LR422';
  end if;
  o := private.lock_order(p_order_id);
  if o.paid_at is not null then
    raise exception 'Order #% is already paid: nothing changed.', o.number using errcode = 'LR409';
  end if;
  if o.state not in ('pending_payment', 'preparing', 'ready') then
    raise exception 'Order #% is % and cannot be paid.', o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
  end if;
  if exists (select 1 from payments where order_id = o.id and status in ('COMPLETED', 'APPROVED', 'PENDING'))
     or exists (select 1 from payment_attempts where order_id = o.id and method = 'card' and status in ('pending', 'unknown')) then
    raise exception 'A card payment for order #% is being processed: wait for it to settle before taking money.', o.number
      using errcode = 'LR409';
  end if;

  insert into counter_payments (order_id, method, amount_cents, currency, recorded_by)
  values (o.id, p_method, o.total_cents, o.currency, p_admin_user_id);
  update payment_attempts
     set status = 'failed', error_code = 'PAID_AT_COUNTER', error_message = 'Paid in the shop instead.', updated_at = now()
   where order_id = o.id and status in ('created', 'pending', 'unknown');
  perform set_config('larder.admin_user_id', p_admin_user_id::text, true);
  if o.state = 'pending_payment' then
    perform private.mark_order_paid(o.id);
  else
    update orders set paid_at = now(), updated_at = now() where id = o.id;
  end if;
  insert into order_events (order_id, type, message, detail, admin_user_id)
  values (o.id, 'paid_at_counter',
          'Paid ' || private.format_money(o.total_cents, o.currency) || case p_method when 'cash' then ' in cash' else ' by card' end
            || ', taken by ' || taker || '.',
          jsonb_build_object('method', p_method, 'amount_cents', o.total_cents), p_admin_user_id);
end
$$;
