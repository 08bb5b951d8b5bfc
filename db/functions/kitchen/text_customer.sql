-- Queues one text to an order's customer, in the caller's transaction, and its send_sms job: only
-- when they ticked the box for texts at checkout and have not told Twilio STOP since (sms_opt_outs),
-- only in the wording of the order's kind of fulfilment (ready for pickup; out for delivery; the
-- payment link staff send for a phone order, from its sending event), and at
-- most one per order event and template, so a step made twice or a job run twice texts once.
create or replace function private.text_customer(p_order_id bigint, p_template text, p_order_event_id bigint)
returns void
language plpgsql volatile as $$
declare
  sms_id bigint;
begin
  insert into sms_outbox (template, to_number, order_id, order_event_id, body)
  select p_template, o.sms_phone, o.id, p_order_event_id,
         coalesce(nullif(shop.value #>> '{}', ''), l.name) || ': '
         || case p_template
              when 'order_ready' then 'your order #' || o.number || ' is ready for pickup at ' || l.name || ', ' || l.address || '.'
              when 'order_out_for_delivery' then 'your order #' || o.number || ' is out for delivery and on its way to you.'
              when 'payment_link' then 'pay ' || private.format_money(o.total_cents, o.currency) || ' for order #' || o.number || ' here: '
                                       || (select e.detail ->> 'checkout_url' from order_events e where e.id = p_order_event_id)
            end
         || ' Reply STOP to opt out.'
    from orders o
    join locations l on l.id = o.location_id
    left join settings shop on shop.key = 'shop.name'
   where o.id = p_order_id
     and o.sms_consent_at is not null
     and ((p_template, o.fulfillment) in (('order_ready', 'pickup'), ('order_out_for_delivery', 'delivery')) or p_template = 'payment_link')
     and not exists (select 1 from sms_opt_outs x where x.phone = o.sms_phone and x.opted_out_at > o.sms_consent_at)
  on conflict do nothing
  returning id into sms_id;
  if sms_id is not null then
    -- Seven tries over about ten minutes (graphile-worker's exponential backoff): a "ready" text
    -- later than that is no longer worth sending.
    perform private.enqueue_job('send_sms', jsonb_build_object('sms_id', sms_id),
                                p_job_key => 'send_sms:' || sms_id, p_max_attempts => 7);
  end if;
end
$$;
