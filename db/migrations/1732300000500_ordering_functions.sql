-- Up Migration
-- The functions the storefront's actions call: cart changes, placing an order, payment outcomes.
-- Errors meant for the customer use SQLSTATE LR404 (not found), LR409 (conflict with the shop's
-- state) and LR422 (invalid input; COLUMN names the form field). The app maps them to 4xx answers.

-- Pickup times a customer can choose: the location's weekly hours on its local clock (so a
-- daylight-saving change never shifts the grid; local times that do not exist that day are
-- skipped), minus closed days, from now plus the lead time, up to pickup_days_ahead days ahead,
-- and only slots that still have room.
create function pickup_slots(p_location_id bigint, p_now timestamptz default now())
returns setof timestamptz
language sql stable as $$
  with days as (
    select l.id, l.timezone, l.pickup_slot_minutes, l.pickup_lead_minutes, l.pickup_slot_capacity,
           (p_now at time zone l.timezone)::date + day_offset as local_day
      from locations l
      cross join generate_series(0, l.pickup_days_ahead) as day_offset
     where l.id = p_location_id and l.is_active
  )
  select local_slot at time zone d.timezone as slot
    from days d
    join location_hours h on h.location_id = d.id and h.weekday = extract(dow from d.local_day)
    cross join lateral generate_series(
      d.local_day + h.opens_at,
      d.local_day + h.closes_at - make_interval(mins => d.pickup_slot_minutes),
      make_interval(mins => d.pickup_slot_minutes)) as local_slot
    left join pickup_slot_reservations r on r.location_id = d.id and r.slot_at = local_slot at time zone d.timezone
   where not exists (select 1 from location_closures c where c.location_id = d.id and c.closed_on = d.local_day)
     and (local_slot at time zone d.timezone) at time zone d.timezone = local_slot
     and local_slot at time zone d.timezone >= p_now + make_interval(mins => d.pickup_lead_minutes)
     and coalesce(r.reserved < r.capacity, true)
   order by slot
$$;

-- Takes one place in a pickup slot, or says it is full; in the caller's transaction.
create function reserve_pickup_slot(p_location_id bigint, p_slot_at timestamptz) returns void
language plpgsql volatile as $$
declare
  taken integer;
begin
  insert into pickup_slot_reservations (location_id, slot_at, capacity, reserved)
  select id, p_slot_at, pickup_slot_capacity, 1 from locations where id = p_location_id
  on conflict (location_id, slot_at) do update
    set reserved = pickup_slot_reservations.reserved + 1
    where pickup_slot_reservations.reserved < pickup_slot_reservations.capacity
  returning reserved into taken;
  if taken is null then
    raise exception 'That pickup time just filled up. Please choose another.'
      using errcode = 'LR409', column = 'pickupAt';
  end if;
end
$$;

-- Gives back an order's place in its pickup slot (expired or cancelled orders).
create function release_pickup_slot(p_location_id bigint, p_slot_at timestamptz) returns void
language sql volatile as $$
  update pickup_slot_reservations set reserved = reserved - 1
   where location_id = p_location_id and slot_at = p_slot_at and reserved > 0
$$;

create view cart_lines as
select ci.cart_id,
       ci.variant_id,
       ci.quantity,
       p.id as product_id,
       p.name as product_name,
       p.slug as product_slug,
       v.name as variant_name,
       v.price_cents,
       v.currency,
       v.price_cents * ci.quantity as line_total_cents,
       (v.sold_out or not p.is_active or (v.stock is not null and v.stock < ci.quantity)) as unavailable,
       ci.added_at
from cart_items ci
join variants v on v.id = ci.variant_id
join products p on p.id = v.product_id;

-- Locks an open cart, or explains why it cannot change.
create function lock_open_cart(p_cart_id uuid) returns carts
language plpgsql volatile as $$
declare
  c carts;
begin
  select * into c from carts where id = p_cart_id for update;
  if not found then
    raise exception 'Your cart has expired. Please add the items again.' using errcode = 'LR404';
  end if;
  if c.checked_out_at is not null then
    raise exception 'This cart has already been checked out.' using errcode = 'LR409';
  end if;
  return c;
end
$$;

-- Checks that a quantity of a variant can go into a cart.
create function check_variant_orderable(p_variant_id bigint, p_quantity integer) returns void
language plpgsql stable as $$
declare
  v record;
