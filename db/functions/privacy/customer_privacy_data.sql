-- Everything Larder holds about the person of a privacy request, as one JSON document: their
-- customer records and account (saved details, consents, sign-in codes asked for), orders (with
-- items, events, payments, attempts, refunds, counter payments and promo code uses), the emails and
-- texts sent to them, their text consents and opt-outs, the browser sessions that held their carts
-- or their sign-in, Square's webhook events about them, and what Square holds (Square's own
-- records are not Larder's to export or erase: they are named here so the owner can ask Square).
create or replace function private.customer_privacy_data(p_email text, p_phone text) returns jsonb
language sql stable as $$
  with subject_orders as (select o.* from orders o where o.id in (select private.privacy_subject_orders(p_email, p_phone))),
  subject_emails as (
    select e.* from email_outbox e
     where e.order_id in (select id from subject_orders)
        or lower(e.to_address) in (select lower(customer_email) from subject_orders where customer_email is not null)
        or (nullif(btrim(p_email), '') is not null and lower(e.to_address) = lower(btrim(p_email)))),
  subject_texts as (
    select s.* from sms_outbox s
     where s.order_id in (select id from subject_orders)
        or (private.privacy_phone_key(p_phone) is not null and private.privacy_phone_key(s.to_number) = private.privacy_phone_key(p_phone))),
  subject_phones as (
    select private.privacy_phone_key(p) as phone_key
      from (select customer_phone as p from subject_orders union select sms_phone from subject_orders union select p_phone) phones
     where private.privacy_phone_key(p) is not null)
  select jsonb_build_object(
    'generated_at', now(),
    'request', jsonb_build_object('email', nullif(btrim(p_email), ''), 'phone', nullif(btrim(p_phone), '')),
    'customers', coalesce((
      select jsonb_agg(jsonb_build_object('id', c.id, 'email', c.email, 'name', c.name, 'phone', c.phone, 'no_shows', c.no_shows,
                                          'created_at', c.created_at, 'updated_at', c.updated_at) order by c.id)
        from customers c where c.id in (select private.privacy_subject_customers(p_email, p_phone))), '[]'),
    'accounts', coalesce((
      select jsonb_agg(jsonb_build_object('customer_id', a.customer_id, 'name', a.name, 'phone', a.phone,
                                          'delivery_address', case when a.address_line1 is not null then jsonb_build_object(
                                            'line1', a.address_line1, 'line2', a.address_line2, 'city', a.address_city,
                                            'region', a.address_region, 'postal_code', a.address_postal_code) end,
                                          'marketing_consent_at', a.marketing_consent_at, 'sms_consent_at', a.sms_consent_at,
                                          'created_at', a.created_at, 'updated_at', a.updated_at) order by a.customer_id)
        from customer_accounts a where a.customer_id in (select private.privacy_subject_customers(p_email, p_phone))), '[]'),
    'sign_in_codes', coalesce((
      select jsonb_agg(jsonb_build_object('email', k.email, 'requested_at', k.created_at, 'expires_at', k.expires_at, 'used_at', k.used_at) order by k.id)
        from customer_sign_in_codes k
       where k.email = lower(btrim(p_email))
          or k.email in (select lower(c.email) from customers c where c.id in (select private.privacy_subject_customers(p_email, p_phone)))), '[]'),
    'orders', coalesce((
      select jsonb_agg(jsonb_build_object(
        'number', o.number, 'placed_at', o.created_at, 'state', o.state, 'source', o.source, 'fulfillment', o.fulfillment,
        'name', o.customer_name, 'email', o.customer_email, 'phone', o.customer_phone,
        'address', case when o.fulfillment <> 'pickup' then jsonb_build_object(
          'line1', o.address_line1, 'line2', o.address_line2, 'city', o.address_city, 'region', o.address_region,
          'postal_code', o.address_postal_code) end,
        'note', o.customer_note, 'pickup_at', o.pickup_at, 'delivery_at', o.delivery_at, 'ship_on', o.ship_on,
        'shipment_carrier', o.shipment_carrier, 'tracking_number', o.tracking_number,
        'currency', o.currency, 'subtotal_cents', o.subtotal_cents, 'discount_cents', o.discount_cents, 'promo_code', o.promo_code,
        'tax_name', o.tax_name, 'tax_cents', o.tax_cents, 'delivery_fee_cents', o.delivery_fee_cents,
        'shipping_cents', o.shipping_cents, 'tip_cents', o.tip_cents, 'total_cents', o.total_cents, 'paid_at', o.paid_at,
        'square_order_id', o.square_order_id, 'erased_at', o.erased_at, 'placed_from_address', o.client_ip,
        'items', (select coalesce(jsonb_agg(jsonb_build_object(
                    'product', i.product_name, 'variant', i.variant_name, 'quantity', i.quantity,
                    'unit_price_cents', i.unit_price_cents, 'modifiers_cents', i.modifiers_cents, 'line_total_cents', i.line_total_cents,
                    'choices', (select coalesce(jsonb_agg(jsonb_build_object('list', m.modifier_list_name, 'name', m.name, 'price_cents', m.price_cents)
                                                          order by m.sort_order), '[]')
                                  from order_item_modifiers m where m.order_item_id = i.id)) order by i.id), '[]')
                    from order_items i where i.order_id = o.id),
        'events', (select coalesce(jsonb_agg(jsonb_build_object('type', e.type, 'from_state', e.from_state, 'to_state', e.to_state,
                                                                'message', e.message, 'detail', e.detail, 'at', e.created_at) order by e.id), '[]')
                     from order_events e where e.order_id = o.id),
        'payments', (select coalesce(jsonb_agg(jsonb_build_object('square_payment_id', p.square_payment_id, 'status', p.status,
                                                                  'amount_cents', p.amount_cents, 'currency', p.currency, 'card_brand', p.card_brand,
                                                                  'card_last4', p.card_last4, 'receipt_url', p.receipt_url, 'at', p.created_at) order by p.id), '[]')
                       from payments p where p.order_id = o.id),
        'payment_attempts', (select coalesce(jsonb_agg(jsonb_build_object('method', a.method, 'status', a.status, 'amount_cents', a.amount_cents,
                                                                          'error_code', a.error_code, 'error_message', a.error_message,
                                                                          'square_payment_id', a.square_payment_id, 'at', a.created_at) order by a.created_at), '[]')
                               from payment_attempts a where a.order_id = o.id),
        'refunds', (select coalesce(jsonb_agg(jsonb_build_object('amount_cents', r.amount_cents, 'currency', r.currency, 'reason', r.reason,
                                                                 'status', r.status, 'square_refund_id', r.square_refund_id, 'at', r.created_at) order by r.created_at), '[]')
                      from refunds r where r.order_id = o.id),
        'counter_payments', (select coalesce(jsonb_agg(jsonb_build_object('method', cp.method, 'amount_cents', cp.amount_cents,
                                                                          'currency', cp.currency, 'at', cp.recorded_at)), '[]')
                               from counter_payments cp where cp.order_id = o.id),
        'promo_code_uses', (select coalesce(jsonb_agg(jsonb_build_object('email', pr.customer_email, 'at', pr.created_at)), '[]')
                              from promo_redemptions pr where pr.order_id = o.id)
      ) order by o.id) from subject_orders o), '[]'),
    'emails', coalesce((
      select jsonb_agg(jsonb_build_object('template', e.template, 'to', e.to_address, 'order_number', (select number from orders where id = e.order_id),
                                          'subject', e.subject, 'text_body', e.text_body, 'html_body', e.html_body, 'status', e.status,
                                          'queued_at', e.created_at, 'sent_at', e.sent_at, 'body_deleted_at', e.body_purged_at) order by e.id)
        from subject_emails e), '[]'),
    'texts', coalesce((
      select jsonb_agg(jsonb_build_object('template', s.template, 'to', s.to_number, 'order_number', (select number from orders where id = s.order_id),
                                          'body', s.body, 'status', s.status, 'queued_at', s.created_at, 'sent_at', s.sent_at,
                                          'body_deleted_at', s.body_purged_at) order by s.id)
        from subject_texts s), '[]'),
    'consents', coalesce((
      select jsonb_agg(jsonb_build_object('kind', 'text_messages', 'order_number', o.number, 'phone', o.sms_phone, 'given_at', o.sms_consent_at) order by o.id)
        from subject_orders o where o.sms_consent_at is not null), '[]'),
    'sms_opt_outs', coalesce((
      select jsonb_agg(jsonb_build_object('phone', x.phone, 'opted_out_at', x.opted_out_at, 'source', x.source) order by x.opted_out_at)
        from sms_opt_outs x where private.privacy_phone_key(x.phone) in (select phone_key from subject_phones)), '[]'),
    'sessions', coalesce((
      select jsonb_agg(jsonb_build_object('created_at', s.created_at, 'last_used_at', s.updated_at, 'expires_at', s.expires_at,
                                          'signed_in_to_account', s.customer_id is not null,
                                          'signing_in_as', s.data ->> 'signInEmail',
                                          'held_cart_of_order', (select o.number from subject_orders o where o.cart_id::text = s.data ->> 'cartId')) order by s.created_at)
        from sessions s
       where s.data ->> 'cartId' in (select cart_id::text from subject_orders where cart_id is not null)
          or s.customer_id in (select private.privacy_subject_customers(p_email, p_phone))
          or lower(s.data ->> 'signInEmail') = lower(btrim(p_email))), '[]'),
    'square_webhook_events', coalesce((
      select jsonb_agg(jsonb_build_object('event_id', w.event_id, 'type', w.type, 'state', w.state, 'received_at', w.received_at,
                                          'payload', w.payload) order by w.id)
        from webhook_events w where w.id in (select private.privacy_subject_webhook_events(p_email, p_phone))), '[]'),
    'held_by_square', jsonb_build_object(
      'note', 'Square, which takes the card payments, keeps its own records of these orders and payments (and may keep a customer profile with the buyer''s name, email and card details). Larder does not change them: ask Square (Square Dashboard, Customers, or Square support) to export or delete them.',
      'square_order_ids', coalesce((select jsonb_agg(distinct o.square_order_id) from subject_orders o where o.square_order_id is not null), '[]'),
      'square_payment_ids', coalesce((select jsonb_agg(distinct p.square_payment_id) from payments p where p.order_id in (select id from subject_orders)), '[]'),
      'square_refund_ids', coalesce((select jsonb_agg(distinct r.square_refund_id) from refunds r where r.order_id in (select id from subject_orders) and r.square_refund_id is not null), '[]'))
  )
$$;
