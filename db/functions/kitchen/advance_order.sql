-- One step of the kitchen's day for one order, made by a member of staff, in one transaction:
--   accept (optionally pushing the promised time), delay (push it again), start, ready, and the
--   hand-over: collected (pickup), out_for_delivery then delivered (delivery), shipped (shipping).
-- The step is checked against the state the board showed (p_seen_state): when two staff click at
-- once or the page is stale, the second is told and nothing changes, no second email. State changes
-- go through the orders trigger (the transition table, and an event naming who made it); the
-- customer's email for the step is queued in the same transaction, and a text for ready (pickup) and
-- out for delivery when the customer asked for texts. Returns the order's state.
-- Shipped may carry the carrier and tracking number (checked by private.shipment_tracking); the
-- shipped email gives them to the customer.
create or replace function advance_order(
  p_order_id bigint,
  p_step text,
  p_admin_user_id bigint,
  p_seen_state text,
  p_delay_minutes integer default 0,
  p_shipment_carrier text default null,
  p_tracking_number text default null
) returns text
language plpgsql volatile as $$
declare
  o orders;
  next_state text;
  email text;
  event_id bigint;
  tracking record;
begin
  if p_step is null or p_step not in ('accept', 'delay', 'start', 'ready', 'out_for_delivery', 'collected', 'delivered', 'shipped') then
    raise exception 'That is not a step an order can take.' using errcode = 'LR422', column = 'step';
  end if;
  if p_delay_minutes is null or p_delay_minutes not in (0, 5, 10, 15, 30)
     or (p_step = 'delay' and p_delay_minutes = 0) or (p_step not in ('accept', 'delay') and p_delay_minutes <> 0) then
    raise exception 'Choose a delay of 5, 10, 15 or 30 minutes.' using errcode = 'LR422', column = 'delayMinutes';
  end if;
  if p_step <> 'shipped' and (nullif(btrim(p_shipment_carrier), '') is not null or nullif(btrim(p_tracking_number), '') is not null) then
    raise exception 'Only the Shipped step takes a carrier and tracking number.' using errcode = 'LR422', column = 'trackingNumber';
  end if;
  o := private.lock_order(p_order_id);
  if p_seen_state is not null and o.state <> p_seen_state then
    raise exception 'Order #% is already %: nothing changed.', o.number, replace(o.state, '_', ' ')
      using errcode = 'LR409';
  end if;
  -- The orders trigger names this person on the state change it records.
  perform set_config('larder.admin_user_id', coalesce(p_admin_user_id::text, ''), true);

  if p_step = 'accept' then
    if o.state <> 'paid' or o.accepted_at is not null then
      raise exception 'Order #% is already accepted: nothing changed.', o.number using errcode = 'LR409';
    end if;
    update orders set accepted_at = now(), accepted_by = p_admin_user_id, delay_minutes = delay_minutes + p_delay_minutes
     where id = o.id;
    insert into order_events (order_id, type, message, detail, admin_user_id)
    values (o.id, 'accepted',
            case when p_delay_minutes > 0 then 'Accepted, ' || p_delay_minutes || ' minutes later than promised.' else 'Accepted.' end,
            jsonb_build_object('delay_minutes', p_delay_minutes), p_admin_user_id)
    returning id into event_id;
    if p_delay_minutes > 0 and o.fulfillment <> 'shipping' then
      perform private.email_customer(o.id, 'order_delayed', event_id);
    end if;
    return o.state;
  end if;

  if p_step = 'delay' then
    if o.fulfillment = 'shipping' then
      raise exception 'Order #% ships on a day, not at a time: there is nothing to delay.', o.number using errcode = 'LR409';
    end if;
    if o.state not in ('paid', 'preparing', 'ready', 'out_for_delivery') and not (o.pay_at_pickup and o.state = 'pending_payment') then
      raise exception 'Order #% is % and cannot be delayed.', o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
    end if;
    if o.delay_minutes + p_delay_minutes > 720 then
      raise exception 'Order #% is already % minutes late: call the customer instead.', o.number, o.delay_minutes
        using errcode = 'LR422', column = 'delayMinutes';
    end if;
    update orders set delay_minutes = delay_minutes + p_delay_minutes where id = o.id;
    insert into order_events (order_id, type, message, detail, admin_user_id)
    values (o.id, 'delayed', 'Promised ' || p_delay_minutes || ' minutes later.', jsonb_build_object('delay_minutes', p_delay_minutes), p_admin_user_id)
    returning id into event_id;
    perform private.email_customer(o.id, 'order_delayed', event_id);
    return o.state;
  end if;

  next_state := case p_step
    when 'start' then 'preparing'
    when 'ready' then 'ready'
    when 'out_for_delivery' then 'out_for_delivery'
    else 'completed' end;
  if (p_step = 'collected' and o.fulfillment <> 'pickup')
     or (p_step in ('out_for_delivery', 'delivered') and o.fulfillment <> 'delivery')
     or (p_step = 'shipped' and o.fulfillment <> 'shipping') then
    raise exception 'Order #% is for %: it cannot be marked %.', o.number, o.fulfillment, replace(p_step, '_', ' ')
      using errcode = 'LR409';
  end if;
  if o.accepted_at is null then
    raise exception 'Accept order #% first.', o.number using errcode = 'LR409';
  end if;
  if not private.order_transition_allowed(o.state, next_state) then
    raise exception 'Order #% is % and cannot be marked %.', o.number, replace(o.state, '_', ' '), replace(p_step, '_', ' ')
      using errcode = 'LR409';
  end if;
  if p_step = 'shipped' then
    select * into tracking from private.shipment_tracking(p_shipment_carrier, p_tracking_number);
    update orders set shipment_carrier = tracking.carrier, tracking_number = tracking.tracking_number where id = o.id;
  end if;
  update orders set state = next_state where id = o.id;
  select id into event_id from order_events where order_id = o.id and type = 'state_changed' order by id desc limit 1;
  email := case
    when p_step = 'ready' and o.fulfillment = 'pickup' then 'order_ready'
    when p_step = 'out_for_delivery' then 'order_out_for_delivery'
    when p_step = 'delivered' then 'order_delivered'
    when p_step = 'shipped' then 'order_shipped' end;
  if email is not null then
    perform private.email_customer(o.id, email, event_id);
  end if;
  if email in ('order_ready', 'order_out_for_delivery') then
    perform private.text_customer(o.id, email, event_id);
  end if;
  return next_state;
end
$$;
