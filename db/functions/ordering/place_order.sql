-- Turns a cart into an order: prices come from the menu and price_order(), stock, the slot or
-- window, the daily item limits (shift_daily_limits) and the promo code's use are taken, and a repeated submission of the same checkout
-- (double click, back button, replay) returns the order it made. Errors name the checkout's form
-- fields. p_address: {"line1", "line2", "city", "region", "postalCode"}. p_customer_note: the
-- customer's note for the kitchen (at most 500 characters). p_sms_consent: the customer ticked "Text
-- me…": the time is kept with the number in E.164 form, refused when it cannot take texts.
-- Staff take phone and walk-in orders through the same function (p_source, p_placed_by: the same
-- slots, capacity, stock and prices); for them the email is optional, and p_pay_at_pickup places a
-- pickup order that is accepted at once and paid at the counter (record_counter_payment).
-- p_client_ip, p_session_key (sha256 hex of the browser session's id): who placed an online order;
-- a customer already holding holds.unpaid_orders unpaid orders by email, address or session is
-- refused (LR429, check_unpaid_orders) before anything is taken. Staff orders are not capped.
create or replace function place_order(
  p_cart_id uuid,
  p_checkout_key uuid,
  p_location_id bigint,
  p_customer_name text,
  p_customer_email text,
  p_customer_phone text,
  p_slot_at timestamptz,
  p_fulfillment text default 'pickup',
  p_ship_on date default null,
  p_address jsonb default null,
  p_promo_code text default null,
  p_tip_percent integer default null,
  p_tip_cents bigint default null,
  p_customer_note text default null,
  p_sms_consent boolean default false,
  p_source text default 'online',
  p_placed_by bigint default null,
  p_pay_at_pickup boolean default false,
  p_client_ip inet default null,
  p_session_key text default null
) returns table (order_id bigint, public_token text, already_placed boolean)
language plpgsql volatile as $$
declare
  existing orders;
  loc locations;
  line record;
  new_order orders;
  zone delivery_zones;
  promo promo_codes;
  priced record;
  v_customer_id bigint;
  v_subtotal bigint;
  v_gross bigint[];
  v_item_ids bigint[] := '{}';
  v_name text := trim(p_customer_name);
  v_email text := nullif(lower(trim(p_customer_email)), '');
  v_staff boolean := p_source is distinct from 'online';
  v_phone text := trim(p_customer_phone);
  v_line1 text := nullif(trim(p_address ->> 'line1'), '');
  v_line2 text := nullif(trim(p_address ->> 'line2'), '');
  v_city text := nullif(trim(p_address ->> 'city'), '');
  v_region text := nullif(trim(p_address ->> 'region'), '');
  v_postal text := private.normalize_postal_code(p_address ->> 'postalCode');
  v_promo text := nullif(upper(trim(coalesce(p_promo_code, ''))), '');
  v_tip_cents bigint := nullif(p_tip_cents, 0);
  v_note text := nullif(btrim(p_customer_note), '');
  v_sms_phone text;
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
  perform private.lock_open_cart(p_cart_id);

  if v_name is null or length(v_name) not between 1 and 100 then
    raise exception 'Enter your name.' using errcode = 'LR422', column = 'name';
  end if;
  if p_source is null or p_source not in ('online', 'phone', 'walk_in') then
    raise exception 'Choose how the order was taken: online, by phone or in person.' using errcode = 'LR422', column = 'source';
  end if;
  if v_staff and not exists (select 1 from admin_users where id = p_placed_by) then
    raise exception 'Sign in to take an order for a customer.' using errcode = 'LR422', column = 'source';
  end if;
  if p_pay_at_pickup and (not v_staff or p_fulfillment is distinct from 'pickup') then
    raise exception 'Paying at pickup is for pickup orders taken by staff: send a payment link instead.'
      using errcode = 'LR422', column = 'payment';
  end if;
  if v_staff and v_email is null and v_promo is not null then
    raise exception 'Enter the customer''s email to use a promo code.' using errcode = 'LR422', column = 'email';
  end if;
  if (v_email is null and not v_staff) or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 254 then
    raise exception 'Enter an email address like name@example.com.' using errcode = 'LR422', column = 'email';
  end if;
  if v_phone is null or v_phone !~ '^\+?[0-9 ().-]{7,20}$' then
    raise exception 'Enter a phone number we can call about your order.' using errcode = 'LR422', column = 'phone';
  end if;
  if char_length(v_note) > 500 then
    raise exception 'Keep the note to 500 characters or fewer (it has %).', char_length(v_note)
      using errcode = 'LR422', column = 'customerNote';
  end if;
  if not v_staff then
    perform private.check_unpaid_orders(v_email, p_client_ip, p_session_key);
  end if;

  select * into loc from locations where id = p_location_id and is_active;
  if not found then
    raise exception 'That location is not taking orders.' using errcode = 'LR404', column = 'locationId';
  end if;
  if coalesce(p_sms_consent, false) then
    v_sms_phone := private.e164_phone(v_phone, loc.phone_country_code);
    if v_sms_phone is null then
      raise exception 'We cannot send texts to that number. Enter a mobile number (from another country: with + and its country code), or untick the box for texts.'
        using errcode = 'LR422', column = 'phone';
    end if;
  end if;
  if p_fulfillment is null or p_fulfillment not in ('pickup', 'delivery', 'shipping') then
    raise exception 'Choose pickup, delivery or shipping.' using errcode = 'LR422', column = 'fulfillment';
  end if;
  if not exists (select 1 from cart_items where cart_id = p_cart_id) then
    raise exception 'Your cart is empty.' using errcode = 'LR422';
  end if;

  if p_fulfillment = 'pickup' then
    if p_slot_at is null or p_slot_at not in (select fulfillment_slots(p_location_id, 'pickup')) then
      if loc.pickup_paused_until > now() then
        raise exception '%', private.paused_message('pickup', loc.pickup_paused_until, loc.timezone)
          using errcode = 'LR409', column = 'pickupAt';
      end if;
      if exists (select 1 from slot_reservations
                  where location_id = p_location_id and kind = 'pickup' and slot_at = p_slot_at and reserved >= capacity) then
        raise exception 'That pickup time just filled up. Please choose another.'
          using errcode = 'LR409', column = 'pickupAt';
      end if;
      raise exception 'That pickup time is no longer available. Please choose another.'
        using errcode = 'LR409', column = 'pickupAt';
    end if;
  else
    if v_line1 is null or length(v_line1) > 200 then
      raise exception 'Enter the street address.' using errcode = 'LR422', column = 'addressLine1';
    end if;
    if length(v_line2) > 200 then
      raise exception 'Use at most 200 characters.' using errcode = 'LR422', column = 'addressLine2';
    end if;
    if v_postal is null or v_postal !~ '^[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]$' then
      raise exception 'Enter a postal code like 62701.' using errcode = 'LR422', column = 'addressPostalCode';
    end if;
  end if;

  if p_fulfillment = 'delivery' then
    if not loc.delivery_enabled then
      raise exception 'We are not delivering at the moment. Choose pickup.' using errcode = 'LR409', column = 'fulfillment';
    end if;
    zone := private.delivery_zone_for(p_location_id, v_postal);
    if p_slot_at is null or p_slot_at not in (select fulfillment_slots(p_location_id, 'delivery')) then
      if loc.delivery_paused_until > now() then
        raise exception '%', private.paused_message('delivery', loc.delivery_paused_until, loc.timezone)
          using errcode = 'LR409', column = 'deliveryAt';
      end if;
      if exists (select 1 from slot_reservations
                  where location_id = p_location_id and kind = 'delivery' and slot_at = p_slot_at and reserved >= capacity) then
        raise exception 'That delivery window just filled up. Please choose another.'
          using errcode = 'LR409', column = 'deliveryAt';
      end if;
      raise exception 'Choose one of the delivery times shown.' using errcode = 'LR409', column = 'deliveryAt';
    end if;
  elsif p_fulfillment = 'shipping' then
    if not loc.shipping_enabled then
      raise exception 'We are not shipping orders at the moment. Choose pickup.' using errcode = 'LR409', column = 'fulfillment';
    end if;
    if v_city is null or length(v_city) > 100 then
      raise exception 'Enter the city.' using errcode = 'LR422', column = 'addressCity';
    end if;
    if v_region is null or length(v_region) > 100 then
      raise exception 'Enter the state or region.' using errcode = 'LR422', column = 'addressRegion';
    end if;
    if p_ship_on is null or p_ship_on not in (select shipping_days(p_location_id)) then
      raise exception 'Choose one of the shipping days shown.' using errcode = 'LR422', column = 'shipOn';
    end if;
    select cl.product_name into line from cart_lines cl where cl.cart_id = p_cart_id and not cl.shippable limit 1;
    if found then
      raise exception '% cannot be shipped. Choose pickup or delivery, or remove it from your cart.', line.product_name
        using errcode = 'LR422', column = 'fulfillment';
    end if;
  end if;
  perform private.check_tip(loc, p_tip_percent, v_tip_cents);

  select array_agg(cl.line_total_cents order by cl.line_id), sum(cl.line_total_cents)
    into v_gross, v_subtotal
    from cart_lines cl where cl.cart_id = p_cart_id;
  if zone.id is not null and v_subtotal < zone.minimum_cents then
    raise exception 'Delivery to % needs an order of at least % before fees (yours is %).', zone.name,
      private.format_money(zone.minimum_cents, loc.currency), private.format_money(v_subtotal, loc.currency)
      using errcode = 'LR422', column = 'fulfillment';
  end if;
  if v_promo is not null then
    promo := private.check_promo_code(v_promo, loc.currency, v_subtotal, v_email);
  end if;

  if p_fulfillment in ('pickup', 'delivery') then
    perform private.reserve_slot(p_location_id, p_fulfillment, p_slot_at);
  end if;

  if v_email is not null then
    insert into customers (email, name, phone) values (v_email, v_name, v_phone)
    on conflict ((lower(email))) do update
      set name = excluded.name, phone = excluded.phone, updated_at = now()
    returning id into v_customer_id;
  end if;

  select * into priced
    from price_order(v_gross, promo.kind, coalesce(promo.percent_bps::bigint, promo.amount_cents),
                     loc.tax_rate_bps, loc.tax_inclusive,
                     case when p_fulfillment = 'delivery' then zone.fee_cents end,
                     case when p_fulfillment = 'shipping' then loc.shipping_flat_cents end,
                     p_tip_percent, v_tip_cents);

  begin
    insert into orders (checkout_key, cart_id, location_id, customer_id, customer_name, customer_email,
                        customer_phone, fulfillment, pickup_at, delivery_at, ship_on, delivery_zone_id,
                        address_line1, address_line2, address_city, address_region, address_postal_code,
                        currency, subtotal_cents, discount_cents, tax_name, tax_rate_bps, tax_inclusive,
                        tax_cents, delivery_fee_cents, shipping_cents, tip_cents, total_cents,
                        promo_code_id, promo_code, customer_note, sms_consent_at, sms_phone, source, placed_by,
                        pay_at_pickup, accepted_at, accepted_by, client_ip, session_key)
    values (p_checkout_key, p_cart_id, p_location_id, v_customer_id, v_name, v_email, v_phone,
            p_fulfillment,
            case when p_fulfillment = 'pickup' then p_slot_at end,
            case when p_fulfillment = 'delivery' then p_slot_at end,
            case when p_fulfillment = 'shipping' then p_ship_on end,
            zone.id,
            case when p_fulfillment <> 'pickup' then v_line1 end,
            case when p_fulfillment <> 'pickup' then v_line2 end,
            case when p_fulfillment <> 'pickup' then v_city end,
            case when p_fulfillment <> 'pickup' then v_region end,
            case when p_fulfillment <> 'pickup' then v_postal end,
            loc.currency, priced.subtotal_cents, priced.discount_cents, loc.tax_name, loc.tax_rate_bps,
            loc.tax_inclusive, priced.tax_cents, priced.delivery_fee_cents, priced.shipping_cents,
            priced.tip_cents, priced.total_cents, promo.id, promo.code, v_note,
            case when v_sms_phone is not null then now() end, v_sms_phone,
            p_source, case when v_staff then p_placed_by end, p_pay_at_pickup,
            case when p_pay_at_pickup then now() end, case when p_pay_at_pickup then p_placed_by end,
            case when not v_staff then p_client_ip end, case when not v_staff then p_session_key end)
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

  if promo.id is not null then
    perform private.redeem_promo_code(promo.id, new_order.id, v_email);
  end if;

  perform private.take_cart_stock(p_cart_id, p_location_id, loc.currency);
  perform private.write_order_items(new_order.id, p_cart_id, priced.line_discount_cents, priced.line_tax_cents);
  perform private.shift_daily_limits(new_order, '[]', private.order_item_counts(new_order.id));

  update carts set checked_out_at = now(), updated_at = now() where id = p_cart_id;
  insert into order_events (order_id, type, to_state, message, admin_user_id)
  values (new_order.id, 'placed', 'pending_payment',
          case p_source when 'phone' then 'Order taken by phone for ' when 'walk_in' then 'Order taken in person for '
                        else 'Order placed for ' end || p_fulfillment,
          case when v_staff then p_placed_by end);
  if p_pay_at_pickup then
    -- Staff took it: it goes to the kitchen now and is paid when the customer collects it.
    insert into order_events (order_id, type, message, detail, admin_user_id)
    values (new_order.id, 'accepted', 'Accepted when taken; to be paid at pickup.', jsonb_build_object('pay_at_pickup', true), p_placed_by);
    perform private.email_customer(new_order.id, 'order_confirmation');
  end if;

  return query select new_order.id, new_order.public_token, false;
end
$$;
