-- Up Migration
-- Ordering, second version: cart lines carry modifier choices; stock is taken per location;
-- orders are for pickup (a slot), local delivery (a zone and a window) or shipping (a day); and
-- they are priced by price_order() with tax, a promo code, a delivery fee or shipping, and a tip.

-- An order line's price includes its modifiers.
alter table order_items drop column line_total_cents;
alter table order_items add column line_total_cents bigint not null
  generated always as ((unit_price_cents + modifiers_cents) * quantity) stored;

-- ---------------------------------------------------------------------------------------------
-- Slots: pickup slots and delivery windows share one reservation table and one grid function.

alter table pickup_slot_reservations rename to slot_reservations;
alter table slot_reservations add column kind text not null default 'pickup' check (kind in ('pickup', 'delivery'));
alter table slot_reservations drop constraint pickup_slot_reservations_pkey;
alter table slot_reservations add primary key (location_id, kind, slot_at);

drop function pickup_slots(bigint, timestamptz);
drop function reserve_pickup_slot(bigint, timestamptz);
drop function release_pickup_slot(bigint, timestamptz);

-- The times a customer can choose for pickup (slots) or delivery (window starts): the location's
-- weekly hours on its local clock (so a daylight-saving change never shifts the grid; local times
-- that do not exist that day are skipped), minus closed days, from now plus the lead time, up to
-- the kind's days ahead, and only those that still have room.
create function fulfillment_slots(p_location_id bigint, p_kind text, p_now timestamptz default now())
returns setof timestamptz
language sql stable as $$
  with loc as (
    select l.id, l.timezone,
           case p_kind when 'pickup' then l.pickup_slot_minutes else l.delivery_window_minutes end as minutes,
           case p_kind when 'pickup' then l.pickup_lead_minutes else l.delivery_lead_minutes end as lead,
           case p_kind when 'pickup' then l.pickup_days_ahead else l.delivery_days_ahead end as days_ahead
      from locations l
     where l.id = p_location_id and l.is_active and p_kind in ('pickup', 'delivery')
       and (p_kind = 'pickup' or l.delivery_enabled)
  ), days as (
    select loc.*, (p_now at time zone loc.timezone)::date + day_offset as local_day
      from loc cross join generate_series(0, loc.days_ahead) as day_offset
  )
  select local_slot at time zone d.timezone as slot
    from days d
    join location_hours h on h.location_id = d.id and h.weekday = extract(dow from d.local_day)
    cross join lateral generate_series(
      d.local_day + h.opens_at,
      d.local_day + h.closes_at - make_interval(mins => d.minutes),
      make_interval(mins => d.minutes)) as local_slot
    left join slot_reservations r
      on r.location_id = d.id and r.kind = p_kind and r.slot_at = local_slot at time zone d.timezone
   where not exists (select 1 from location_closures c where c.location_id = d.id and c.closed_on = d.local_day)
     and (local_slot at time zone d.timezone) at time zone d.timezone = local_slot
     and local_slot at time zone d.timezone >= p_now + make_interval(mins => d.lead)
     and coalesce(r.reserved < r.capacity, true)
   order by slot
$$;

create function pickup_slots(p_location_id bigint, p_now timestamptz default now())
returns setof timestamptz
language sql stable as $$
  select fulfillment_slots(p_location_id, 'pickup', p_now)
$$;

-- Takes one place in a pickup slot or delivery window, or says it is full; in the caller's
-- transaction. The check on slot_reservations is what makes this safe under any concurrency.
create function reserve_slot(p_location_id bigint, p_kind text, p_slot_at timestamptz) returns void
language plpgsql volatile as $$
declare
  taken integer;
begin
  insert into slot_reservations (location_id, kind, slot_at, capacity, reserved)
  select id, p_kind, p_slot_at,
         case p_kind when 'pickup' then pickup_slot_capacity else delivery_window_capacity end, 1
    from locations where id = p_location_id
  on conflict (location_id, kind, slot_at) do update
    set reserved = slot_reservations.reserved + 1
    where slot_reservations.reserved < slot_reservations.capacity
  returning reserved into taken;
  if taken is null then
    if p_kind = 'pickup' then
      raise exception 'That pickup time just filled up. Please choose another.'
        using errcode = 'LR409', column = 'pickupAt';
    end if;
    raise exception 'That delivery window just filled up. Please choose another.'
      using errcode = 'LR409', column = 'deliveryAt';
  end if;
