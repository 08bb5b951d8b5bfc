-- Staff add or correct a shipped order's carrier and tracking number from its admin page. The
-- change is an order event naming who made it; when p_email_customer is set and there is tracking
-- to give, the customer gets the shipped email again (tied to that event, so once), with the new
-- tracking. The same values again change nothing. Returns what was and what is now, for the audit
-- log: {"changed": bool, "before": {carrier, trackingNumber}, "after": {…}}.
create or replace function set_order_tracking(
  p_order_id bigint,
  p_carrier text,
  p_tracking_number text,
  p_admin_user_id bigint,
  p_email_customer boolean default true
) returns jsonb
language plpgsql volatile as $$
declare
  o orders;
  tracking record;
  event_id bigint;
  before jsonb;
  after jsonb;
begin
  select * into tracking from private.shipment_tracking(p_carrier, p_tracking_number);
  o := private.lock_order(p_order_id);
  if o.fulfillment <> 'shipping' then
    raise exception 'Order #% is for %: it has no shipment to track.', o.number, o.fulfillment using errcode = 'LR409';
  end if;
  if not exists (select 1 from order_events where order_id = o.id and type = 'state_changed' and to_state = 'completed') then
    raise exception 'Order #% has not shipped yet: give its tracking when you mark it Shipped on the board.', o.number
      using errcode = 'LR409';
  end if;
  before := jsonb_build_object('carrier', o.shipment_carrier, 'trackingNumber', o.tracking_number);
  after := jsonb_build_object('carrier', tracking.carrier, 'trackingNumber', tracking.tracking_number);
  if before = after then
    return jsonb_build_object('changed', false, 'before', before, 'after', after);
  end if;
  update orders set shipment_carrier = tracking.carrier, tracking_number = tracking.tracking_number where id = o.id;
  insert into order_events (order_id, type, message, detail, admin_user_id)
  values (o.id, 'tracking_updated',
          case when tracking.carrier is null and tracking.tracking_number is null then 'Tracking removed.'
               else 'Tracking: ' || concat_ws(' ', tracking.carrier, tracking.tracking_number) || '.' end,
          jsonb_build_object('before', before, 'after', after), p_admin_user_id)
  returning id into event_id;
  if p_email_customer and tracking.tracking_number is not null then
    perform private.email_customer(o.id, 'order_shipped', event_id);
  end if;
  return jsonb_build_object('changed', true, 'before', before, 'after', after);
end
$$;
