-- Staff send a customer the Square payment link for an order taken by phone: an event naming who
-- sent it, and the email and (when the customer agreed to texts) the text carrying it, in one
-- transaction (sending again is a new event and a
-- new email: the customer asked for it again). The link itself is made beforehand through Square
-- (start_payment_link_attempt, record_payment_link); paying it settles the order through the
-- webhook path like any online payment.
create or replace function send_payment_link(p_order_id bigint, p_admin_user_id bigint) returns void
language plpgsql volatile as $$
declare
  o orders;
  link text;
  event_id bigint;
begin
  o := private.lock_order(p_order_id);
  if o.state <> 'pending_payment' or o.paid_at is not null then
    raise exception 'Order #% is % and needs no payment link.', o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
  end if;
  if o.customer_email is null and o.sms_consent_at is null then
    raise exception 'Order #% has no email address, and the customer did not agree to texts: there is nowhere to send the link.', o.number
      using errcode = 'LR422', column = 'email';
  end if;
  select checkout_url into link from payment_attempts
   where order_id = o.id and method = 'payment_link' and amount_cents = o.total_cents and checkout_url is not null
     and status in ('created', 'pending')
   order by created_at desc limit 1;
  if link is null then
    raise exception 'Order #% has no payment link for its total yet.', o.number using errcode = 'LR409';
  end if;
  insert into order_events (order_id, type, message, detail, admin_user_id)
  values (o.id, 'payment_link_sent',
          'Payment link ' || concat_ws(' and ', 'emailed to ' || o.customer_email, 'texted to ' || o.sms_phone) || '.',
          jsonb_build_object('checkout_url', link), p_admin_user_id)
  returning id into event_id;
  perform private.email_customer(o.id, 'payment_link', event_id);
  perform private.text_customer(o.id, 'payment_link', event_id);
end
$$;