end
$$;

-- Gives back an order's place (expired or cancelled orders).
create function release_slot(p_location_id bigint, p_kind text, p_slot_at timestamptz) returns void
language sql volatile as $$
  update slot_reservations set reserved = reserved - 1
   where location_id = p_location_id and kind = p_kind and slot_at = p_slot_at and reserved > 0
$$;

-- Days a shipped order can be sent: from tomorrow on the location's calendar up to
-- shipping_days_ahead days ahead, on days it opens and is not closed.
create function shipping_days(p_location_id bigint, p_now timestamptz default now())
returns setof date
language sql stable as $$
  select d.day::date
    from locations l
    cross join generate_series((p_now at time zone l.timezone)::date + 1,
                               (p_now at time zone l.timezone)::date + l.shipping_days_ahead,
                               interval '1 day') as d(day)
   where l.id = p_location_id and l.is_active and l.shipping_enabled
     and exists (select 1 from location_hours h where h.location_id = l.id and h.weekday = extract(dow from d.day))
     and not exists (select 1 from location_closures c where c.location_id = l.id and c.closed_on = d.day::date)
   order by 1
$$;

-- ---------------------------------------------------------------------------------------------
-- Stock per location. The storefront sells from the shop's first active location.

create function shop_location_id() returns bigint
language sql stable as $$
  select id from locations where is_active order by id limit 1
$$;

drop view cart_lines;
drop function check_variant_orderable(bigint, integer);
drop function cart_add_item(uuid, bigint, integer);
drop function cart_remove_item(uuid, bigint);
drop function cart_set_quantity(uuid, bigint, integer);
alter table variants drop column stock;

-- ---------------------------------------------------------------------------------------------
-- Carts: a line is a variant with one set of modifier choices (ids ascending, no repeats); the
-- same variant with other choices is another line.

alter table cart_items drop constraint cart_items_pkey;
alter table cart_items add column id bigint generated always as identity primary key;
alter table cart_items add column modifier_ids bigint[] not null default '{}';
alter table cart_items add constraint cart_items_line_key unique (cart_id, variant_id, modifier_ids);

-- Checks a set of modifier choices for a variant against its product's lists and returns it
-- ascending and without repeats. Errors name the list's form field, modifierList<list id>.
create function check_modifier_selection(p_variant_id bigint, p_modifier_ids bigint[]) returns bigint[]
language plpgsql stable as $$
declare
  chosen bigint[] := array(select distinct m from unnest(coalesce(p_modifier_ids, '{}')) m order by m);
  list record;
begin
  if exists (
    select 1 from unnest(chosen) c
     where not exists (
       select 1 from modifiers m
         join modifier_lists ml on ml.id = m.modifier_list_id and ml.is_active
         join product_modifier_lists pml on pml.modifier_list_id = ml.id
         join variants v on v.product_id = pml.product_id
        where m.id = c and m.is_active and v.id = p_variant_id)) then
    raise exception 'One of the choices is not offered for this item. Please choose again.'
      using errcode = 'LR422', column = 'modifiers';
  end if;
  -- A product may override its list's limits (Square's per-item modifier_list_info).
  for list in
    select ml.id, ml.name, coalesce(pml.min_selected, ml.min_selected) as min_selected,
           coalesce(pml.max_selected, ml.max_selected) as max_selected,
           (select count(*) from modifiers m where m.modifier_list_id = ml.id and m.id = any (chosen)) as picked
      from modifier_lists ml
      join product_modifier_lists pml on pml.modifier_list_id = ml.id
      join variants v on v.product_id = pml.product_id
     where v.id = p_variant_id and ml.is_active
     order by pml.sort_order, ml.id
  loop
    if list.picked < list.min_selected then
      raise exception '%: choose %.', list.name,
        case when list.max_selected = list.min_selected then list.min_selected::text
             when list.max_selected is null then 'at least ' || list.min_selected
             else list.min_selected || ' to ' || list.max_selected end
        using errcode = 'LR422', column = 'modifierList' || list.id;
    end if;
    if list.max_selected is not null and list.picked > list.max_selected then
      raise exception '%: choose at most %.', list.name, list.max_selected
        using errcode = 'LR422', column = 'modifierList' || list.id;
    end if;
  end loop;
  return chosen;
end
$$;