begin
  if p_quantity is null or p_quantity not between 1 and 99 then
    raise exception 'Quantity must be a whole number from 1 to 99.'
      using errcode = 'LR422', column = 'quantity';
  end if;
  select vr.sold_out, vr.stock, vr.name as variant_name, p.name as product_name, p.is_active
    into v
    from variants vr join products p on p.id = vr.product_id
   where vr.id = p_variant_id;
  if not found or not v.is_active then
    raise exception 'That item is not on the menu.' using errcode = 'LR404', column = 'variantId';
  end if;
  if v.sold_out or v.stock = 0 then
    raise exception '% (%) is sold out.', v.product_name, v.variant_name
      using errcode = 'LR409', column = 'variantId';
  end if;
  if v.stock is not null and p_quantity > v.stock then
    raise exception 'Only % of % (%) left.', v.stock, v.product_name, v.variant_name
      using errcode = 'LR409', column = 'quantity';
  end if;
end
$$;

create function cart_add_item(p_cart_id uuid, p_variant_id bigint, p_quantity integer) returns void
language plpgsql volatile as $$
declare
  new_quantity integer;
begin
  perform lock_open_cart(p_cart_id);
  if p_quantity is null or p_quantity not between 1 and 99 then
    raise exception 'Quantity must be a whole number from 1 to 99.'
      using errcode = 'LR422', column = 'quantity';
  end if;
  select coalesce(max(quantity), 0) + p_quantity into new_quantity
    from cart_items where cart_id = p_cart_id and variant_id = p_variant_id;
  if new_quantity > 99 then
    raise exception 'You can order at most 99 of one item.' using errcode = 'LR422', column = 'quantity';
  end if;
  perform check_variant_orderable(p_variant_id, new_quantity);
  insert into cart_items (cart_id, variant_id, quantity)
  values (p_cart_id, p_variant_id, new_quantity)
  on conflict (cart_id, variant_id) do update set quantity = excluded.quantity;
  update carts set updated_at = now() where id = p_cart_id;
end
$$;

-- Sets a line's quantity; 0 removes the line.
create function cart_set_quantity(p_cart_id uuid, p_variant_id bigint, p_quantity integer) returns void
language plpgsql volatile as $$
begin
  perform lock_open_cart(p_cart_id);
  if p_quantity is null or p_quantity not between 0 and 99 then
    raise exception 'Quantity must be a whole number from 0 to 99.'
      using errcode = 'LR422', column = 'quantity';
  end if;
  if p_quantity = 0 then
    delete from cart_items where cart_id = p_cart_id and variant_id = p_variant_id;
  else
    if not exists (select 1 from cart_items where cart_id = p_cart_id and variant_id = p_variant_id) then
      raise exception 'That item is not in your cart.' using errcode = 'LR404', column = 'variantId';
    end if;
    perform check_variant_orderable(p_variant_id, p_quantity);
    update cart_items set quantity = p_quantity where cart_id = p_cart_id and variant_id = p_variant_id;
  end if;
  update carts set updated_at = now() where id = p_cart_id;
end
$$;

create function cart_remove_item(p_cart_id uuid, p_variant_id bigint) returns void
language sql volatile as $$
  select cart_set_quantity(p_cart_id, p_variant_id, 0)
$$;

-- Turns a cart into an order: prices come from the menu, stock is reserved, and a repeated
-- submission of the same checkout (double click, back button, replay) returns the order it made.
create function place_order(
  p_cart_id uuid,
  p_checkout_key uuid,
  p_location_id bigint,
  p_customer_name text,
  p_customer_email text,
  p_customer_phone text,
  p_pickup_at timestamptz
) returns table (order_id bigint, public_token text, already_placed boolean)
language plpgsql volatile as $$
declare
  existing orders;
  loc locations;
  line record;
  new_order orders;
  v_customer_id bigint;
  v_subtotal bigint := 0;
  v_name text := trim(p_customer_name);
  v_email text := lower(trim(p_customer_email));
  v_phone text := trim(p_customer_phone);