create view cart_lines as
select ci.id as line_id,
       ci.cart_id,
       ci.variant_id,
       ci.modifier_ids,
       ci.quantity,
       p.id as product_id,
       p.name as product_name,
       p.slug as product_slug,
       p.shippable,
       v.name as variant_name,
       v.price_cents,
       v.currency,
       mods.modifiers_cents,
       mods.modifiers,
       v.price_cents + mods.modifiers_cents as unit_price_cents,
       (v.price_cents + mods.modifiers_cents) * ci.quantity as line_total_cents,
       (v.sold_out or not p.is_active or mods.unavailable
        or (stock.quantity is not null
            and stock.quantity < (select sum(o.quantity) from cart_items o
                                   where o.cart_id = ci.cart_id and o.variant_id = ci.variant_id))) as unavailable,
       stock.quantity as stock,
       ci.added_at
from cart_items ci
join variants v on v.id = ci.variant_id
join products p on p.id = v.product_id
left join inventory_levels stock on stock.variant_id = v.id and stock.location_id = shop_location_id()
cross join lateral (
  select coalesce(sum(m.price_cents), 0)::bigint as modifiers_cents,
         coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'list', ml.name, 'name', m.name, 'priceCents', m.price_cents)
                            order by pml.sort_order, ml.id, m.sort_order, m.id)
                  filter (where m.id is not null), '[]') as modifiers,
         coalesce(bool_or(not (m.is_active and ml.is_active)), false)
           or count(m.id) <> cardinality(ci.modifier_ids) as unavailable
    from unnest(ci.modifier_ids) as chosen(id)
    left join modifiers m on m.id = chosen.id
    left join modifier_lists ml on ml.id = m.modifier_list_id
    left join product_modifier_lists pml on pml.product_id = p.id and pml.modifier_list_id = ml.id
) mods;