begin
  select * into existing from orders o where o.checkout_key = p_checkout_key;
  if found then
    return query select existing.id, existing.public_token, true;
    return;
  end if;

  -- Concurrent submissions of one cart queue up here; the later ones find the order made.
  perform 1 from carts where id = p_cart_id for update;
  select * into existing from orders o where o.cart_id = p_cart_id;
  if found then
    return query select existing.id, existing.public_token, true;
    return;
  end if;
  perform lock_open_cart(p_cart_id);

  if v_name is null or length(v_name) not between 1 and 100 then
    raise exception 'Enter your name.' using errcode = 'LR422', column = 'name';
  end if;
  if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 254 then
    raise exception 'Enter an email address like name@example.com.' using errcode = 'LR422', column = 'email';
  end if;
  if v_phone is null or v_phone !~ '^\+?[0-9 ().-]{7,20}$' then
    raise exception 'Enter a phone number we can call about your order.' using errcode = 'LR422', column = 'phone';
  end if;

  select * into loc from locations where id = p_location_id and is_active;
  if not found then
    raise exception 'That location is not taking orders.' using errcode = 'LR404', column = 'locationId';
  end if;
  if p_pickup_at is null or p_pickup_at not in (select pickup_slots(p_location_id)) then
    if exists (select 1 from pickup_slot_reservations
                where location_id = p_location_id and slot_at = p_pickup_at and reserved >= capacity) then
      raise exception 'That pickup time just filled up. Please choose another.'
        using errcode = 'LR409', column = 'pickupAt';
    end if;
    raise exception 'That pickup time is no longer available. Please choose another.'
      using errcode = 'LR409', column = 'pickupAt';
  end if;

  if not exists (select 1 from cart_items where cart_id = p_cart_id) then
    raise exception 'Your cart is empty.' using errcode = 'LR422';
  end if;
  perform reserve_pickup_slot(p_location_id, p_pickup_at);

  insert into customers (email, name, phone) values (v_email, v_name, v_phone)
  on conflict ((lower(email))) do update
    set name = excluded.name, phone = excluded.phone, updated_at = now()
  returning id into v_customer_id;

  begin
    insert into orders (checkout_key, cart_id, location_id, customer_id, customer_name,
                        customer_email, customer_phone, pickup_at, currency, subtotal_cents, total_cents)
    values (p_checkout_key, p_cart_id, p_location_id, v_customer_id, v_name, v_email, v_phone,
            p_pickup_at, loc.currency, 0, 0)
    returning * into new_order;
  exception when unique_violation then
    -- The same checkout key, submitted concurrently with another cart, made its order first.
    select * into existing from orders o where o.checkout_key = p_checkout_key;
    if not found then
      raise;
    end if;
    return query select existing.id, existing.public_token, true;
    return;
  end;

  -- Variants in id order, so concurrent orders lock them in the same order.
  for line in
    select cl.*, v.stock, v.sold_out, v.currency as variant_currency, p.is_active
      from cart_lines cl
      join variants v on v.id = cl.variant_id
      join products p on p.id = cl.product_id
     where cl.cart_id = p_cart_id
     order by cl.variant_id
  loop
    if line.sold_out or not line.is_active then
      raise exception '% (%) is no longer available. Remove it from your cart to continue.',
        line.product_name, line.variant_name using errcode = 'LR409';
    end if;
    if line.variant_currency <> loc.currency then
      raise exception '% is priced in %, not %.', line.product_name, line.variant_currency, loc.currency
        using errcode = 'LR409';
    end if;
    update variants set stock = stock - line.quantity, updated_at = now()
     where id = line.variant_id and stock is not null and stock >= line.quantity;
    if not found and line.stock is not null then
      raise exception 'Only % of % (%) left. Change the quantity in your cart to continue.',
        (select stock from variants where id = line.variant_id), line.product_name, line.variant_name
        using errcode = 'LR409';
    end if;
    insert into order_items (order_id, variant_id, product_name, variant_name, unit_price_cents, quantity)
    values (new_order.id, line.variant_id, line.product_name, line.variant_name, line.price_cents, line.quantity);
    v_subtotal := v_subtotal + line.line_total_cents;
  end loop;

  update orders set subtotal_cents = v_subtotal, total_cents = v_subtotal where id = new_order.id;
  update carts set checked_out_at = now(), updated_at = now() where id = p_cart_id;
  insert into order_events (order_id, type, to_state, message)
  values (new_order.id, 'placed', 'pending_payment', 'Order placed for pickup');

  return query select new_order.id, new_order.public_token, false;
end
$$;

-- The payment attempt to use for paying an order through a Square payment link: the order's
-- latest one for its current total, even after a decline (Square's link stays payable, and a retry
-- must reuse the idempotency key and link), else a new one.
create function start_payment_link_attempt(p_order_id bigint) returns payment_attempts
language plpgsql volatile as $$
declare
  o orders;
  attempt payment_attempts;
begin
  select * into o from orders where id = p_order_id for update;
  if not found then
    raise exception 'Order not found.' using errcode = 'LR404';
  end if;
  if o.state <> 'pending_payment' then
    raise exception 'Order #% is % and cannot be paid again.', o.number, replace(o.state, '_', ' ')
      using errcode = 'LR409';
  end if;
  select * into attempt from payment_attempts
   where order_id = p_order_id and method = 'payment_link' and amount_cents = o.total_cents
   order by created_at desc limit 1;
  if not found then
    insert into payment_attempts (order_id, method, amount_cents, currency)
    values (p_order_id, 'payment_link', o.total_cents, o.currency)
    returning * into attempt;
  end if;
  return attempt;