-- Checks that a quantity of a variant (all of the cart's lines of it together) can be ordered.
create function check_variant_orderable(p_variant_id bigint, p_quantity integer) returns void
language plpgsql stable as $$
declare
  v record;
begin
  if p_quantity is null or p_quantity not between 1 and 99 then
    raise exception 'Quantity must be a whole number from 1 to 99.'
      using errcode = 'LR422', column = 'quantity';
  end if;
  select vr.sold_out, stock.quantity as stock, vr.name as variant_name, p.name as product_name, p.is_active
    into v
    from variants vr join products p on p.id = vr.product_id
    left join inventory_levels stock on stock.variant_id = vr.id and stock.location_id = shop_location_id()
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

create function cart_add_item(p_cart_id uuid, p_variant_id bigint, p_quantity integer, p_modifier_ids bigint[] default '{}')
returns bigint
language plpgsql volatile as $$
declare
  chosen bigint[];
  line_quantity integer;
  variant_quantity integer;
  line_id bigint;
begin
  perform lock_open_cart(p_cart_id);
  if p_quantity is null or p_quantity not between 1 and 99 then
    raise exception 'Quantity must be a whole number from 1 to 99.'
      using errcode = 'LR422', column = 'quantity';
  end if;
  if not exists (select 1 from variants v join products p on p.id = v.product_id where v.id = p_variant_id and p.is_active) then
    raise exception 'That item is not on the menu.' using errcode = 'LR404', column = 'variantId';
  end if;
  chosen := check_modifier_selection(p_variant_id, p_modifier_ids);
  select coalesce(max(quantity) filter (where modifier_ids = chosen), 0) + p_quantity,
         coalesce(sum(quantity), 0) + p_quantity
    into line_quantity, variant_quantity
    from cart_items where cart_id = p_cart_id and variant_id = p_variant_id;
  if line_quantity > 99 then
    raise exception 'You can order at most 99 of one item.' using errcode = 'LR422', column = 'quantity';
  end if;
  perform check_variant_orderable(p_variant_id, least(variant_quantity, 99));
  if variant_quantity > 99 then
    perform check_variant_orderable(p_variant_id, 99);
  end if;
  insert into cart_items (cart_id, variant_id, modifier_ids, quantity)
  values (p_cart_id, p_variant_id, chosen, line_quantity)
  on conflict (cart_id, variant_id, modifier_ids) do update set quantity = excluded.quantity
  returning id into line_id;
  update carts set updated_at = now() where id = p_cart_id;
  return line_id;
end
$$;

-- Sets a line's quantity; 0 removes the line.
create function cart_set_quantity(p_cart_id uuid, p_line_id bigint, p_quantity integer) returns void
language plpgsql volatile as $$
declare
  line cart_items;
  variant_quantity integer;
begin
  perform lock_open_cart(p_cart_id);
  if p_quantity is null or p_quantity not between 0 and 99 then
    raise exception 'Quantity must be a whole number from 0 to 99.'
      using errcode = 'LR422', column = 'quantity';
  end if;
  select * into line from cart_items where cart_id = p_cart_id and id = p_line_id;
  if not found then
    raise exception 'That item is not in your cart.' using errcode = 'LR404', column = 'lineId';
  end if;
  if p_quantity = 0 then
    delete from cart_items where id = p_line_id;
  else
    select coalesce(sum(quantity), 0) + p_quantity into variant_quantity
      from cart_items where cart_id = p_cart_id and variant_id = line.variant_id and id <> p_line_id;
    if p_quantity > line.quantity then
      perform check_variant_orderable(line.variant_id, least(variant_quantity, 99));
    end if;
    update cart_items set quantity = p_quantity where id = p_line_id;
  end if;
  update carts set updated_at = now() where id = p_cart_id;
end
$$;

create function cart_remove_item(p_cart_id uuid, p_line_id bigint) returns void
language sql volatile as $$
  select cart_set_quantity(p_cart_id, p_line_id, 0)
$$;

-- ---------------------------------------------------------------------------------------------
-- Delivery zones, promo codes and tips.

create function normalize_postal_code(p_postal_code text) returns text
language sql immutable as $$
  select nullif(upper(regexp_replace(trim(coalesce(p_postal_code, '')), '\s+', ' ', 'g')), '')
$$;

-- The active delivery zone a postal code is in, or a clear error.
create function delivery_zone_for(p_location_id bigint, p_postal_code text) returns delivery_zones
language plpgsql stable as $$
declare
  zone delivery_zones;
  code text := normalize_postal_code(p_postal_code);
begin
  if code is null then
    raise exception 'Enter the postal code to deliver to.' using errcode = 'LR422', column = 'addressPostalCode';
  end if;
  select z.* into zone
    from delivery_zone_postal_codes pc
    join delivery_zones z on z.id = pc.zone_id and z.is_active
   where pc.location_id = p_location_id and pc.postal_code = code;
  if not found then
    raise exception 'Sorry, we don''t deliver to %. Choose pickup, or check the postal code.', code
      using errcode = 'LR422', column = 'addressPostalCode';
  end if;
  return zone;
end
$$;

create function format_money(p_cents bigint, p_currency text) returns text
language sql immutable as $$
  select case when p_currency = 'USD' then '$' else p_currency || ' ' end
         || to_char(p_cents / 100.0, 'FM999999990.00')
$$;

-- The promo code a customer typed, if it can be used on this order now, or a clear error.
-- Limits are checked again, under a row lock, when an order takes the code (redeem_promo_code).
create function check_promo_code(
  p_code text, p_currency text, p_subtotal_cents bigint, p_customer_email text, p_now timestamptz default now()
) returns promo_codes
language plpgsql stable as $$
declare
  promo promo_codes;
  used integer;
begin
  select * into promo from promo_codes where code = upper(trim(p_code));
  if not found or not promo.is_active then
    raise exception 'We don''t recognise the promo code %.', upper(trim(p_code))
      using errcode = 'LR422', column = 'promoCode';
  end if;
  if promo.starts_at is not null and p_now < promo.starts_at then
    raise exception 'The promo code % is not valid yet.', promo.code using errcode = 'LR422', column = 'promoCode';
  end if;
  if promo.ends_at is not null and p_now >= promo.ends_at then
    raise exception 'The promo code % has expired.', promo.code using errcode = 'LR422', column = 'promoCode';
  end if;
  if promo.max_uses is not null and promo.uses >= promo.max_uses then
    raise exception 'The promo code % has been used up.', promo.code using errcode = 'LR409', column = 'promoCode';
  end if;
  if promo.kind = 'fixed' and promo.currency <> p_currency then
    raise exception 'The promo code % is not valid for this shop.', promo.code using errcode = 'LR422', column = 'promoCode';
  end if;
  if p_subtotal_cents < promo.minimum_subtotal_cents then
    raise exception 'The promo code % needs a subtotal of at least %.', promo.code,
      format_money(promo.minimum_subtotal_cents, p_currency) using errcode = 'LR422', column = 'promoCode';
  end if;
  if promo.max_uses_per_customer is not null and p_customer_email is not null then
    select count(*) into used from promo_redemptions
     where promo_code_id = promo.id and customer_email = lower(trim(p_customer_email));
    if used >= promo.max_uses_per_customer then
      raise exception 'You have already used the promo code %.', promo.code
        using errcode = 'LR409', column = 'promoCode';
    end if;
  end if;
  return promo;
end
$$;

-- An order takes a use of a promo code. The row lock on the code serialises buyers of the same
-- code, so neither the total nor the per-customer limit can be passed by racing.
create function redeem_promo_code(p_promo_id bigint, p_order_id bigint, p_customer_email text) returns void
language plpgsql volatile as $$
declare
  promo promo_codes;
  used integer;
begin
  update promo_codes set uses = uses + 1, updated_at = now()
   where id = p_promo_id and (max_uses is null or uses < max_uses)
  returning * into promo;
  if not found then
    raise exception 'The promo code has just been used up.' using errcode = 'LR409', column = 'promoCode';
  end if;
  if promo.max_uses_per_customer is not null then
    select count(*) into used from promo_redemptions
     where promo_code_id = promo.id and customer_email = p_customer_email;
    if used >= promo.max_uses_per_customer then
      raise exception 'You have already used the promo code %.', promo.code
        using errcode = 'LR409', column = 'promoCode';
    end if;
  end if;
  insert into promo_redemptions (promo_code_id, order_id, customer_email) values (promo.id, p_order_id, p_customer_email);
end
$$;

-- A tip the customer chose: a preset percentage the location offers, or an amount.
create function check_tip(p_location locations, p_tip_percent integer, p_tip_cents bigint) returns void
language plpgsql immutable as $$
begin
  if p_tip_percent is null and coalesce(p_tip_cents, 0) = 0 then
    return;
  end if;
  if not p_location.tips_enabled then
    raise exception 'This shop does not take tips online.' using errcode = 'LR422', column = 'tip';
  end if;
  if p_tip_percent is not null and p_tip_cents is not null then
    raise exception 'Choose a tip percentage or enter an amount, not both.' using errcode = 'LR422', column = 'tip';
  end if;
  if p_tip_percent is not null and not p_tip_percent = any (p_location.tip_percentages) then
    raise exception 'Choose one of the tips shown.' using errcode = 'LR422', column = 'tip';
  end if;
  if p_tip_cents is not null and p_tip_cents not between 0 and 100000 then
    raise exception 'Enter a tip from 0 to 1000.00.' using errcode = 'LR422', column = 'tipAmount';
  end if;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- What a cart costs with the checkout's choices, without taking anything: the cart page and the
-- checkout's summary. place_order prices with the same price_order() call.

create function quote_cart(
  p_cart_id uuid,
  p_location_id bigint,
  p_fulfillment text default 'pickup',
  p_postal_code text default null,
  p_promo_code text default null,
  p_tip_percent integer default null,
  p_tip_cents bigint default null,
  p_customer_email text default null
) returns table (
  subtotal_cents bigint, discount_cents bigint, tax_cents bigint, delivery_fee_cents bigint,
  shipping_cents bigint, tip_cents bigint, total_cents bigint, currency text, tax_name text,
  tax_rate_bps integer, tax_inclusive boolean, promo_code text, delivery_zone_name text
)
language plpgsql stable as $$
declare
  loc locations;
  gross bigint[];
  subtotal bigint;
  zone delivery_zones;
  promo promo_codes;
begin
  select * into loc from locations where id = p_location_id;
  if not found then
    raise exception 'That location is not taking orders.' using errcode = 'LR404', column = 'locationId';
  end if;
  select coalesce(array_agg(cl.line_total_cents order by cl.line_id), '{}'), coalesce(sum(cl.line_total_cents), 0)
    into gross, subtotal
    from cart_lines cl where cl.cart_id = p_cart_id;
  if p_fulfillment = 'delivery' and normalize_postal_code(p_postal_code) is not null then
    zone := delivery_zone_for(p_location_id, p_postal_code);
  end if;
  if nullif(trim(coalesce(p_promo_code, '')), '') is not null then
    promo := check_promo_code(p_promo_code, loc.currency, subtotal, p_customer_email);
  end if;
  perform check_tip(loc, p_tip_percent, p_tip_cents);
  return query
    select t.subtotal_cents, t.discount_cents, t.tax_cents, t.delivery_fee_cents, t.shipping_cents,
           t.tip_cents, t.total_cents, loc.currency::text, loc.tax_name, loc.tax_rate_bps, loc.tax_inclusive,
           promo.code, zone.name
      from price_order(gross, promo.kind, coalesce(promo.percent_bps::bigint, promo.amount_cents),
                       loc.tax_rate_bps, loc.tax_inclusive,
                       case when p_fulfillment = 'delivery' then zone.fee_cents end,
                       case when p_fulfillment = 'shipping' and loc.shipping_enabled then loc.shipping_flat_cents end,
                       p_tip_percent, nullif(p_tip_cents, 0)) t;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Placing an order.

drop function place_order(uuid, uuid, bigint, text, text, text, timestamptz);

-- Turns a cart into an order: prices come from the menu and price_order(), stock, the slot or
-- window and the promo code's use are taken, and a repeated submission of the same checkout
-- (double click, back button, replay) returns the order it made. Errors name the checkout's form
-- fields. p_address: {"line1", "line2", "city", "region", "postalCode"}.
create function place_order(
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
  p_tip_cents bigint default null
) returns table (order_id bigint, public_token text, already_placed boolean)
language plpgsql volatile as $$
declare
  existing orders;
  loc locations;
  line record;
  new_order orders;
  new_item_id bigint;
  zone delivery_zones;
  promo promo_codes;
  priced record;
  v_customer_id bigint;
  v_subtotal bigint;
  v_gross bigint[];
  v_item_ids bigint[] := '{}';
  v_name text := trim(p_customer_name);
  v_email text := lower(trim(p_customer_email));
  v_phone text := trim(p_customer_phone);
  v_line1 text := nullif(trim(p_address ->> 'line1'), '');
  v_line2 text := nullif(trim(p_address ->> 'line2'), '');
  v_city text := nullif(trim(p_address ->> 'city'), '');
  v_region text := nullif(trim(p_address ->> 'region'), '');
  v_postal text := normalize_postal_code(p_address ->> 'postalCode');
  v_promo text := nullif(upper(trim(coalesce(p_promo_code, ''))), '');
  v_tip_cents bigint := nullif(p_tip_cents, 0);
  i integer;
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
  if p_fulfillment is null or p_fulfillment not in ('pickup', 'delivery', 'shipping') then
    raise exception 'Choose pickup, delivery or shipping.' using errcode = 'LR422', column = 'fulfillment';
  end if;
  if not exists (select 1 from cart_items where cart_id = p_cart_id) then
    raise exception 'Your cart is empty.' using errcode = 'LR422';
  end if;

  if p_fulfillment = 'pickup' then
    if p_slot_at is null or p_slot_at not in (select fulfillment_slots(p_location_id, 'pickup')) then
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
    zone := delivery_zone_for(p_location_id, v_postal);
    if p_slot_at is null or p_slot_at not in (select fulfillment_slots(p_location_id, 'delivery')) then
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
  perform check_tip(loc, p_tip_percent, v_tip_cents);

  select array_agg(cl.line_total_cents order by cl.line_id), sum(cl.line_total_cents)
    into v_gross, v_subtotal
    from cart_lines cl where cl.cart_id = p_cart_id;
  if zone.id is not null and v_subtotal < zone.minimum_cents then
    raise exception 'Delivery to % needs an order of at least % before fees (yours is %).', zone.name,
      format_money(zone.minimum_cents, loc.currency), format_money(v_subtotal, loc.currency)
      using errcode = 'LR422', column = 'fulfillment';
  end if;
  if v_promo is not null then
    promo := check_promo_code(v_promo, loc.currency, v_subtotal, v_email);
  end if;

  if p_fulfillment in ('pickup', 'delivery') then
    perform reserve_slot(p_location_id, p_fulfillment, p_slot_at);
  end if;

  insert into customers (email, name, phone) values (v_email, v_name, v_phone)
  on conflict ((lower(email))) do update
    set name = excluded.name, phone = excluded.phone, updated_at = now()
  returning id into v_customer_id;

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
                        promo_code_id, promo_code)
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
            priced.tip_cents, priced.total_cents, promo.id, promo.code)
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
    perform redeem_promo_code(promo.id, new_order.id, v_email);
  end if;

  -- Stock first, variants in id order, so concurrent orders lock inventory rows in the same order.
  for line in
    select cl.variant_id, sum(cl.quantity)::integer as quantity, min(cl.product_name) as product_name,
           min(cl.variant_name) as variant_name, bool_or(cl.unavailable) as unavailable,
           min(stock.quantity) as stock, bool_and(v.sold_out) as sold_out, bool_and(p.is_active) as is_active,
           min(v.currency) as variant_currency
      from cart_lines cl
      join variants v on v.id = cl.variant_id
      join products p on p.id = cl.product_id
      left join inventory_levels stock on stock.variant_id = cl.variant_id and stock.location_id = p_location_id
     where cl.cart_id = p_cart_id
     group by cl.variant_id
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
    update inventory_levels set quantity = quantity - line.quantity, updated_at = now()
     where variant_id = line.variant_id and location_id = p_location_id and quantity >= line.quantity;
    if not found and line.stock is not null then
      raise exception 'Only % of % (%) left. Change the quantity in your cart to continue.',
        (select quantity from inventory_levels where variant_id = line.variant_id and location_id = p_location_id),
        line.product_name, line.variant_name
        using errcode = 'LR409';
    end if;
  end loop;

  i := 0;
  for line in select cl.* from cart_lines cl where cl.cart_id = p_cart_id order by cl.line_id
  loop
    i := i + 1;
    -- The menu may have changed since the line was added.
    begin
      perform check_modifier_selection(line.variant_id, line.modifier_ids);
    exception when sqlstate 'LR422' then
      raise exception 'The choices for % (%) have changed. Remove it from your cart and add it again.',
        line.product_name, line.variant_name using errcode = 'LR409';
    end;
    insert into order_items (order_id, variant_id, product_name, variant_name, unit_price_cents, modifiers_cents,
                             quantity, discount_cents, tax_cents)
    values (new_order.id, line.variant_id, line.product_name, line.variant_name, line.price_cents,
            line.modifiers_cents, line.quantity, priced.line_discount_cents[i], priced.line_tax_cents[i])
    returning id into new_item_id;
    insert into order_item_modifiers (order_item_id, modifier_id, modifier_list_name, name, price_cents, sort_order)
    select new_item_id, (m ->> 'id')::bigint, m ->> 'list', m ->> 'name', (m ->> 'priceCents')::bigint, ordinality
      from jsonb_array_elements(line.modifiers) with ordinality as mods(m, ordinality);
  end loop;

  update carts set checked_out_at = now(), updated_at = now() where id = p_cart_id;
  insert into order_events (order_id, type, to_state, message)
  values (new_order.id, 'placed', 'pending_payment',
          case p_fulfillment when 'pickup' then 'Order placed for pickup'
                             when 'delivery' then 'Order placed for delivery'
                             else 'Order placed for shipping' end);

  return query select new_order.id, new_order.public_token, false;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Expiry gives back stock at the order's location, its slot or window, and its promo code use.

create or replace function expire_unpaid_order(p_order_id bigint, p_reason text) returns boolean
language plpgsql volatile as $$
declare
  o orders;
begin
  select * into o from orders where id = p_order_id for update;
  if not found then
    raise exception 'Order % not found.', p_order_id using errcode = 'LR404';
  end if;
  if o.state <> 'pending_payment'
     or exists (select 1 from payments where order_id = o.id and status in ('COMPLETED', 'APPROVED', 'PENDING')) then
    return false;
  end if;

  update inventory_levels il
     set quantity = il.quantity + held.quantity, updated_at = now()
    from (select variant_id, sum(quantity)::integer as quantity
            from order_items where order_id = o.id and variant_id is not null
           group by variant_id) held
   where il.variant_id = held.variant_id and il.location_id = o.location_id;

  if o.pickup_at is not null then
    perform release_slot(o.location_id, 'pickup', o.pickup_at);
  end if;
  if o.delivery_at is not null then
    perform release_slot(o.location_id, 'delivery', o.delivery_at);
  end if;
  if o.promo_code_id is not null then
    with released as (delete from promo_redemptions where order_id = o.id returning promo_code_id)
    update promo_codes set uses = uses - 1, updated_at = now()
     where id in (select promo_code_id from released) and uses > 0;
  end if;

  update payment_attempts
     set status = 'failed', error_code = coalesce(error_code, 'ORDER_EXPIRED'),
         error_message = coalesce(error_message, 'The order expired before payment.'), updated_at = now()
   where order_id = o.id and status in ('created', 'pending', 'unknown');

  update orders set state = 'cancelled' where id = o.id;
  insert into order_events (order_id, type, message, detail)
  values (o.id, 'expired', p_reason, jsonb_build_object('released_items',
          (select coalesce(jsonb_agg(jsonb_build_object('variant_id', variant_id, 'quantity', quantity)), '[]')
             from order_items where order_id = o.id)));
  return true;