end
$$;

create function record_payment_link(
  p_attempt_id uuid, p_payment_link_id text, p_checkout_url text, p_square_order_id text
) returns void
language plpgsql volatile as $$
begin
  update payment_attempts
     set square_payment_link_id = p_payment_link_id,
         checkout_url = p_checkout_url,
         square_order_id = p_square_order_id,
         status = case when status = 'created' then 'pending' else status end,
         updated_at = now()
   where id = p_attempt_id;
  if not found then
    raise exception 'Payment attempt % not found.', p_attempt_id using errcode = 'LR404';
  end if;
end
$$;

-- Moves an unpaid order to paid and queues its confirmation email, in this transaction.
-- Returns false, changing nothing, when the order is not waiting for payment.
create function mark_order_paid(p_order_id bigint) returns boolean
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
    perform graphile_worker.add_job(
      identifier => 'send_email',
      -- The request that caused this (set by the app for its transaction) follows the job into its logs.
      payload => json_strip_nulls(json_build_object('email_id', email_id, 'request_id', nullif(current_setting('larder.request_id', true), ''))),
      job_key => 'send_email:' || email_id);
  end if;
  return true;
end
$$;

-- Applies what Square says about a payment (as re-fetched from Square, never from the webhook
-- body alone). Idempotent and order-insensitive: a payment's recorded status only moves forward
-- (APPROVED/PENDING → COMPLETED/FAILED/CANCELED), and what is acted on is the recorded status.
-- Returns what it did: paid, already_paid, needs_refund, failed, pending, duplicate_payment,
-- amount_mismatch, unknown_payment.
create function apply_square_payment(
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
    if mark_order_paid(o.id) then
      return 'paid';
    end if;
    if o.state = 'cancelled' then
      -- Money arrived for an order that no longer wants it: staff must refund it.
      if changed then
        insert into order_events (order_id, type, message, detail)
        values (o.id, 'payment_after_cancel', 'A payment was captured after the order was cancelled and needs a refund.',
                jsonb_build_object('square_payment_id', p_square_payment_id, 'amount_cents', p_amount_cents));
      end if;
      return 'needs_refund';
    end if;
    return 'already_paid';
  elsif payment_row.status in ('FAILED', 'CANCELED') then
    if changed and o.state = 'pending_payment' then
      update payment_attempts
         set status = 'failed',
             square_payment_id = coalesce(square_payment_id, p_square_payment_id),
             error_code = coalesce(p_error_code, 'GENERIC_DECLINE'),
             error_message = 'The card was declined.',
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

-- Stores a webhook once and queues its processing in the same transaction.
-- Returns false for a duplicate delivery, which is acknowledged and otherwise ignored.
create function record_webhook_event(
  p_provider text, p_event_id text, p_type text, p_payload jsonb, p_request_id text
) returns boolean
language plpgsql volatile as $$
declare
  new_id bigint;
begin
  insert into webhook_events (provider, event_id, type, payload)
  values (p_provider, p_event_id, p_type, p_payload)
  on conflict (provider, event_id) do nothing
  returning id into new_id;
  if new_id is null then
    return false;
  end if;
  perform graphile_worker.add_job(
    identifier => 'process_square_webhook',
    payload => json_build_object('webhook_event_id', new_id, 'request_id', p_request_id),
    max_attempts => 10,
    job_key => 'process_square_webhook:' || new_id);
  return true;
end
$$;

-- Down Migration
drop function record_webhook_event(text, text, text, jsonb, text);
drop function apply_square_payment(text, text, text, bigint, text, text, text, text, text);
drop function mark_order_paid(bigint);
drop function record_payment_link(uuid, text, text, text);
drop function start_payment_link_attempt(bigint);
drop function place_order(uuid, uuid, bigint, text, text, text, timestamptz);
drop function cart_remove_item(uuid, bigint);
drop function cart_set_quantity(uuid, bigint, integer);
drop function cart_add_item(uuid, bigint, integer);
drop function check_variant_orderable(bigint, integer);
drop function lock_open_cart(uuid);
drop view cart_lines;
drop function release_pickup_slot(bigint, timestamptz);
drop function reserve_pickup_slot(bigint, timestamptz);
drop function pickup_slots(bigint, timestamptz);