end
$$;

-- Down Migration
-- Back to version one of ordering: single-variant cart lines (modifier choices and repeated lines of
-- a variant are merged away), one stock number per variant (the first location's), pickup only.

create or replace function expire_unpaid_order(p_order_id bigint, p_reason text) returns boolean
language plpgsql volatile as $$
declare
  o orders;
begin
  select * into o from orders where id = p_order_id for update;
  if not found then
    raise exception 'Order % not found.', p_order_id using errcode = 'LR404';
  end if;
  if o.state <> 'pending_payment'
     or exists (select 1 from payments where order_id = o.id and status in ('COMPLETED', 'APPROVED', 'PENDING')) then
    return false;
  end if;

  update variants v
     set stock = v.stock + held.quantity, updated_at = now()
    from (select variant_id, sum(quantity)::integer as quantity
            from order_items where order_id = o.id and variant_id is not null
           group by variant_id) held
   where v.id = held.variant_id and v.stock is not null;

  if o.pickup_at is not null then
    perform release_pickup_slot(o.location_id, o.pickup_at);
  end if;

  update payment_attempts
     set status = 'failed', error_code = coalesce(error_code, 'ORDER_EXPIRED'),
         error_message = coalesce(error_message, 'The order expired before payment.'), updated_at = now()
   where order_id = o.id and status in ('created', 'pending', 'unknown');

  update orders set state = 'cancelled' where id = o.id;
  insert into order_events (order_id, type, message, detail)
  values (o.id, 'expired', p_reason, jsonb_build_object('released_items',
          (select coalesce(jsonb_agg(jsonb_build_object('variant_id', variant_id, 'quantity', quantity)), '[]')
             from order_items where order_id = o.id)));
  return true;
end
$$;

alter table order_items drop column line_total_cents;
alter table order_items add column line_total_cents bigint not null
  generated always as (unit_price_cents * quantity) stored;

drop function place_order(uuid, uuid, bigint, text, text, text, timestamptz, text, date, jsonb, text, integer, bigint);
drop function quote_cart(uuid, bigint, text, text, text, integer, bigint, text);
drop function check_tip(locations, integer, bigint);
drop function redeem_promo_code(bigint, bigint, text);
drop function check_promo_code(text, text, bigint, text, timestamptz);
drop function format_money(bigint, text);
drop function delivery_zone_for(bigint, text);
drop function normalize_postal_code(text);
drop function cart_remove_item(uuid, bigint);
drop function cart_set_quantity(uuid, bigint, integer);
drop function cart_add_item(uuid, bigint, integer, bigint[]);
drop function check_variant_orderable(bigint, integer);
drop view cart_lines;
drop function check_modifier_selection(bigint, bigint[]);

-- One line per variant again: lines that differed only in their modifier choices are merged.
with merged as (
  select cart_id, variant_id, least(sum(quantity), 99)::integer as quantity, min(id) as keep
    from cart_items group by cart_id, variant_id
)
update cart_items ci set quantity = merged.quantity from merged where ci.id = merged.keep;
delete from cart_items ci where exists (
  select 1 from cart_items other where other.cart_id = ci.cart_id and other.variant_id = ci.variant_id and other.id < ci.id);
alter table cart_items drop constraint cart_items_line_key;
alter table cart_items drop column modifier_ids;
alter table cart_items drop column id;
alter table cart_items add primary key (cart_id, variant_id);

alter table variants add column stock integer check (stock >= 0);
update variants v set stock = il.quantity
  from inventory_levels il where il.variant_id = v.id and il.location_id = shop_location_id();

drop function shop_location_id();
drop function shipping_days(bigint, timestamptz);
drop function release_slot(bigint, text, timestamptz);
drop function reserve_slot(bigint, text, timestamptz);
drop function pickup_slots(bigint, timestamptz);
drop function fulfillment_slots(bigint, text, timestamptz);

delete from slot_reservations where kind <> 'pickup';
alter table slot_reservations drop constraint slot_reservations_pkey;
alter table slot_reservations drop column kind;
alter table slot_reservations add constraint pickup_slot_reservations_pkey primary key (location_id, slot_at);
alter table slot_reservations rename to pickup_slot_reservations;

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
create or replace function lock_open_cart(p_cart_id uuid) returns carts
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
