-- The schema db/migrations and db/functions build (public and private; graphile_worker's is its own).
-- Written by `npm run db:schema`; do not edit: change a migration or a function file and run it again.
-- pg_dump 15, PostgreSQL 15

--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: private; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA private;

--
-- Name: public; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA public;

--
-- Name: SCHEMA public; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA public IS 'standard public schema';

--
-- Name: acting_owner(bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.acting_owner(p_by bigint) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
declare
  actor_email text;
begin
  select email into actor_email from admin_users where id = p_by and role = 'owner' and deactivated_at is null;
  if actor_email is null then
    raise exception 'Only an owner can manage staff.' using errcode = 'LR409';
  end if;
  return actor_email;
end
$$;

--
-- Name: audit_staff_change(bigint, text, bigint, jsonb, jsonb, text, inet); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.audit_staff_change(p_by bigint, p_action text, p_subject_id bigint, p_before jsonb, p_after jsonb, p_request_id text, p_ip inet) RETURNS void
    LANGUAGE sql
    AS $$
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  select p_by, coalesce((select email from admin_users where id = p_by), 'system'), p_action, 'admin_user',
         p_subject_id::text, p_before, p_after, p_request_id, p_ip;
$$;

--
-- Name: cart_fits(uuid, bigint, date, timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.cart_fits(p_cart_id uuid, p_location_id bigint, p_day date, p_slot_at timestamp with time zone) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
  select not exists (
    select 1
      from (select dl.id, dl.per_day, dl.per_slot, sum(ci.quantity) as quantity
              from cart_items ci
              join variants v on v.id = ci.variant_id
              join daily_limits dl on dl.variant_id = v.id or dl.product_id = v.product_id
             where ci.cart_id = p_cart_id
             group by dl.id) need
      left join daily_limit_uses d
        on d.limit_id = need.id and d.location_id = p_location_id and d.day = p_day and d.slot_at is null
      left join daily_limit_uses s
        on s.limit_id = need.id and s.location_id = p_location_id and s.day = p_day and s.slot_at = p_slot_at
     where coalesce(d.used, 0) + need.quantity > need.per_day
        or (p_slot_at is not null and coalesce(s.used, 0) + need.quantity > need.per_slot))
$$;

--
-- Name: check_modifier_selection(bigint, bigint[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_modifier_selection(p_variant_id bigint, p_modifier_ids bigint[]) RETURNS bigint[]
    LANGUAGE plpgsql STABLE
    AS $$
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

--
-- Name: order_number_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.order_number_seq
    START WITH 1001
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: orders; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orders (
    id bigint NOT NULL,
    number integer DEFAULT nextval('public.order_number_seq'::regclass) NOT NULL,
    public_token text DEFAULT translate(encode((uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())), 'base64'::text), '+/='::text, '-_'::text) NOT NULL,
    checkout_key uuid NOT NULL,
    cart_id uuid,
    location_id bigint NOT NULL,
    customer_id bigint,
    customer_name text NOT NULL,
    customer_email text,
    customer_phone text NOT NULL,
    state text DEFAULT 'pending_payment'::text NOT NULL,
    fulfillment text DEFAULT 'pickup'::text NOT NULL,
    pickup_at timestamp with time zone,
    currency character(3) NOT NULL,
    subtotal_cents bigint NOT NULL,
    total_cents bigint NOT NULL,
    paid_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    square_order_id text,
    delivery_zone_id bigint,
    delivery_at timestamp with time zone,
    ship_on date,
    address_line1 text,
    address_line2 text,
    address_city text,
    address_region text,
    address_postal_code text,
    promo_code_id bigint,
    promo_code text,
    discount_cents bigint DEFAULT 0 NOT NULL,
    tax_name text,
    tax_rate_bps integer DEFAULT 0 NOT NULL,
    tax_inclusive boolean DEFAULT false NOT NULL,
    tax_cents bigint DEFAULT 0 NOT NULL,
    delivery_fee_cents bigint DEFAULT 0 NOT NULL,
    shipping_cents bigint DEFAULT 0 NOT NULL,
    tip_cents bigint DEFAULT 0 NOT NULL,
    accepted_at timestamp with time zone,
    accepted_by bigint,
    delay_minutes integer DEFAULT 0 NOT NULL,
    customer_note text,
    sms_consent_at timestamp with time zone,
    sms_phone text,
    shipment_carrier text,
    tracking_number text,
    source text DEFAULT 'online'::text NOT NULL,
    placed_by bigint,
    pay_at_pickup boolean DEFAULT false NOT NULL,
    revision integer DEFAULT 0 NOT NULL,
    no_show_at timestamp with time zone,
    no_show_by bigint,
    client_ip inet,
    session_key text,
    erased_at timestamp with time zone,
    CONSTRAINT orders_accepted_by_needs_accepted_at CHECK (((accepted_by IS NULL) OR (accepted_at IS NOT NULL))),
    CONSTRAINT orders_check CHECK (((fulfillment <> 'pickup'::text) OR (pickup_at IS NOT NULL))),
    CONSTRAINT orders_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT orders_customer_note_check CHECK (((char_length(customer_note) >= 1) AND (char_length(customer_note) <= 500))),
    CONSTRAINT orders_delay_minutes_check CHECK (((delay_minutes >= 0) AND (delay_minutes <= 720))),
    CONSTRAINT orders_delivery_details CHECK (((fulfillment <> 'delivery'::text) OR ((delivery_at IS NOT NULL) AND (address_postal_code IS NOT NULL) AND ((address_line1 IS NOT NULL) OR (erased_at IS NOT NULL))))),
    CONSTRAINT orders_delivery_fee_cents_check CHECK ((delivery_fee_cents >= 0)),
    CONSTRAINT orders_discount_cents_check CHECK ((discount_cents >= 0)),
    CONSTRAINT orders_erased_has_no_identity CHECK (((erased_at IS NULL) OR ((customer_email IS NULL) AND (customer_phone = ''::text) AND (address_line1 IS NULL) AND (address_line2 IS NULL) AND (customer_note IS NULL) AND (sms_phone IS NULL) AND (customer_id IS NULL) AND (client_ip IS NULL) AND (session_key IS NULL)))),
    CONSTRAINT orders_fulfillment_check CHECK ((fulfillment = ANY (ARRAY['pickup'::text, 'delivery'::text, 'shipping'::text]))),
    CONSTRAINT orders_no_show_is_pickup CHECK (((no_show_at IS NULL) OR (fulfillment = 'pickup'::text))),
    CONSTRAINT orders_online_email CHECK (((source <> 'online'::text) OR (customer_email IS NOT NULL) OR (erased_at IS NOT NULL))),
    CONSTRAINT orders_pay_at_pickup_check CHECK (((NOT pay_at_pickup) OR ((source <> 'online'::text) AND (fulfillment = 'pickup'::text)))),
    CONSTRAINT orders_placed_by_staff CHECK (((placed_by IS NULL) OR (source <> 'online'::text))),
    CONSTRAINT orders_revision_check CHECK ((revision >= 0)),
    CONSTRAINT orders_session_key_check CHECK ((session_key ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT orders_shipment_carrier_check CHECK ((((char_length(shipment_carrier) >= 1) AND (char_length(shipment_carrier) <= 40)) AND (shipment_carrier = btrim(shipment_carrier)) AND (shipment_carrier !~ '[[:cntrl:]<>]'::text))),
    CONSTRAINT orders_shipping_cents_check CHECK ((shipping_cents >= 0)),
    CONSTRAINT orders_shipping_details CHECK (((fulfillment <> 'shipping'::text) OR ((ship_on IS NOT NULL) AND (address_city IS NOT NULL) AND (address_region IS NOT NULL) AND (address_postal_code IS NOT NULL) AND ((address_line1 IS NOT NULL) OR (erased_at IS NOT NULL))))),
    CONSTRAINT orders_sms_consent_needs_phone CHECK (((sms_consent_at IS NULL) = (sms_phone IS NULL))),
    CONSTRAINT orders_sms_phone_check CHECK ((sms_phone ~ '^\+[1-9][0-9]{7,14}$'::text)),
    CONSTRAINT orders_source_check CHECK ((source = ANY (ARRAY['online'::text, 'phone'::text, 'walk_in'::text]))),
    CONSTRAINT orders_state_check CHECK ((state = ANY (ARRAY['pending_payment'::text, 'paid'::text, 'preparing'::text, 'ready'::text, 'out_for_delivery'::text, 'completed'::text, 'cancelled'::text, 'refunded'::text, 'partially_refunded'::text]))),
    CONSTRAINT orders_subtotal_cents_check CHECK ((subtotal_cents >= 0)),
    CONSTRAINT orders_tax_cents_check CHECK ((tax_cents >= 0)),
    CONSTRAINT orders_tax_rate_bps_check CHECK ((tax_rate_bps >= 0)),
    CONSTRAINT orders_tip_cents_check CHECK ((tip_cents >= 0)),
    CONSTRAINT orders_total_adds_up CHECK ((total_cents = (((((subtotal_cents - discount_cents) +
CASE
    WHEN tax_inclusive THEN (0)::bigint
    ELSE tax_cents
END) + delivery_fee_cents) + shipping_cents) + tip_cents))),
    CONSTRAINT orders_total_cents_check CHECK ((total_cents >= 0)),
    CONSTRAINT orders_tracking_number_check CHECK ((tracking_number ~ '^[A-Z0-9]{4,40}$'::text)),
    CONSTRAINT orders_tracking_only_when_shipping CHECK (((fulfillment = 'shipping'::text) OR ((shipment_carrier IS NULL) AND (tracking_number IS NULL))))
);

--
-- Name: check_order_revisable(public.orders); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_order_revisable(o public.orders) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
begin
  if o.paid_at is not null then
    raise exception 'Order #% is paid: change it by refunding part of it.', o.number using errcode = 'LR409';
  end if;
  if not (o.state = 'pending_payment' or (o.pay_at_pickup and o.state in ('preparing', 'ready'))) then
    raise exception 'Order #% is % and cannot be changed.', o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
  end if;
  if exists (select 1 from payments where order_id = o.id and status in ('COMPLETED', 'APPROVED', 'PENDING'))
     or exists (select 1 from payment_attempts where order_id = o.id and method = 'card' and status in ('pending', 'unknown')) then
    raise exception 'A card payment for order #% is being processed: wait for it to settle.', o.number using errcode = 'LR409';
  end if;
end
$$;

--
-- Name: promo_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.promo_codes (
    id bigint NOT NULL,
    code text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    kind text NOT NULL,
    percent_bps integer,
    amount_cents bigint,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    minimum_subtotal_cents bigint DEFAULT 0 NOT NULL,
    starts_at timestamp with time zone,
    ends_at timestamp with time zone,
    max_uses integer,
    max_uses_per_customer integer,
    uses integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT promo_codes_amount_cents_check CHECK ((amount_cents > 0)),
    CONSTRAINT promo_codes_check CHECK ((((kind = 'percent'::text) = (percent_bps IS NOT NULL)) AND ((kind = 'fixed'::text) = (amount_cents IS NOT NULL)))),
    CONSTRAINT promo_codes_check1 CHECK (((ends_at IS NULL) OR (starts_at IS NULL) OR (ends_at > starts_at))),
    CONSTRAINT promo_codes_check2 CHECK (((uses >= 0) AND ((max_uses IS NULL) OR (uses <= max_uses)))),
    CONSTRAINT promo_codes_code_check CHECK ((code ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$'::text)),
    CONSTRAINT promo_codes_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT promo_codes_kind_check CHECK ((kind = ANY (ARRAY['percent'::text, 'fixed'::text]))),
    CONSTRAINT promo_codes_max_uses_check CHECK ((max_uses > 0)),
    CONSTRAINT promo_codes_max_uses_per_customer_check CHECK ((max_uses_per_customer > 0)),
    CONSTRAINT promo_codes_minimum_subtotal_cents_check CHECK ((minimum_subtotal_cents >= 0)),
    CONSTRAINT promo_codes_percent_bps_check CHECK (((percent_bps >= 1) AND (percent_bps <= 10000)))
);

--
-- Name: check_promo_code(text, text, bigint, text, timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_promo_code(p_code text, p_currency text, p_subtotal_cents bigint, p_customer_email text, p_now timestamp with time zone DEFAULT now()) RETURNS public.promo_codes
    LANGUAGE plpgsql STABLE
    AS $$
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
      private.format_money(promo.minimum_subtotal_cents, p_currency) using errcode = 'LR422', column = 'promoCode';
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

--
-- Name: locations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.locations (
    id bigint NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    address text DEFAULT ''::text NOT NULL,
    phone text DEFAULT ''::text NOT NULL,
    timezone text DEFAULT 'America/Los_Angeles'::text NOT NULL,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    square_location_id text,
    pickup_slot_minutes integer DEFAULT 15 NOT NULL,
    pickup_lead_minutes integer DEFAULT 20 NOT NULL,
    pickup_days_ahead integer DEFAULT 1 NOT NULL,
    pickup_slot_capacity integer DEFAULT 8 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    delivery_enabled boolean DEFAULT false NOT NULL,
    delivery_window_minutes integer DEFAULT 60 NOT NULL,
    delivery_lead_minutes integer DEFAULT 60 NOT NULL,
    delivery_days_ahead integer DEFAULT 2 NOT NULL,
    delivery_window_capacity integer DEFAULT 4 NOT NULL,
    shipping_enabled boolean DEFAULT false NOT NULL,
    shipping_flat_cents bigint DEFAULT 0 NOT NULL,
    shipping_days_ahead integer DEFAULT 7 NOT NULL,
    tax_name text DEFAULT 'Sales tax'::text NOT NULL,
    tax_rate_bps integer DEFAULT 0 NOT NULL,
    tax_inclusive boolean DEFAULT false NOT NULL,
    tips_enabled boolean DEFAULT true NOT NULL,
    tip_percentages integer[] DEFAULT '{10,15,20}'::integer[] NOT NULL,
    auto_accept boolean DEFAULT true NOT NULL,
    accept_alert_minutes integer DEFAULT 10 NOT NULL,
    pickup_paused_until timestamp with time zone,
    delivery_paused_until timestamp with time zone,
    busy_extra_minutes integer DEFAULT 0 NOT NULL,
    busy_until timestamp with time zone,
    phone_country_code text DEFAULT '1'::text NOT NULL,
    CONSTRAINT locations_accept_alert_minutes_check CHECK (((accept_alert_minutes >= 1) AND (accept_alert_minutes <= 240))),
    CONSTRAINT locations_busy_extra_minutes_check CHECK (((busy_extra_minutes >= 0) AND (busy_extra_minutes <= 240))),
    CONSTRAINT locations_busy_needs_until CHECK (((busy_extra_minutes = 0) = (busy_until IS NULL))),
    CONSTRAINT locations_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT locations_delivery_days_ahead_check CHECK (((delivery_days_ahead >= 0) AND (delivery_days_ahead <= 30))),
    CONSTRAINT locations_delivery_lead_minutes_check CHECK (((delivery_lead_minutes >= 0) AND (delivery_lead_minutes <= 2880))),
    CONSTRAINT locations_delivery_window_capacity_check CHECK (((delivery_window_capacity >= 1) AND (delivery_window_capacity <= 1000))),
    CONSTRAINT locations_delivery_window_minutes_check CHECK (((delivery_window_minutes >= 15) AND (delivery_window_minutes <= 480))),
    CONSTRAINT locations_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0)),
    CONSTRAINT locations_phone_country_code_check CHECK ((phone_country_code ~ '^[1-9][0-9]{0,2}$'::text)),
    CONSTRAINT locations_pickup_days_ahead_check CHECK (((pickup_days_ahead >= 0) AND (pickup_days_ahead <= 30))),
    CONSTRAINT locations_pickup_lead_minutes_check CHECK (((pickup_lead_minutes >= 0) AND (pickup_lead_minutes <= 1440))),
    CONSTRAINT locations_pickup_slot_capacity_check CHECK (((pickup_slot_capacity >= 1) AND (pickup_slot_capacity <= 1000))),
    CONSTRAINT locations_pickup_slot_minutes_check CHECK (((pickup_slot_minutes >= 5) AND (pickup_slot_minutes <= 240))),
    CONSTRAINT locations_shipping_days_ahead_check CHECK (((shipping_days_ahead >= 0) AND (shipping_days_ahead <= 60))),
    CONSTRAINT locations_shipping_flat_cents_check CHECK ((shipping_flat_cents >= 0)),
    CONSTRAINT locations_slug_check CHECK ((slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'::text)),
    CONSTRAINT locations_tax_name_check CHECK ((length(TRIM(BOTH FROM tax_name)) > 0)),
    CONSTRAINT locations_tax_rate_bps_check CHECK (((tax_rate_bps >= 0) AND (tax_rate_bps <= 5000))),
    CONSTRAINT locations_tip_percentages_check CHECK (((cardinality(tip_percentages) <= 5) AND (0 < ALL (tip_percentages)) AND (100 >= ALL (tip_percentages))))
);

--
-- Name: check_tip(public.locations, integer, bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_tip(p_location public.locations, p_tip_percent integer, p_tip_cents bigint) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
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

--
-- Name: check_unpaid_orders(text, inet, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_unpaid_orders(p_email text, p_ip inet, p_session_key text) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  v_cap integer := private.security_setting('holds.unpaid_orders')::text::integer;
  v_lock bigint;
  v_open integer;
  v_released timestamptz;
  v_minutes integer;
begin
  for v_lock in
    select distinct hashtextextended(k, 0) from unnest(array['unpaid:email:' || p_email, 'unpaid:ip:' || host(p_ip),
                                                             'unpaid:session:' || p_session_key]) k
     where k is not null order by 1
  loop
    perform pg_advisory_xact_lock(v_lock);
  end loop;
  select count(*), min(private.hold_ends_at(o.id, o.created_at)) into v_open, v_released
    from orders o
   where o.state = 'pending_payment' and not o.pay_at_pickup and o.source = 'online'
     and (o.customer_email = p_email or o.client_ip = p_ip or o.session_key = p_session_key);
  if v_open >= v_cap then
    v_minutes := greatest(1, ceil(extract(epoch from v_released - now()) / 60))::integer;
    raise exception '%', format(
      'You already have %s waiting for payment. Pay for %s first, or try again in %s, when %s released.',
      case when v_open = 1 then 'an unpaid order' else v_open || ' unpaid orders' end,
      case when v_open = 1 then 'it' else 'them' end,
      case when v_minutes = 1 then '1 minute' else v_minutes || ' minutes' end,
      case when v_open = 1 then 'it is' else 'the first is' end)
      using errcode = 'LR429', detail = greatest(1, ceil(extract(epoch from v_released - now())))::integer::text;
  end if;
end
$$;

--
-- Name: check_variant_orderable(bigint, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_variant_orderable(p_variant_id bigint, p_quantity integer) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
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

--
-- Name: contrast_ratio(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.contrast_ratio(p_a text, p_b text) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$
  with lum as (
    select c, (0.2126 * ch[1] + 0.7152 * ch[2] + 0.0722 * ch[3]) as l
      from (values (1, p_a), (2, p_b)) v(c, hex),
           lateral (select array_agg(case when s <= 0.04045 then s / 12.92 else power((s + 0.055) / 1.055, 2.4) end order by i) as ch
                      from (select i, ('x' || substr(hex, 2 * i, 2))::bit(8)::int / 255.0 as s from generate_series(1, 3) i) parts) channels
  )
  select (max(l) + 0.05) / (min(l) + 0.05) from lum
$$;

--
-- Name: count_customer_gaps(bigint[], bigint[], integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.count_customer_gaps(p_scopes bigint[], p_customers bigint[], p_sign integer) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  if p_sign < 0 then
    update customer_gap_days g
       set by_last = g.by_last - c.by_last, multi_by_last = g.multi_by_last - c.multi_by_last,
           by_second_last = g.by_second_last - c.by_second_last
      from private.customer_gap_counts(p_scopes, p_customers) c
     where g.scope = c.scope and g.basis = c.basis and g.day = c.day and g.gap = c.gap;
  else
    insert into customer_gap_days as g (scope, basis, day, gap, by_last, multi_by_last, by_second_last)
    select scope, basis, day, gap, by_last, multi_by_last, by_second_last from private.customer_gap_counts(p_scopes, p_customers)
    on conflict (scope, basis, day, gap) do update
      set by_last = g.by_last + excluded.by_last, multi_by_last = g.multi_by_last + excluded.multi_by_last,
          by_second_last = g.by_second_last + excluded.by_second_last;
  end if;
end
$$;

--
-- Name: count_funnel_step(bigint, text, timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.count_funnel_step(p_location_id bigint, p_step text, p_at timestamp with time zone) RETURNS void
    LANGUAGE sql
    AS $$
  insert into funnel_days (location_id, day, step, count)
  select l.id, (p_at at time zone l.timezone)::date, p_step, 1 from locations l where l.id = p_location_id
  on conflict (location_id, day, step) do update set count = funnel_days.count + 1
$$;

--
-- Name: customer_gap_counts(bigint[], bigint[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.customer_gap_counts(p_scopes bigint[], p_customers bigint[]) RETURNS TABLE(scope bigint, basis text, day date, gap integer, by_last integer, multi_by_last integer, by_second_last integer)
    LANGUAGE sql STABLE
    AS $$
  select scope, basis, day, gap, sum(by_last)::integer, sum(multi_by_last)::integer, sum(by_second_last)::integer
    from (select scope, basis, day, coalesce(last_gap, 0) as gap, 1 as by_last, (orders >= 2)::integer as multi_by_last,
                 0 as by_second_last
            from customer_visits where customer_id = any(p_customers) and scope = any(p_scopes)
          union all
          select scope, basis, day, second_last_gap, 0, 0, 1
            from customer_visits where customer_id = any(p_customers) and scope = any(p_scopes) and second_last_gap is not null) each_visit
   group by 1, 2, 3, 4
$$;

--
-- Name: customer_privacy_data(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.customer_privacy_data(p_email text, p_phone text) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: daily_limit_sold(bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.daily_limit_sold(p_limit_id bigint) RETURNS TABLE(location_id bigint, day date, slot_at timestamp with time zone, sold integer)
    LANGUAGE sql STABLE
    AS $$
  with held as (
    select o.location_id, private.fulfillment_day(o.location_id, coalesce(o.pickup_at, o.delivery_at), o.ship_on) as day,
           coalesce(o.pickup_at, o.delivery_at) as slot_at, oi.quantity
      from daily_limits dl
      join variants v on v.id = dl.variant_id or v.product_id = dl.product_id
      join order_items oi on oi.variant_id = v.id
      join orders o on o.id = oi.order_id
     where dl.id = p_limit_id and o.state <> 'cancelled'
       -- Only recent and future orders (their time columns are indexed); the exact day is below.
       and (o.pickup_at > now() - interval '2 days' or o.delivery_at > now() - interval '2 days'
            or o.ship_on > current_date - 2)
  ), upcoming as (
    select h.* from held h join locations l on l.id = h.location_id
     where h.day >= (now() at time zone l.timezone)::date
  )
  select u.location_id, u.day, null::timestamptz, sum(u.quantity)::integer from upcoming u group by u.location_id, u.day
  union all
  select u.location_id, u.day, u.slot_at, sum(u.quantity)::integer from upcoming u
   where u.slot_at is not null group by u.location_id, u.day, u.slot_at
$$;

--
-- Name: delivery_zones; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.delivery_zones (
    id bigint NOT NULL,
    location_id bigint NOT NULL,
    name text NOT NULL,
    fee_cents bigint DEFAULT 0 NOT NULL,
    minimum_cents bigint DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT delivery_zones_fee_cents_check CHECK ((fee_cents >= 0)),
    CONSTRAINT delivery_zones_minimum_cents_check CHECK ((minimum_cents >= 0)),
    CONSTRAINT delivery_zones_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0))
);

--
-- Name: delivery_zone_for(bigint, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.delivery_zone_for(p_location_id bigint, p_postal_code text) RETURNS public.delivery_zones
    LANGUAGE plpgsql STABLE
    AS $$
declare
  zone delivery_zones;
  code text := private.normalize_postal_code(p_postal_code);
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

--
-- Name: e164_phone(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.e164_phone(p_phone text, p_country_code text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
declare
  typed text := btrim(coalesce(p_phone, ''));
  digits text;
begin
  if typed !~ '^\+?[0-9 ().-]+$' then
    return null;
  end if;
  digits := regexp_replace(typed, '[^0-9]', '', 'g');
  if left(typed, 1) = '+' then
    null;
  elsif left(digits, 2) = '00' then
    digits := substr(digits, 3);
  elsif p_country_code = '1' then
    if length(digits) = 11 and left(digits, 1) = '1' then
      digits := substr(digits, 2);
    end if;
    if digits !~ '^[2-9][0-9]{2}[2-9][0-9]{6}$' then
      return null;
    end if;
    digits := '1' || digits;
  else
    digits := p_country_code || regexp_replace(digits, '^0', '');
  end if;
  if digits !~ '^[1-9][0-9]{7,14}$' then
    return null;
  end if;
  -- A NANP number written with its +1 follows the same rule as one typed without.
  if left(digits, 1) = '1' and digits !~ '^1[2-9][0-9]{2}[2-9][0-9]{6}$' then
    return null;
  end if;
  return '+' || digits;
end
$_$;

--
-- Name: email_customer(bigint, text, bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.email_customer(p_order_id bigint, p_template text, p_order_event_id bigint DEFAULT NULL::bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  email_id bigint;
begin
  insert into email_outbox (template, to_address, order_id, order_event_id)
  select p_template, customer_email, id, p_order_event_id from orders where id = p_order_id and customer_email is not null
  on conflict do nothing
  returning id into email_id;
  if email_id is not null then
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', email_id), p_job_key => 'send_email:' || email_id);
  end if;
end
$$;

--
-- Name: enqueue_job(text, jsonb, text, integer, text, text, timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.enqueue_job(p_task text, p_payload jsonb, p_job_key text DEFAULT NULL::text, p_max_attempts integer DEFAULT NULL::integer, p_queue_name text DEFAULT NULL::text, p_request_id text DEFAULT NULL::text, p_run_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  perform graphile_worker.add_job(
    identifier => p_task,
    payload => json_strip_nulls((p_payload || jsonb_build_object(
      'request_id', coalesce(p_request_id, nullif(current_setting('larder.request_id', true), ''))))::json),
    queue_name => p_queue_name,
    run_at => p_run_at,
    max_attempts => p_max_attempts,
    job_key => p_job_key);
end
$$;

--
-- Name: enqueue_order_sales_rollups(public.orders); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.enqueue_order_sales_rollups(o public.orders) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  d date;
begin
  for d in
    select distinct day from (
      select (o.created_at at time zone l.timezone)::date as day from locations l where l.id = o.location_id
      union all
      select coalesce(o.ship_on, (coalesce(o.pickup_at, o.delivery_at) at time zone l.timezone)::date)
        from locations l where l.id = o.location_id
    ) days where day is not null
  loop
    perform private.enqueue_job('rollup_sales', jsonb_build_object('location_id', o.location_id, 'day', d),
                                p_job_key => 'rollup_sales:' || o.location_id || ':' || d);
  end loop;
end
$$;

--
-- Name: format_money(bigint, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.format_money(p_cents bigint, p_currency text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $_$
  select case when p_currency = 'USD' then '$' else p_currency || ' ' end
         || to_char(p_cents / 100.0, 'FM999999990.00')
$_$;

--
-- Name: fulfillment_day(bigint, timestamp with time zone, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.fulfillment_day(p_location_id bigint, p_slot_at timestamp with time zone, p_ship_on date) RETURNS date
    LANGUAGE sql STABLE
    AS $$
  select coalesce(p_ship_on, (p_slot_at at time zone (select timezone from locations where id = p_location_id))::date)
$$;

--
-- Name: hold_ends_at(bigint, timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.hold_ends_at(p_order_id bigint, p_created_at timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    AS $$
  select p_created_at + make_interval(mins => (case
           when (select a.method from payment_attempts a where a.order_id = p_order_id order by a.created_at desc limit 1) = 'card'
           then private.security_setting('holds.card_minutes')
           else private.security_setting('holds.payment_link_minutes') end)::text::integer);
$$;

--
-- Name: in_quiet_hours(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.in_quiet_hours(p_now timestamp with time zone) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
  select coalesce((
    select case when q.from_time <= q.until_time
                then q.local_time >= q.from_time and q.local_time < q.until_time
                else q.local_time >= q.from_time or q.local_time < q.until_time end
      from (select (s.value ->> 'quiet_from')::time as from_time, (s.value ->> 'quiet_until')::time as until_time,
                   (p_now at time zone coalesce((select timezone from locations where id = shop_location_id()), 'UTC'))::time as local_time
              from settings s where s.key = 'alerts' and s.value ? 'quiet_from') q), false)
$$;

--
-- Name: carts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.carts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    checked_out_at timestamp with time zone,
    location_id bigint,
    checkout_started_at timestamp with time zone
);

--
-- Name: lock_open_cart(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.lock_open_cart(p_cart_id uuid) RETURNS public.carts
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: lock_order(bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.lock_order(p_order_id bigint) RETURNS public.orders
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
begin
  select * into o from orders where id = p_order_id for update;
  if not found then
    raise exception 'Order not found.' using errcode = 'LR404';
  end if;
  return o;
end
$$;

--
-- Name: mark_order_paid(bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.mark_order_paid(p_order_id bigint) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
begin
  o := private.lock_order(p_order_id);
  if o.state <> 'pending_payment' then
    return false;
  end if;
  update orders set state = 'paid', paid_at = now() where id = p_order_id;
  if o.accepted_at is null and (select auto_accept from locations where id = o.location_id) then
    update orders set accepted_at = now() where id = p_order_id;
    insert into order_events (order_id, type, message, detail)
    values (o.id, 'accepted', 'Accepted automatically when paid.', jsonb_build_object('automatic', true));
  end if;
  perform private.email_customer(o.id, 'order_confirmation');
  return true;
end
$$;

--
-- Name: modifier_selection_valid(bigint, bigint[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.modifier_selection_valid(p_variant_id bigint, p_modifier_ids bigint[]) RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $$
begin
  perform private.check_modifier_selection(p_variant_id, p_modifier_ids);
  return true;
exception when sqlstate 'LR422' then
  return false;
end
$$;

--
-- Name: normalize_postal_code(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.normalize_postal_code(p_postal_code text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
  -- Whitespace of any kind (tabs, line breaks) is collapsed before trimming, so a pasted code
  -- with a stray tab or line break still matches its zone.
  select nullif(upper(btrim(regexp_replace(coalesce(p_postal_code, ''), '\s+', ' ', 'g'))), '')
$$;

--
-- Name: notify_owners_of_incident(bigint, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.notify_owners_of_incident(p_incident_id bigint, p_template text) RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
  message record;
  queued integer := 0;
begin
  for message in
    insert into email_outbox (template, to_address, incident_id)
    select p_template, a.email, p_incident_id from admin_users a where a.role = 'owner'
    on conflict do nothing
    returning id
  loop
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', message.id), p_job_key => 'send_email:' || message.id);
    queued := queued + 1;
  end loop;
  for message in
    insert into sms_outbox (template, to_number, incident_id, body)
    select p_template, s.value ->> 'sms_to', i.id,
           left(coalesce(nullif(shop.value #>> '{}', ''), 'Larder') || ': '
                || case p_template when 'owner_incident_resolved' then 'resolved: ' else 'needs attention: ' end || i.summary, 1600)
      from incidents i
      join settings s on s.key = 'alerts' and coalesce(s.value ->> 'sms_to', '') <> ''
      left join settings shop on shop.key = 'shop.name'
     where i.id = p_incident_id
    on conflict do nothing
    returning id
  loop
    perform private.enqueue_job('send_sms', jsonb_build_object('sms_id', message.id), p_job_key => 'send_sms:' || message.id, p_max_attempts => 7);
    queued := queued + 1;
  end loop;
  return queued;
end
$$;

--
-- Name: order_item_counts(bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.order_item_counts(p_order_id bigint) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
  select coalesce(jsonb_agg(jsonb_build_object('variant_id', variant_id, 'quantity', quantity) order by variant_id), '[]')
    from (select variant_id, sum(quantity)::integer as quantity
            from order_items where order_id = p_order_id and variant_id is not null
           group by variant_id) held
$$;

--
-- Name: order_transition_allowed(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.order_transition_allowed(from_state text, to_state text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$
  select (from_state, to_state) in (
    ('pending_payment', 'paid'), ('pending_payment', 'cancelled'),
    -- An order paid at pickup is cooked before it is paid; one nobody collects is cancelled unpaid.
    -- The orders trigger allows these only for such an order.
    ('pending_payment', 'preparing'), ('pending_payment', 'ready'),
    ('preparing', 'cancelled'), ('ready', 'cancelled'),
    ('paid', 'preparing'), ('paid', 'ready'), ('paid', 'cancelled'),
    ('paid', 'refunded'), ('paid', 'partially_refunded'),
    ('preparing', 'ready'), ('preparing', 'out_for_delivery'), ('preparing', 'refunded'),
    ('preparing', 'partially_refunded'),
    ('ready', 'completed'), ('ready', 'out_for_delivery'), ('ready', 'refunded'),
    ('ready', 'partially_refunded'),
    ('out_for_delivery', 'completed'),
    ('completed', 'refunded'), ('completed', 'partially_refunded'),
    ('partially_refunded', 'partially_refunded'), ('partially_refunded', 'refunded'))
$$;

--
-- Name: paused_message(text, timestamp with time zone, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.paused_message(p_kind text, p_until timestamp with time zone, p_timezone text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
  select case
    when p_until = 'infinity' then initcap(p_kind) || ' is paused for now. Please choose another way to get your order, or try again later.'
    else initcap(p_kind) || ' is paused until ' || to_char(p_until at time zone p_timezone, 'FMHH12:MI AM')
         || '. Please choose a later time.'
  end
$$;

--
-- Name: payment_outcome(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.payment_outcome(p_status text, p_error_code text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
  select case
    when p_status = 'completed' then 'succeeded'
    when p_status in ('created', 'pending') then 'pending'
    when p_error_code in ('PAID_AT_COUNTER', 'ORDER_CHANGED') then null
    when p_status = 'unknown' or p_error_code in ('UNAVAILABLE', 'OUTCOME_UNKNOWN', 'REFUSED') then 'failed'
    else 'declined'
  end
$$;

--
-- Name: privacy_actor(bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.privacy_actor(p_admin_user_id bigint) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
declare
  actor_email text;
begin
  select email into actor_email from admin_users where id = p_admin_user_id and role = 'owner';
  if actor_email is null then
    raise exception 'Only an owner can export, erase or keep customers'' data.' using errcode = 'LR409';
  end if;
  return actor_email;
end
$$;

--
-- Name: privacy_check_request(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.privacy_check_request(p_email text, p_phone text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
begin
  if nullif(btrim(p_email), '') is null and private.privacy_phone_key(p_phone) is null then
    raise exception 'Say whose data it is: an email address, or a phone number with at least 7 digits.' using errcode = 'LR422', column = 'email';
  end if;
end
$$;

--
-- Name: privacy_mentions(text, text[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.privacy_mentions(p_text text, p_terms text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$
  select p_text is not null and exists (select 1 from unnest(coalesce(p_terms, '{}')) term where strpos(lower(p_text), lower(btrim(term))) > 0)
$$;

--
-- Name: privacy_phone_key(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.privacy_phone_key(p_phone text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
  select case when length(d) >= 7 then right(d, 10) end
    from (select regexp_replace(coalesce(p_phone, ''), '[^0-9]', '', 'g') as d) digits
$$;

--
-- Name: privacy_scrub(text, text[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.privacy_scrub(p_text text, p_terms text[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
declare
  scrubbed text := p_text;
  term text;
begin
  if scrubbed is null then
    return null;
  end if;
  foreach term in array coalesce(p_terms, '{}') loop
    scrubbed := regexp_replace(scrubbed, regexp_replace(btrim(term), '([.*+?^${}()|\[\]\\])', '\\\1', 'g'), '[erased]', 'gi');
  end loop;
  return scrubbed;
end
$_$;

--
-- Name: privacy_subject_customers(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.privacy_subject_customers(p_email text, p_phone text) RETURNS SETOF bigint
    LANGUAGE sql STABLE
    AS $$
  select c.id
    from customers c
   where (nullif(btrim(p_email), '') is not null and lower(c.email) = lower(btrim(p_email)))
      or (private.privacy_phone_key(p_phone) is not null and private.privacy_phone_key(c.phone) = private.privacy_phone_key(p_phone))
      or c.id in (select o.customer_id from orders o where o.id in (select private.privacy_subject_orders(p_email, p_phone)))
$$;

--
-- Name: privacy_subject_orders(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.privacy_subject_orders(p_email text, p_phone text) RETURNS SETOF bigint
    LANGUAGE sql STABLE
    AS $$
  select o.id
    from orders o
   where (nullif(btrim(p_email), '') is not null
          and (lower(o.customer_email) = lower(btrim(p_email))
               or o.customer_id in (select c.id from customers c where lower(c.email) = lower(btrim(p_email)))))
      or (private.privacy_phone_key(p_phone) is not null
          and private.privacy_phone_key(p_phone) in (private.privacy_phone_key(o.customer_phone), private.privacy_phone_key(o.sms_phone)))
$$;

--
-- Name: privacy_subject_webhook_events(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.privacy_subject_webhook_events(p_email text, p_phone text) RETURNS SETOF bigint
    LANGUAGE sql STABLE
    AS $$
  with subject_orders as (select private.privacy_subject_orders(p_email, p_phone) as id),
  square_ids as (
    select o.square_order_id as id from orders o where o.id in (select id from subject_orders) and o.square_order_id is not null
    union select a.square_order_id from payment_attempts a where a.order_id in (select id from subject_orders) and a.square_order_id is not null
    union select a.square_payment_id from payment_attempts a where a.order_id in (select id from subject_orders) and a.square_payment_id is not null
    union select a.square_payment_link_id from payment_attempts a where a.order_id in (select id from subject_orders) and a.square_payment_link_id is not null
    union select p.square_payment_id from payments p where p.order_id in (select id from subject_orders)
    union select r.square_refund_id from refunds r where r.order_id in (select id from subject_orders) and r.square_refund_id is not null
  ),
  terms as (select private.privacy_terms(p_email, p_phone) || coalesce((select array_agg(id) from square_ids), '{}') as list)
  select w.id
    from webhook_events w, terms
   where w.payload is not null and cardinality(terms.list) > 0 and private.privacy_mentions(w.payload::text, terms.list)
$$;

--
-- Name: privacy_terms(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.privacy_terms(p_email text, p_phone text) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
  select coalesce(array_agg(distinct term order by term), '{}')
    from (
      select unnest(array[o.customer_name, o.customer_email, o.customer_phone, o.sms_phone,
                          private.e164_phone(o.customer_phone, l.phone_country_code), o.address_line1, o.address_line2]) as term
        from orders o join locations l on l.id = o.location_id
       where o.id in (select private.privacy_subject_orders(p_email, p_phone))
      union all
      select unnest(array[c.name, c.email, nullif(c.phone, '')])
        from customers c where c.id in (select private.privacy_subject_customers(p_email, p_phone))
      union all
      select unnest(array[a.name, nullif(a.phone, ''), a.address_line1, a.address_line2])
        from customer_accounts a where a.customer_id in (select private.privacy_subject_customers(p_email, p_phone))
      union all
      select unnest(array[nullif(btrim(p_email), ''), nullif(btrim(p_phone), '')])
    ) t
   where length(btrim(term)) >= 3
$$;

--
-- Name: queue_staff_email(bigint, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.queue_staff_email(p_invite_id bigint, p_token text) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  email_id bigint;
begin
  insert into email_outbox (template, to_address, staff_invite_id)
  select case kind when 'invite' then 'staff_invite' else 'staff_reset' end, email, id
    from staff_invites where id = p_invite_id
  returning id into email_id;
  perform private.enqueue_job('send_email', jsonb_build_object('email_id', email_id, 'token', p_token),
                              p_job_key => 'send_email:' || email_id);
end
$$;

--
-- Name: redeem_promo_code(bigint, bigint, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.redeem_promo_code(p_promo_id bigint, p_order_id bigint, p_customer_email text) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: refresh_customer_visits(bigint[], bigint[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.refresh_customer_visits(p_scopes bigint[], p_customers bigint[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  v_days date[];
begin
  if cardinality(p_customers) = 0 or cardinality(p_scopes) = 0 then
    return;
  end if;
  perform private.count_customer_gaps(p_scopes, p_customers, -1);
  -- the days their old visits were counted on, where a count may now be nothing
  select coalesce(array_agg(distinct day), '{}') into v_days
    from customer_visits where customer_id = any(p_customers) and scope = any(p_scopes);
  delete from customer_visits where customer_id = any(p_customers) and scope = any(p_scopes);
  with days as (
    select location_id as scope, basis, customer_id, day, orders from customer_sales_days
     where customer_id = any(p_customers) and location_id = any(p_scopes)
    union all
    select 0, basis, customer_id, day, sum(orders)::integer from customer_sales_days
     where customer_id = any(p_customers) and 0 = any(p_scopes) group by basis, customer_id, day
  )
  insert into customer_visits (scope, basis, customer_id, day, orders, last_gap, second_last_gap)
  select scope, basis, customer_id, day, orders, day - lag(day) over w,
         day - case when lag(orders) over w >= 2 then lag(day) over w else lag(day, 2) over w end
    from days window w as (partition by scope, basis, customer_id order by day);
  perform private.count_customer_gaps(p_scopes, p_customers, 1);
  delete from customer_sales_months where customer_id = any(p_customers) and scope = any(p_scopes);
  insert into customer_sales_months (scope, basis, month, customer_id, orders, net_cents)
  select location_id, basis, date_trunc('month', day)::date, customer_id, sum(orders), sum(net_cents)
    from customer_sales_days where customer_id = any(p_customers) and location_id = any(p_scopes) group by 1, 2, 3, 4
  union all
  select 0, basis, date_trunc('month', day)::date, customer_id, sum(orders), sum(net_cents)
    from customer_sales_days where customer_id = any(p_customers) and 0 = any(p_scopes) group by 2, 3, 4;
  delete from customer_gap_days where by_last = 0 and by_second_last = 0 and scope = any(p_scopes) and day = any(v_days);
end
$$;

--
-- Name: refunds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.refunds (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    order_id bigint NOT NULL,
    payment_id bigint NOT NULL,
    amount_cents bigint NOT NULL,
    currency character(3) NOT NULL,
    reason text NOT NULL,
    status text DEFAULT 'requested'::text NOT NULL,
    square_refund_id text,
    error_message text,
    requested_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT refunds_amount_cents_check CHECK ((amount_cents > 0)),
    CONSTRAINT refunds_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 192))),
    CONSTRAINT refunds_status_check CHECK ((status = ANY (ARRAY['requested'::text, 'pending'::text, 'completed'::text, 'failed'::text])))
);

--
-- Name: refund_late_payment(bigint, bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.refund_late_payment(p_order_id bigint, p_payment_id bigint) RETURNS public.refunds
    LANGUAGE plpgsql
    AS $$
declare
  captured payments;
  refund refunds;
  alert record;
begin
  select * into captured from payments where id = p_payment_id and order_id = p_order_id and status = 'COMPLETED';
  if not found then
    raise exception 'Payment % is not a captured payment of order %.', p_payment_id, p_order_id using errcode = 'LR404';
  end if;
  select * into refund from refunds where payment_id = captured.id and requested_by is null and status <> 'failed' limit 1;
  if found then
    return refund;
  end if;
  insert into refunds (order_id, payment_id, amount_cents, currency, reason, requested_by)
  values (p_order_id, captured.id, captured.amount_cents, captured.currency,
          'Paid after the order was cancelled: refunded automatically.', null)
  returning * into refund;
  insert into order_events (order_id, type, message, detail)
  values (p_order_id, 'late_payment_refunded', 'A payment came after the order was cancelled; it is being refunded automatically.',
          jsonb_build_object('refund_id', refund.id, 'square_payment_id', captured.square_payment_id,
                             'amount_cents', captured.amount_cents));
  perform private.enqueue_job('refund_payment', jsonb_build_object('refund_id', refund.id),
    p_job_key => 'refund_payment:' || refund.id, p_max_attempts => 10);
  for alert in
    insert into email_outbox (template, to_address, order_id, refund_id)
    select 'owner_late_payment_refunded', a.email, p_order_id, refund.id from admin_users a
     where a.role = 'owner' and a.deactivated_at is null
    on conflict do nothing
    returning id
  loop
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', alert.id), p_job_key => 'send_email:' || alert.id);
  end loop;
  return refund;
end
$$;

--
-- Name: release_order_limits(public.orders); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.release_order_limits(o public.orders) RETURNS void
    LANGUAGE sql
    AS $$
  select private.shift_daily_limits(o, private.order_item_counts(o.id), '[]')
$$;

--
-- Name: release_order_stock(public.orders); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.release_order_stock(o public.orders) RETURNS void
    LANGUAGE sql
    AS $$
  update inventory_levels il
     set quantity = il.quantity + held.quantity, updated_at = now()
    from (select variant_id, sum(quantity)::integer as quantity
            from order_items where order_id = o.id and variant_id is not null
           group by variant_id) held
   where il.variant_id = held.variant_id and il.location_id = o.location_id;
$$;

--
-- Name: release_slot(bigint, text, timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.release_slot(p_location_id bigint, p_kind text, p_slot_at timestamp with time zone) RETURNS void
    LANGUAGE sql
    AS $$
  update slot_reservations set reserved = reserved - 1
   where location_id = p_location_id and kind = p_kind and slot_at = p_slot_at and reserved > 0
$$;

--
-- Name: reserve_slot(bigint, text, timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.reserve_slot(p_location_id bigint, p_kind text, p_slot_at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  taken integer;
begin
  insert into slot_reservations (location_id, kind, slot_at, capacity, reserved)
  select id, p_kind, p_slot_at,
         case p_kind when 'pickup' then pickup_slot_capacity else delivery_window_capacity end, 1
    from locations where id = p_location_id
  on conflict (location_id, kind, slot_at) do update
    set reserved = slot_reservations.reserved + 1, capacity = excluded.capacity
    where slot_reservations.reserved < excluded.capacity
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

--
-- Name: retention_days(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.retention_days(p_key text) RETURNS integer
    LANGUAGE sql STABLE
    AS $$
  select coalesce((select (value)::integer from settings where key = p_key),
                  case p_key when 'retention.webhook_payload_days' then 30
                             when 'retention.outbox_body_days' then 90
                             when 'retention.abandoned_cart_days' then 30 end)
$$;

--
-- Name: round_half_even(numeric, numeric); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.round_half_even(p_numerator numeric, p_denominator numeric) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
declare
  q numeric := p_numerator / p_denominator;
  f numeric := floor(q);
  r numeric := q - f;
begin
  if p_numerator < 0 or p_denominator <= 0 then
    raise exception 'round_half_even takes a non-negative numerator and a positive denominator';
  end if;
  -- numeric division keeps enough digits that an exact half stays exact for cent amounts.
  if r > 0.5 then return f + 1; end if;
  if r < 0.5 then return f; end if;
  return f + (f::bigint % 2);
end
$$;

--
-- Name: sales_orders(bigint, date, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.sales_orders(p_location_id bigint, p_from date, p_to date) RETURNS TABLE(order_id bigint, basis text, day date)
    LANGUAGE sql STABLE
    AS $$
  with bounds as (
    select timezone as tz, p_from::timestamp at time zone timezone as lo, (p_to + 1)::timestamp at time zone timezone as hi
      from locations where id = p_location_id
  )
  select o.id, 'ordered', (o.created_at at time zone b.tz)::date
    from orders o, bounds b
   where o.location_id = p_location_id and o.paid_at is not null and o.state <> 'cancelled'
     and o.created_at >= b.lo and o.created_at < b.hi
  union all
  select o.id, 'fulfilled', coalesce(o.ship_on, (coalesce(o.pickup_at, o.delivery_at) at time zone b.tz)::date)
    from orders o, bounds b
   where o.location_id = p_location_id and o.paid_at is not null and o.state <> 'cancelled'
     and ((o.ship_on >= p_from and o.ship_on <= p_to)
          or (o.ship_on is null and o.pickup_at >= b.lo and o.pickup_at < b.hi)
          or (o.ship_on is null and o.delivery_at >= b.lo and o.delivery_at < b.hi))
$$;

--
-- Name: security_setting(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.security_setting(p_key text) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
  select value from security_settings() where key = p_key;
$$;

--
-- Name: shift_daily_limits(public.orders, jsonb, jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.shift_daily_limits(o public.orders, p_from jsonb, p_to jsonb) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  v_tz text;
  v_slot timestamptz := coalesce(o.pickup_at, o.delivery_at);
  v_day date;
  v_column text := case o.fulfillment when 'pickup' then 'pickupAt' when 'delivery' then 'deliveryAt' else 'shipOn' end;
  v_day_label text;
  v_time_label text;
  change record;
  v_scope record;
  v_taken integer;
  v_left integer;
begin
  select timezone into v_tz from locations where id = o.location_id;
  v_day := private.fulfillment_day(o.location_id, v_slot, o.ship_on);
  if v_day is null then
    return;
  end if;
  v_day_label := to_char(v_day, 'FMDay, Mon FMDD');
  v_time_label := to_char(v_slot at time zone v_tz, 'FMHH12:MI am');

  for change in
    with items as (
      select (i ->> 'variant_id')::bigint as variant_id, -(i ->> 'quantity')::integer as quantity from jsonb_array_elements(p_from) i
      union all
      select (i ->> 'variant_id')::bigint, (i ->> 'quantity')::integer from jsonb_array_elements(p_to) i
    ), deltas as (
      select dl.id, sum(items.quantity)::integer as delta,
             coalesce(-sum(items.quantity) filter (where items.quantity < 0), 0)::integer as held
        from items
        join variants v on v.id = items.variant_id
        join daily_limits dl on dl.variant_id = v.id or dl.product_id = v.product_id
       group by dl.id
    )
    select dl.id, dl.per_day, dl.per_slot, d.delta, d.held,
           coalesce(p.name || ' (' || v.name || ')', p.name) as label
      from deltas d
      join daily_limits dl on dl.id = d.id
      left join variants v on v.id = dl.variant_id
      join products p on p.id = coalesce(dl.product_id, v.product_id)
     where d.delta <> 0
     order by dl.id
       for share of dl
  loop
    for v_scope in
      select null::timestamptz as slot_at, change.per_day as capacity
       where change.per_day is not null
      union all
      select v_slot, change.per_slot
       where change.per_slot is not null and v_slot is not null
      order by 1 nulls first
    loop
      if change.delta < 0 then
        -- A use counted before the limit existed was never added: never below zero.
        update daily_limit_uses set used = greatest(used + change.delta, 0)
         where limit_id = change.id and location_id = o.location_id and day = v_day and slot_at is not distinct from v_scope.slot_at;
        continue;
      end if;
      insert into daily_limit_uses (limit_id, location_id, day, slot_at, used, capacity)
      values (change.id, o.location_id, v_day, v_scope.slot_at, 0, v_scope.capacity)
      on conflict (limit_id, location_id, day, slot_at) do nothing;
      update daily_limit_uses set used = used + change.delta, capacity = v_scope.capacity
       where limit_id = change.id and location_id = o.location_id and day = v_day and slot_at is not distinct from v_scope.slot_at
         and used + change.delta <= v_scope.capacity
      returning used into v_taken;
      if v_taken is null then
        -- What the order may have: what is left plus what it already holds (a correction).
        select greatest(v_scope.capacity - used + change.held, 0) into v_left
          from daily_limit_uses
         where limit_id = change.id and location_id = o.location_id and day = v_day and slot_at is not distinct from v_scope.slot_at;
        if v_scope.slot_at is null and v_left = 0 then
          raise exception '% is sold out for %. Choose another day.', change.label, v_day_label
            using errcode = 'LR409', column = v_column;
        elsif v_scope.slot_at is null then
          raise exception 'Only % % left for %. Change the quantity or choose another day.', v_left, change.label, v_day_label
            using errcode = 'LR409', column = v_column;
        elsif v_left = 0 then
          raise exception '% is sold out for % on %. Choose another time.', change.label, v_time_label, v_day_label
            using errcode = 'LR409', column = v_column;
        else
          raise exception 'Only % % left for % on %. Change the quantity or choose another time.', v_left, change.label,
            v_time_label, v_day_label using errcode = 'LR409', column = v_column;
        end if;
      end if;
      v_taken := null;
    end loop;
  end loop;
end
$$;

--
-- Name: shipment_tracking(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.shipment_tracking(p_carrier text, p_tracking_number text, OUT carrier text, OUT tracking_number text) RETURNS record
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
begin
  carrier := nullif(btrim(p_carrier), '');
  tracking_number := nullif(upper(regexp_replace(coalesce(p_tracking_number, ''), '[\s-]', '', 'g')), '');
  if carrier is not null and (char_length(carrier) > 40 or carrier ~ '[[:cntrl:]<>]') then
    raise exception 'Name the carrier in at most 40 characters, without < or >.' using errcode = 'LR422', column = 'carrier';
  end if;
  if tracking_number is not null and tracking_number !~ '^[A-Z0-9]*$' then
    raise exception 'A tracking number has only letters and digits (spaces and dashes are fine).'
      using errcode = 'LR422', column = 'trackingNumber';
  end if;
  if tracking_number is not null and char_length(tracking_number) > 40 then
    raise exception 'That tracking number is too long: at most 40 letters and digits.' using errcode = 'LR422', column = 'trackingNumber';
  end if;
  if tracking_number is not null and char_length(tracking_number) < 4 then
    raise exception 'That tracking number is too short: at least 4 letters and digits.' using errcode = 'LR422', column = 'trackingNumber';
  end if;
end
$_$;

--
-- Name: staff_member_json(bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.staff_member_json(p_admin_user_id bigint) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
  select jsonb_build_object('email', email, 'name', name, 'role', role,
                            'deactivated', deactivated_at is not null, 'two_factor', totp_enabled_at is not null)
    from admin_users where id = p_admin_user_id;
$$;

--
-- Name: staff_token_hash(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.staff_token_hash(p_token text) RETURNS bytea
    LANGUAGE sql IMMUTABLE
    AS $$
  select sha256(convert_to(p_token, 'UTF8'));
$$;

--
-- Name: take_cart_stock(uuid, bigint, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.take_cart_stock(p_cart_id uuid, p_location_id bigint, p_currency text) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  line record;
begin
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
    if line.variant_currency <> p_currency then
      raise exception '% is priced in %, not %.', line.product_name, line.variant_currency, p_currency
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
end
$$;

--
-- Name: text_customer(bigint, text, bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.text_customer(p_order_id bigint, p_template text, p_order_event_id bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: tg_admin_users__keep_an_owner(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_admin_users__keep_an_owner() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if tg_op = 'UPDATE' and not (old.role = 'owner' and old.deactivated_at is null
                               and (new.role <> 'owner' or new.deactivated_at is not null)) then
    return null;
  end if;
  if tg_op = 'DELETE' and not (old.role = 'owner' and old.deactivated_at is null) then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtext('admin_users.owners'));
  if not exists (select 1 from admin_users where role = 'owner' and deactivated_at is null) then
    raise exception 'The shop needs at least one owner: make someone else an owner first.' using errcode = 'LR409', column = 'role';
  end if;
  return null;
end
$$;

--
-- Name: tg_audit_log__append_only(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_audit_log__append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  raise exception 'the audit log is append-only: % is not allowed', tg_op using errcode = 'LR409';
end
$$;

--
-- Name: tg_delivery_zones__unique_name(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_delivery_zones__unique_name() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if exists (select 1 from delivery_zones
              where location_id = new.location_id and lower(trim(name)) = lower(trim(new.name)) and id <> new.id) then
    raise exception 'There is already a delivery zone named "%".', trim(new.name)
      using errcode = 'LR409', column = 'name';
  end if;
  return new;
end
$$;

--
-- Name: tg_inventory_levels__sold_out(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_inventory_levels__sold_out() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if new.quantity = 0 and (tg_op = 'INSERT' or old.quantity > 0) then
    insert into sold_out_periods (variant_id, location_id) values (new.variant_id, new.location_id)
    on conflict (variant_id, coalesce(location_id, 0)) where back_at is null do nothing;
  elsif tg_op = 'UPDATE' and old.quantity = 0 and new.quantity > 0 then
    update sold_out_periods set back_at = now()
     where variant_id = new.variant_id and location_id = new.location_id and back_at is null;
  end if;
  return null;
end
$$;

--
-- Name: tg_location_hours__no_overlap(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_location_hours__no_overlap() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
  other location_hours;
begin
  select * into other from location_hours h
   where h.location_id = new.location_id and h.weekday = new.weekday and h.opens_at <> new.opens_at
     and h.opens_at < new.closes_at and new.opens_at < h.closes_at
   order by h.opens_at
   limit 1;
  if found then
    raise exception '% hours %–% and %–% overlap.',
      to_char(date '2023-01-01' + new.weekday, 'FMDay'),
      to_char(least(other.opens_at, new.opens_at), 'HH24:MI'),
      to_char(case when other.opens_at < new.opens_at then other.closes_at else new.closes_at end, 'HH24:MI'),
      to_char(greatest(other.opens_at, new.opens_at), 'HH24:MI'),
      to_char(case when other.opens_at < new.opens_at then new.closes_at else other.closes_at end, 'HH24:MI')
      using errcode = 'LR422', column = 'hours' || new.weekday;
  end if;
  return null;
end
$$;

--
-- Name: tg_orders__funnel(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_orders__funnel() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if new.source <> 'online' then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.count_funnel_step(new.location_id, 'placed', new.created_at);
  end if;
  if new.paid_at is not null and (tg_op = 'INSERT' or old.paid_at is null) then
    perform private.count_funnel_step(new.location_id, 'paid', new.paid_at);
  end if;
  return null;
end
$$;

--
-- Name: tg_orders__sales_rollup(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_orders__sales_rollup() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if tg_op = 'INSERT' then
    if new.paid_at is not null then
      perform private.enqueue_order_sales_rollups(new);
    end if;
    return null;
  end if;
  if (old.paid_at is null and new.paid_at is null)
     or (old.paid_at, old.state = 'cancelled', old.location_id, old.customer_id, old.created_at, old.fulfillment,
         old.source, old.pickup_at, old.delivery_at, old.ship_on, old.currency, old.subtotal_cents, old.discount_cents,
         old.tax_cents, old.tip_cents, old.delivery_fee_cents, old.shipping_cents, old.total_cents, old.no_show_at)
        is not distinct from
        (new.paid_at, new.state = 'cancelled', new.location_id, new.customer_id, new.created_at, new.fulfillment,
         new.source, new.pickup_at, new.delivery_at, new.ship_on, new.currency, new.subtotal_cents, new.discount_cents,
         new.tax_cents, new.tip_cents, new.delivery_fee_cents, new.shipping_cents, new.total_cents, new.no_show_at) then
    return null;
  end if;
  perform private.enqueue_order_sales_rollups(new);
  if (old.location_id, old.created_at, old.pickup_at, old.delivery_at, old.ship_on)
     is distinct from (new.location_id, new.created_at, new.pickup_at, new.delivery_at, new.ship_on) then
    perform private.enqueue_order_sales_rollups(old);
  end if;
  return null;
end
$$;

--
-- Name: tg_orders__state_transition(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_orders__state_transition() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if new.state is distinct from old.state then
    if not private.order_transition_allowed(old.state, new.state) then
      raise exception 'order #% cannot go from % to %', old.number, old.state, new.state
        using errcode = 'LR409';
    end if;
    if old.state = 'pending_payment' and new.state in ('preparing', 'ready') and not new.pay_at_pickup then
      raise exception 'Order #% is not paid yet: it goes to the kitchen once it is.', old.number using errcode = 'LR409';
    end if;
    if old.state in ('preparing', 'ready') and new.state = 'cancelled' and (new.paid_at is not null or not new.pay_at_pickup) then
      raise exception 'Order #% is paid: refund it instead of cancelling.', old.number using errcode = 'LR409';
    end if;
    if new.state = 'completed' and new.pay_at_pickup and new.paid_at is null then
      raise exception 'Order #% still owes %: take the payment first.', old.number,
        private.format_money(new.total_cents, new.currency) using errcode = 'LR409';
    end if;
    new.updated_at := now();
    insert into order_events (order_id, type, from_state, to_state, admin_user_id)
    values (new.id, 'state_changed', old.state, new.state,
            nullif(current_setting('larder.admin_user_id', true), '')::bigint);
  end if;
  return new;
end
$$;

--
-- Name: tg_payment_attempts__sales_rollup(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_payment_attempts__sales_rollup() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
  v_location bigint;
  v_day date;
begin
  if tg_op = 'UPDATE' and (old.status, old.error_code, old.amount_cents) is not distinct from (new.status, new.error_code, new.amount_cents) then
    return null;
  end if;
  select o.location_id, (new.created_at at time zone l.timezone)::date into v_location, v_day
    from orders o join locations l on l.id = o.location_id where o.id = new.order_id;
  perform private.enqueue_job('rollup_sales', jsonb_build_object('location_id', v_location, 'day', v_day),
                              p_job_key => 'rollup_sales:' || v_location || ':' || v_day);
  return null;
end
$$;

--
-- Name: tg_promo_codes__admin_rules(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_promo_codes__admin_rules() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if exists (select 1 from promo_codes where code = new.code and id <> new.id) then
    raise exception 'There is already a promo code %.', new.code using errcode = 'LR409', column = 'code';
  end if;
  if new.max_uses < new.uses then
    raise exception '% has been used % times already: the limit cannot be lower.', new.code, new.uses
      using errcode = 'LR422', column = 'maxUses';
  end if;
  return new;
end
$$;

--
-- Name: tg_promo_codes__keep_used(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_promo_codes__keep_used() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
  redeemed integer;
begin
  select count(*) into redeemed from promo_redemptions where promo_code_id = old.id;
  if redeemed > 0 or old.uses > 0 then
    raise exception '% has been used on % %: deactivate it instead of deleting it.',
      old.code, greatest(redeemed, old.uses), case when greatest(redeemed, old.uses) = 1 then 'order' else 'orders' end
      using errcode = 'LR409';
  end if;
  return old;
end
$$;

--
-- Name: tg_refunds__sales_rollup(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_refunds__sales_rollup() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
begin
  if tg_op = 'UPDATE'
     and (old.status = 'completed') = (new.status = 'completed')
     and (new.status <> 'completed' or old.amount_cents = new.amount_cents) then
    return null;
  end if;
  if tg_op = 'INSERT' and new.status <> 'completed' then
    return null;
  end if;
  select * into o from orders where id = new.order_id;
  perform private.enqueue_order_sales_rollups(o);
  return null;
end
$$;

--
-- Name: tg_storefront__changed(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_storefront__changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  perform pg_notify('larder_storefront_changed', '');
  return null;
end
$$;

--
-- Name: tg_variants__sold_out(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tg_variants__sold_out() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if new.sold_out and (tg_op = 'INSERT' or not old.sold_out) then
    insert into sold_out_periods (variant_id, location_id) values (new.id, null)
    on conflict (variant_id, coalesce(location_id, 0)) where back_at is null do nothing;
  elsif tg_op = 'UPDATE' and old.sold_out and not new.sold_out then
    update sold_out_periods set back_at = now() where variant_id = new.id and location_id is null and back_at is null;
  end if;
  return null;
end
$$;

--
-- Name: write_order_items(bigint, uuid, bigint[], bigint[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.write_order_items(p_order_id bigint, p_cart_id uuid, p_line_discounts bigint[], p_line_taxes bigint[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  line record;
  new_item_id bigint;
  i integer := 0;
begin
  for line in select cl.* from cart_lines cl where cl.cart_id = p_cart_id order by cl.line_id
  loop
    i := i + 1;
    -- The menu may have changed since the line was added.
    begin
      perform private.check_modifier_selection(line.variant_id, line.modifier_ids);
    exception when sqlstate 'LR422' then
      raise exception 'The choices for % (%) have changed. Remove it from your cart and add it again.',
        line.product_name, line.variant_name using errcode = 'LR409';
    end;
    insert into order_items (order_id, variant_id, product_name, variant_name, unit_price_cents, modifiers_cents,
                             quantity, discount_cents, tax_cents, note)
    values (p_order_id, line.variant_id, line.product_name, line.variant_name, line.price_cents,
            line.modifiers_cents, line.quantity, p_line_discounts[i], p_line_taxes[i], line.note)
    returning id into new_item_id;
    insert into order_item_modifiers (order_item_id, modifier_id, modifier_list_name, name, price_cents, sort_order)
    select new_item_id, (m ->> 'id')::bigint, m ->> 'list', m ->> 'name', (m ->> 'priceCents')::bigint, ordinality
      from jsonb_array_elements(line.modifiers) with ordinality as mods(m, ordinality);
  end loop;
end
$$;

--
-- Name: accept_staff_invite(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.accept_staff_invite(p_token text, p_password_hash text, p_name text) RETURNS TABLE(admin_user_id bigint, email text, name text, role text)
    LANGUAGE plpgsql
    AS $$
declare
  invite staff_invites;
  member_id bigint;
begin
  select * into invite from staff_invites where token_hash = private.staff_token_hash(p_token) for update;
  if invite.id is null then
    raise exception 'This link is not one we sent. Ask an owner for a new one.' using errcode = 'LR404';
  end if;
  if invite.accepted_at is not null then
    raise exception 'This link has already been used. Ask an owner for a new one.' using errcode = 'LR409';
  end if;
  if invite.expires_at <= now() then
    raise exception 'This link has expired. Ask an owner for a new one.' using errcode = 'LR409';
  end if;
  if invite.kind = 'invite' then
    begin
      insert into admin_users (email, name, password_hash, role, password_changed_at)
      values (invite.email, coalesce(trim(p_name), ''), p_password_hash, invite.role, now())
      returning id into member_id;
    exception when unique_violation then
      raise exception 'Someone already signs in with this email address.' using errcode = 'LR409';
    end;
  else
    update admin_users set password_hash = p_password_hash, password_changed_at = now()
     where id = invite.admin_user_id and deactivated_at is null
    returning id into member_id;
    if member_id is null then
      raise exception 'This account is closed.' using errcode = 'LR409';
    end if;
  end if;
  update staff_invites set accepted_at = now(), admin_user_id = member_id where id = invite.id;
  perform private.audit_staff_change(member_id, case invite.kind when 'invite' then 'staff.accept_invite' else 'staff.accept_reset' end,
                                     member_id, null, private.staff_member_json(member_id), current_setting('larder.request_id', true), null);
  return query select a.id, a.email, a.name, a.role from admin_users a where a.id = member_id;
end
$$;

--
-- Name: add_location_closure(bigint, date, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.add_location_closure(p_location_id bigint, p_closed_on date, p_reason text) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  today date;
begin
  select (now() at time zone timezone)::date into today from locations where id = p_location_id;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  if p_closed_on < today then
    raise exception 'Pick today or a later date.' using errcode = 'LR422', column = 'closedOn';
  end if;
  insert into location_closures (location_id, closed_on, reason)
  values (p_location_id, p_closed_on, coalesce(trim(p_reason), ''))
  on conflict (location_id, closed_on) do nothing;
  if not found then
    raise exception 'The location is already closed on %.', to_char(p_closed_on, 'FMDay, FMMonth FMDD, YYYY')
      using errcode = 'LR409', column = 'closedOn';
  end if;
end
$$;

--
-- Name: advance_order(bigint, text, bigint, text, integer, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.advance_order(p_order_id bigint, p_step text, p_admin_user_id bigint, p_seen_state text, p_delay_minutes integer DEFAULT 0, p_shipment_carrier text DEFAULT NULL::text, p_tracking_number text DEFAULT NULL::text) RETURNS text
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: alert_unaccepted_orders(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.alert_unaccepted_orders(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
  alert record;
  queued integer := 0;
begin
  for alert in
    insert into email_outbox (template, to_address, order_id)
    select 'owner_unaccepted_order', a.email, o.id
      from orders o
      join locations l on l.id = o.location_id
      cross join admin_users a
     where o.state = 'paid' and o.accepted_at is null
       and o.paid_at < p_now - make_interval(mins => l.accept_alert_minutes)
       and o.paid_at > p_now - interval '1 day'
       and a.role = 'owner'
    on conflict do nothing
    returning id
  loop
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', alert.id), p_job_key => 'send_email:' || alert.id);
    queued := queued + 1;
  end loop;
  return queued;
end
$$;

--
-- Name: apply_square_payment(text, text, text, bigint, text, text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.apply_square_payment(p_square_payment_id text, p_square_order_id text, p_status text, p_amount_cents bigint, p_currency text, p_card_brand text, p_card_last4 text, p_receipt_url text, p_error_code text) RETURNS text
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: apply_square_refund(uuid, text, text, text, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.apply_square_refund(p_refund_id uuid, p_square_refund_id text, p_square_payment_id text, p_status text, p_amount_cents bigint) RETURNS text
    LANGUAGE plpgsql
    AS $$
declare
  refund refunds;
  o orders;
  email_id bigint;
begin
  if p_refund_id is not null then
    select * into refund from refunds where id = p_refund_id for update;
  else
    select * into refund from refunds where square_refund_id = p_square_refund_id for update;
  end if;
  if not found then
    return 'unknown_refund';
  end if;
  select * into o from orders where id = refund.order_id for update;
  update refunds set square_refund_id = coalesce(square_refund_id, p_square_refund_id), updated_at = now()
   where id = refund.id;

  if refund.status in ('completed', 'failed') then
    return 'already_final';
  end if;
  if p_status = 'COMPLETED' then
    update refunds set status = 'completed', error_message = null, updated_at = now() where id = refund.id;
    update orders
       set state = case when refundable_cents(o.id) = 0 then 'refunded' else 'partially_refunded' end
     where id = o.id;
    insert into order_events (order_id, type, message, detail)
    values (o.id, 'refunded', 'Refund of ' || to_char(refund.amount_cents / 100.0, 'FM999999990.00') || ' completed.',
            jsonb_build_object('refund_id', refund.id, 'square_refund_id', p_square_refund_id));
    insert into email_outbox (template, to_address, order_id, refund_id)
    select 'refund_confirmation', o.customer_email, o.id, refund.id where o.customer_email is not null
    on conflict do nothing
    returning id into email_id;
    if email_id is not null then
      perform private.enqueue_job('send_email', jsonb_build_object('email_id', email_id), p_job_key => 'send_email:' || email_id);
    end if;
    return 'completed';
  elsif p_status in ('REJECTED', 'FAILED') then
    update refunds set status = 'failed', error_message = 'Square ' || lower(p_status) || ' the refund.', updated_at = now()
     where id = refund.id;
    insert into order_events (order_id, type, message, detail)
    values (o.id, 'refund_failed', 'Square ' || lower(p_status) || ' a refund.', jsonb_build_object('refund_id', refund.id));
    return 'failed';
  end if;
  update refunds set status = 'pending', updated_at = now() where id = refund.id and status = 'requested';
  return 'pending';
end
$$;

--
-- Name: browser_unpaid_orders(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.browser_unpaid_orders(p_session_key text) RETURNS TABLE(number integer, public_token text, total_cents bigint, currency character, held_until timestamp with time zone, timezone text)
    LANGUAGE sql STABLE
    AS $$
  select o.number, o.public_token, o.total_cents, o.currency, private.hold_ends_at(o.id, o.created_at), l.timezone
    from orders o join locations l on l.id = o.location_id
   where o.session_key = p_session_key and o.state = 'pending_payment' and not o.pay_at_pickup
   order by o.created_at desc
   limit 5;
$$;

--
-- Name: cancel_unpaid_order(bigint, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cancel_unpaid_order(p_order_id bigint, p_reason text) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
  event_id bigint;
begin
  if p_reason is null or length(trim(p_reason)) not between 1 and 192 then
    raise exception 'Give a reason for cancelling (at most 192 characters).' using errcode = 'LR422', column = 'reason';
  end if;
  select * into o from orders where id = p_order_id;
  if not found then
    raise exception 'Order not found.' using errcode = 'LR404';
  end if;
  if o.paid_at is not null or not (o.state = 'pending_payment' or (o.pay_at_pickup and o.state in ('preparing', 'ready'))) then
    raise exception 'Order #% is %: only an order waiting for payment can be cancelled; refund a paid one.',
      o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
  end if;
  if not expire_unpaid_order(p_order_id, trim(p_reason), 'cancelled') then
    raise exception 'A payment for order #% is being processed: wait for it to settle, then refund it if needed.', o.number
      using errcode = 'LR409';
  end if;
  select id into event_id from order_events where order_id = o.id and type = 'cancelled' order by id desc limit 1;
  perform private.email_customer(o.id, 'order_cancelled', event_id);
end
$$;

--
-- Name: cart_add_item(uuid, bigint, integer, bigint[], text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cart_add_item(p_cart_id uuid, p_variant_id bigint, p_quantity integer, p_modifier_ids bigint[] DEFAULT '{}'::bigint[], p_note text DEFAULT ''::text) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
declare
  chosen bigint[];
  line_quantity integer;
  variant_quantity integer;
  line_id bigint;
  line_note text := btrim(regexp_replace(coalesce(p_note, ''), '\s+', ' ', 'g'));
begin
  perform private.lock_open_cart(p_cart_id);
  if p_quantity is null or p_quantity not between 1 and 99 then
    raise exception 'Quantity must be a whole number from 1 to 99.'
      using errcode = 'LR422', column = 'quantity';
  end if;
  if not exists (select 1 from variants v join products p on p.id = v.product_id where v.id = p_variant_id and p.is_active) then
    raise exception 'That item is not on the menu.' using errcode = 'LR404', column = 'variantId';
  end if;
  if char_length(line_note) > 140 then
    raise exception 'Keep the note to at most 140 characters.' using errcode = 'LR422', column = 'note';
  end if;
  chosen := private.check_modifier_selection(p_variant_id, p_modifier_ids);
  select coalesce(max(quantity) filter (where modifier_ids = chosen and note = line_note), 0) + p_quantity,
         coalesce(sum(quantity), 0) + p_quantity
    into line_quantity, variant_quantity
    from cart_items where cart_id = p_cart_id and variant_id = p_variant_id;
  if line_quantity > 99 then
    raise exception 'You can order at most 99 of one item.' using errcode = 'LR422', column = 'quantity';
  end if;
  perform private.check_variant_orderable(p_variant_id, least(variant_quantity, 99));
  if variant_quantity > 99 then
    perform private.check_variant_orderable(p_variant_id, 99);
  end if;
  insert into cart_items (cart_id, variant_id, modifier_ids, note, quantity)
  values (p_cart_id, p_variant_id, chosen, line_note, line_quantity)
  on conflict (cart_id, variant_id, modifier_ids, note) do update set quantity = excluded.quantity
  returning id into line_id;
  update carts set updated_at = now() where id = p_cart_id;
  return line_id;
end
$$;

--
-- Name: cart_remove_item(uuid, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cart_remove_item(p_cart_id uuid, p_line_id bigint) RETURNS void
    LANGUAGE sql
    AS $$
  select cart_set_quantity(p_cart_id, p_line_id, 0)
$$;

--
-- Name: cart_set_quantity(uuid, bigint, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cart_set_quantity(p_cart_id uuid, p_line_id bigint, p_quantity integer) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  line cart_items;
  variant_quantity integer;
begin
  perform private.lock_open_cart(p_cart_id);
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
      perform private.check_variant_orderable(line.variant_id, least(variant_quantity, 99));
    end if;
    update cart_items set quantity = p_quantity where id = p_line_id;
  end if;
  update carts set updated_at = now() where id = p_cart_id;
end
$$;

--
-- Name: cart_shipping_days(uuid, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cart_shipping_days(p_cart_id uuid, p_location_id bigint) RETURNS SETOF date
    LANGUAGE sql STABLE
    AS $$
  select d from shipping_days(p_location_id) d
   where private.cart_fits(p_cart_id, p_location_id, d, null)
   order by d
$$;

--
-- Name: cart_slots(uuid, bigint, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cart_slots(p_cart_id uuid, p_location_id bigint, p_kind text) RETURNS SETOF timestamp with time zone
    LANGUAGE sql STABLE
    AS $$
  select s from fulfillment_slots(p_location_id, p_kind) s
   where private.cart_fits(p_cart_id, p_location_id, private.fulfillment_day(p_location_id, s, null), s)
   order by s
$$;

--
-- Name: change_unpaid_order(text, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.change_unpaid_order(p_public_token text, p_session_key text, p_cart_id uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
  v_cart_id uuid;
begin
  select * into o from orders
   where public_token = p_public_token and session_key = p_session_key and p_session_key is not null;
  if not found then
    raise exception 'That order was not placed in this browser.' using errcode = 'LR404';
  end if;
  o := private.lock_order(o.id);
  if o.pay_at_pickup or o.state <> 'pending_payment' then
    raise exception 'Order #% is % and cannot be changed here.', o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
  end if;
  perform private.check_order_revisable(o);

  select id into v_cart_id from carts where id = p_cart_id and checked_out_at is null for update;
  if v_cart_id is null then
    insert into carts default values returning id into v_cart_id;
  end if;
  -- The same line already in the cart adds up (at most 99, as the cart allows).
  insert into cart_items as c (cart_id, variant_id, quantity, modifier_ids, note)
  select v_cart_id, i.variant_id, least(i.quantity, 99),
         array(select m.modifier_id from order_item_modifiers m where m.order_item_id = i.id and m.modifier_id is not null order by m.modifier_id),
         i.note
    from order_items i
   where i.order_id = o.id and i.variant_id is not null
  on conflict (cart_id, variant_id, modifier_ids, note) do update set quantity = least(c.quantity + excluded.quantity, 99);
  update carts set updated_at = now() where id = v_cart_id;

  perform cancel_unpaid_order(o.id, 'You chose to change this order before paying for it. Nothing was charged; its items are back in your cart.');
  return v_cart_id;
end
$$;

--
-- Name: customer_figures(bigint[], text, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.customer_figures(p_location_ids bigint[], p_basis text, p_from date, p_to date) RETURNS TABLE(customers integer, new_customers integer, returning_customers integer, repeat_customers integer)
    LANGUAGE plpgsql STABLE
    SET jit TO 'off'
    AS $$
declare
  v_scope bigint := case when not exists (select 1 from locations where id <> all(p_location_ids)) then 0
                         when cardinality(p_location_ids) = 1 then p_location_ids[1] end;
begin
  if v_scope is null then
    return query
      with buyers as (
        select customer_id, sum(orders) as orders from customer_sales_days
         where location_id = any(p_location_ids) and basis = p_basis and day between p_from and p_to group by customer_id
      )
      select count(*)::integer, count(*) filter (where f.first_day >= p_from)::integer,
             count(*) filter (where f.first_day < p_from)::integer, count(*) filter (where b.orders >= 2)::integer
        from buyers b join customer_first_days f on f.customer_id = b.customer_id and f.basis = p_basis;
    return;
  end if;
  return query
    with seen as (
      select coalesce(sum(g.by_last) filter (where g.gap = 0 or g.gap > g.day - p_from), 0) as buyers,
             coalesce(sum(g.multi_by_last) filter (where g.gap = 0 or g.gap > g.day - p_from), 0)
             + coalesce(sum(g.by_last) filter (where g.gap between 1 and g.day - p_from), 0)
             - coalesce(sum(g.by_second_last) filter (where g.gap between 1 and g.day - p_from), 0) as repeaters
        from customer_gap_days g
       where g.scope = v_scope and g.basis = p_basis and g.day between p_from and p_to
    ), fresh as (
      select count(*) as buyers from customer_first_days f
       where f.basis = p_basis and f.first_day between p_from and p_to
         and (v_scope = 0 or exists (select 1 from customer_sales_days c
                                      where c.customer_id = f.customer_id and c.basis = p_basis
                                        and c.location_id = v_scope and c.day between p_from and p_to))
    )
    select s.buyers::integer, f.buyers::integer, (s.buyers - f.buyers)::integer, s.repeaters::integer from seen s, fresh f;
end
$$;

--
-- Name: customer_privacy_export(text, text, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.customer_privacy_export(p_email text, p_phone text, p_admin_user_id bigint, p_request_id text, p_ip inet) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
declare
  actor_email text := private.privacy_actor(p_admin_user_id);
  export jsonb;
  customer bigint;
begin
  perform private.privacy_check_request(p_email, p_phone);
  export := private.customer_privacy_data(p_email, p_phone);
  select min(c) into customer from private.privacy_subject_customers(p_email, p_phone) c;
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, 'privacy.export', 'customer', coalesce(customer::text, 'guest'), null,
          jsonb_build_object('order_numbers', coalesce((select jsonb_agg(o -> 'number') from jsonb_array_elements(export -> 'orders') o), '[]'),
                             'emails', jsonb_array_length(export -> 'emails'), 'texts', jsonb_array_length(export -> 'texts'),
                             'webhook_events', jsonb_array_length(export -> 'square_webhook_events')),
          p_request_id, p_ip);
  return export;
end
$$;

--
-- Name: customer_privacy_search(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.customer_privacy_search(p_query text) RETURNS TABLE(email text, phone text, name text, orders integer, last_order_at timestamp with time zone, customer_id bigint)
    LANGUAGE plpgsql STABLE
    AS $$
declare
  q text := btrim(coalesce(p_query, ''));
  by_email boolean := position('@' in q) > 0;
begin
  if q = '' or length(q) > 254 then
    raise exception 'Enter the customer''s email address or phone number.' using errcode = 'LR422', column = 'q';
  end if;
  if not by_email and private.privacy_phone_key(q) is null then
    raise exception 'Enter a whole email address, or a phone number with at least 7 digits.' using errcode = 'LR422', column = 'q';
  end if;
  return query
    with matched as (
      select o.id, o.customer_email, o.customer_phone, o.customer_name, o.created_at, o.customer_id
        from orders o
       where o.id in (select private.privacy_subject_orders(case when by_email then q end, case when not by_email then q end))
    ),
    people as (
      select lower(m.customer_email) as email, m.customer_phone as phone, m.customer_name as name, m.created_at, m.customer_id,
             coalesce(lower(m.customer_email), 'phone:' || private.privacy_phone_key(m.customer_phone)) as person, true as is_order
        from matched m
      union all
      select lower(c.email), nullif(c.phone, ''), c.name, c.updated_at, c.id, lower(c.email), false
        from customers c
       where c.id in (select private.privacy_subject_customers(case when by_email then q end, case when not by_email then q end))
         and not exists (select 1 from matched m where lower(m.customer_email) = lower(c.email))
    )
    select (array_agg(p.email order by p.created_at desc))[1],
           (array_agg(p.phone order by p.created_at desc) filter (where p.phone is not null and p.phone <> ''))[1],
           (array_agg(p.name order by p.created_at desc))[1],
           (count(*) filter (where p.is_order))::integer,
           max(p.created_at),
           max(p.customer_id)
      from people p
     group by p.person
     order by max(p.created_at) desc
     limit 50;
end
$$;

--
-- Name: customer_privacy_summary(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.customer_privacy_summary(p_email text, p_phone text) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
  select jsonb_build_object(
    'customers', jsonb_array_length(d -> 'customers'),
    'orders', coalesce((select jsonb_agg(jsonb_build_object('number', o -> 'number', 'placed_at', o -> 'placed_at', 'state', o -> 'state',
                                                            'name', o -> 'name', 'email', o -> 'email', 'phone', o -> 'phone',
                                                            'total_cents', o -> 'total_cents', 'currency', o -> 'currency'))
                          from jsonb_array_elements(d -> 'orders') o), '[]'),
    'emails', jsonb_array_length(d -> 'emails'),
    'texts', jsonb_array_length(d -> 'texts'),
    'sessions', jsonb_array_length(d -> 'sessions'),
    'webhook_events', jsonb_array_length(d -> 'square_webhook_events'))
  from (select private.customer_privacy_data(p_email, p_phone) as d) data
$$;

--
-- Name: daily_limit_notes(bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.daily_limit_notes(p_location_id bigint) RETURNS TABLE(product_id bigint, variant_id bigint, day date, items_left integer, next_day date)
    LANGUAGE sql STABLE
    AS $$
  with days as (
    select private.fulfillment_day(p_location_id, s, null) as day from fulfillment_slots(p_location_id, 'pickup') s
    union
    select private.fulfillment_day(p_location_id, s, null) from fulfillment_slots(p_location_id, 'delivery') s
    union
    select d from shipping_days(p_location_id) d
  ), limited as (
    select dl.id, coalesce(dl.product_id, v.product_id) as product_id, dl.variant_id, days.day,
           coalesce(u.used, 0) as used, dl.per_day - coalesce(u.used, 0) as items_left
      from daily_limits dl
      left join variants v on v.id = dl.variant_id
      cross join days
      left join daily_limit_uses u
        on u.limit_id = dl.id and u.location_id = p_location_id and u.day = days.day and u.slot_at is null
     where dl.per_day is not null
  ), shown as (
    select distinct on (l.id) l.* from limited l where l.used > 0 or l.items_left <= 0 order by l.id, l.day
  )
  select s.product_id, s.variant_id, s.day, greatest(s.items_left, 0),
         (select min(l.day) from limited l where l.id = s.id and l.day > s.day and l.items_left > 0)
    from shown s
   order by s.product_id, s.variant_id nulls first
$$;

--
-- Name: deactivate_staff_member(bigint, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.deactivate_staff_member(p_admin_user_id bigint, p_by bigint, p_request_id text, p_ip inet) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  before_json jsonb;
begin
  perform private.acting_owner(p_by);
  -- Nobody locks themselves out by a slip of the finger.
  if p_admin_user_id = p_by then
    raise exception 'You cannot deactivate yourself: another owner can.' using errcode = 'LR409';
  end if;
  before_json := private.staff_member_json(p_admin_user_id);
  if before_json is null then
    raise exception 'There is no such member of staff.' using errcode = 'LR404';
  end if;
  update admin_users set deactivated_at = now() where id = p_admin_user_id and deactivated_at is null;
  if not found then
    return;
  end if;
  delete from sessions where admin_user_id = p_admin_user_id;
  update staff_invites set expires_at = now()
   where admin_user_id = p_admin_user_id and accepted_at is null and expires_at > now();
  perform private.audit_staff_change(p_by, 'staff.deactivate', p_admin_user_id, before_json,
                                     private.staff_member_json(p_admin_user_id), p_request_id, p_ip);
end
$$;

--
-- Name: disable_two_factor(bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.disable_two_factor(p_admin_user_id bigint, p_request_id text, p_ip inet) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  if two_factor_required() then
    raise exception 'Two-factor sign-in is required for everyone in this shop.' using errcode = 'LR409';
  end if;
  update admin_users set totp_secret = null, totp_pending_secret = null, totp_enabled_at = null, totp_last_step = null
   where id = p_admin_user_id and totp_enabled_at is not null;
  if found then
    delete from admin_recovery_codes where admin_user_id = p_admin_user_id;
    perform private.audit_staff_change(p_admin_user_id, 'account.disable_two_factor', p_admin_user_id, null, null, p_request_id, p_ip);
  end if;
end
$$;

--
-- Name: enable_two_factor(bigint, bigint, bytea[], text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.enable_two_factor(p_admin_user_id bigint, p_step bigint, p_code_hashes bytea[], p_request_id text, p_ip inet) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  update admin_users
     set totp_secret = totp_pending_secret, totp_pending_secret = null, totp_enabled_at = now(), totp_last_step = p_step
   where id = p_admin_user_id and totp_pending_secret is not null and totp_secret is null and deactivated_at is null;
  if not found then
    raise exception 'Start setting up two-factor again: this set-up is no longer open.' using errcode = 'LR409', column = 'code';
  end if;
  delete from admin_recovery_codes where admin_user_id = p_admin_user_id;
  insert into admin_recovery_codes (admin_user_id, code_hash) select p_admin_user_id, unnest(p_code_hashes);
  perform private.audit_staff_change(p_admin_user_id, 'account.enable_two_factor', p_admin_user_id, null, null, p_request_id, p_ip);
end
$$;

--
-- Name: erase_customer(text, text, text, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.erase_customer(p_email text, p_phone text, p_confirm text, p_admin_user_id bigint, p_request_id text, p_ip inet) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
declare
  actor_email text := private.privacy_actor(p_admin_user_id);
  v_email text := nullif(lower(btrim(p_email)), '');
  v_phone text := nullif(btrim(p_phone), '');
  order_ids bigint[];
  customer_ids bigint[];
  event_ids bigint[];
  terms text[];
  emails text[];
  phone_keys text[];
  open_order orders;
  counts jsonb;
  n_emails integer;
  n_texts integer;
  n_sessions integer;
  n_carts integer;
  n_events integer;
begin
  perform private.privacy_check_request(v_email, v_phone);
  if (v_email is not null and lower(btrim(coalesce(p_confirm, ''))) is distinct from v_email)
     or (v_email is null and private.privacy_phone_key(p_confirm) is distinct from private.privacy_phone_key(v_phone)) then
    raise exception 'Type % exactly to confirm the erasure.', case when v_email is not null then 'the email address' else 'the phone number' end
      using errcode = 'LR422', column = 'confirm';
  end if;

  select array_agg(id order by id) into order_ids
    from (select id from orders where id in (select private.privacy_subject_orders(v_email, v_phone)) order by id for update) locked;
  order_ids := coalesce(order_ids, '{}');
  select * into open_order from orders
   where id = any(order_ids) and state in ('pending_payment', 'paid', 'preparing', 'ready', 'out_for_delivery')
   order by number limit 1;
  if found then
    raise exception 'Order #% is still %: erase the customer once it is completed, cancelled or refunded.', open_order.number,
      replace(open_order.state, '_', ' ') using errcode = 'LR409';
  end if;
  if exists (select 1 from refunds where order_id = any(order_ids) and status in ('requested', 'pending')) then
    raise exception 'A refund for this customer is still being processed: erase them once it is done.' using errcode = 'LR409';
  end if;

  select coalesce(array_agg(c), '{}') into customer_ids from private.privacy_subject_customers(v_email, v_phone) c;
  select coalesce(array_agg(e), '{}') into event_ids from private.privacy_subject_webhook_events(v_email, v_phone) e;
  terms := private.privacy_terms(v_email, v_phone);
  select coalesce(array_agg(distinct lower(e)), '{}') into emails
    from (select customer_email from orders where id = any(order_ids)
          union select email from customers where id = any(customer_ids)
          union select v_email) all_emails (e)
   where e is not null;
  select coalesce(array_agg(distinct k), '{}') into phone_keys
    from (select private.privacy_phone_key(p) from (
            select customer_phone from orders where id = any(order_ids)
            union select sms_phone from orders where id = any(order_ids)
            union select phone from customers where id = any(customer_ids)
            union select v_phone) phones (p)) keys (k)
   where k is not null;

  -- Messages: one not sent yet is dropped (its job finds nothing); one sent keeps its row.
  delete from email_outbox where status = 'queued' and lower(to_address) = any(emails);
  update email_outbox
     set subject = null, text_body = null, html_body = null, body_purged_at = coalesce(body_purged_at, now()),
         to_address = case when lower(to_address) = any(emails) then null else to_address end
   where status <> 'queued' and (order_id = any(order_ids) or lower(to_address) = any(emails));
  get diagnostics n_emails = row_count;
  delete from sms_outbox
   where status = 'queued' and (order_id = any(order_ids) or private.privacy_phone_key(to_number) = any(phone_keys));
  update sms_outbox
     set body = null, body_purged_at = coalesce(body_purged_at, now()), to_number = null
   where status <> 'queued' and (order_id = any(order_ids) or private.privacy_phone_key(to_number) = any(phone_keys));
  get diagnostics n_texts = row_count;

  -- The browsers that held their carts: a customer's session goes, an admin's only forgets the cart.
  update sessions set data = data - 'cartId'
   where admin_user_id is not null and data ->> 'cartId' in (select cart_id::text from orders where id = any(order_ids) and cart_id is not null);
  -- So do the sessions signed in to their account or signing in with their email.
  delete from sessions
   where admin_user_id is null
     and (data ->> 'cartId' in (select cart_id::text from orders where id = any(order_ids) and cart_id is not null)
          or customer_id = any(customer_ids) or lower(data ->> 'signInEmail') = any(emails));
  get diagnostics n_sessions = row_count;
  delete from customer_sign_in_codes where email = any(emails);
  -- Rate-limit counters keyed by their email (limit:email, app/ops/rate-limit.server.ts) go too.
  delete from rate_limits where substr(key, strpos(key, ':') + 1) = any(emails);
  delete from carts where id in (select cart_id from orders where id = any(order_ids) and cart_id is not null);
  get diagnostics n_carts = row_count;

  update promo_redemptions set customer_email = null where order_id = any(order_ids) or lower(customer_email) = any(emails);
  update order_events
     set message = private.privacy_scrub(message, terms), detail = private.privacy_scrub(detail::text, terms)::jsonb
   where order_id = any(order_ids) and (private.privacy_mentions(message, terms) or private.privacy_mentions(detail::text, terms));
  update refunds set reason = left(private.privacy_scrub(reason, terms), 192)
   where order_id = any(order_ids) and private.privacy_mentions(reason, terms);
  update payment_attempts set error_message = private.privacy_scrub(error_message, terms)
   where order_id = any(order_ids) and private.privacy_mentions(error_message, terms);

  -- Square's notifications: processed ones are not needed again; one still to process keeps its ids.
  update webhook_events set payload = null, payload_purged_at = now()
   where id = any(event_ids) and state in ('processed', 'ignored');
  update webhook_events set payload = private.privacy_scrub(payload::text, terms)::jsonb, last_error = private.privacy_scrub(last_error, terms)
   where id = any(event_ids) and state not in ('processed', 'ignored');
  n_events := cardinality(event_ids);

  update orders
     set customer_name = 'Erased customer', customer_email = null, customer_phone = '', customer_id = null,
         address_line1 = null, address_line2 = null, customer_note = null, sms_phone = null, sms_consent_at = null,
         client_ip = null, session_key = null, erased_at = coalesce(erased_at, now()), updated_at = now()
   where id = any(order_ids);
  -- An item's note may name someone ("for Maria's birthday"): it goes too.
  update order_items set note = '' where order_id = any(order_ids) and note <> '';
  -- The account's saved details and consents go with the customer record (on delete cascade).
  delete from customers where id = any(customer_ids);

  counts := jsonb_build_object(
    'order_numbers', coalesce((select jsonb_agg(number order by number) from orders where id = any(order_ids)), '[]'),
    'customers', cardinality(customer_ids), 'emails', n_emails, 'texts', n_texts, 'sessions', n_sessions, 'carts', n_carts,
    'webhook_events', n_events);
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, 'privacy.erase', 'customer',
          coalesce((select min(c)::text from unnest(customer_ids) c), 'guest'), null, counts, p_request_id, p_ip);
  return counts;
end
$$;

--
-- Name: evaluate_incidents(integer, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.evaluate_incidents(p_worker_dead_after_seconds integer DEFAULT 60, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
  incident record;
  queued integer := 0;
begin
  -- One evaluation at a time (every worker runs the cron).
  perform pg_advisory_xact_lock(hashtext('larder.evaluate_incidents'));

  create temporary table if not exists pg_temp.current_problems (kind text, subject text, summary text) on commit drop;
  truncate pg_temp.current_problems;
  insert into pg_temp.current_problems (kind, subject, summary)
  select 'webhooks_dead', '', n || ' Square webhook(s) gave up (dead): replay them from Webhooks.'
    from (select count(*) as n from webhook_events where state = 'dead') x where n > 0
  union all
  select 'jobs_failed', '', n || ' job(s) failed for good: see Jobs.'
    from (select count(*) as n from graphile_worker.jobs where locked_at is null and attempts >= max_attempts) x where n > 0
  union all
  select 'breaker_open', b.family, 'Square ' || replace(b.family, '_', ' ') || ' calls are paused after repeated failures (circuit open).'
    from (select distinct family from square_breaker_states
           where state <> 'closed' and changed_at > p_now - interval '15 minutes') b
  union all
  select 'payments_failing', '', 'Only ' || (total - failures) || ' of the last ' || total
         || ' payment attempts went through without a failure on our side (Square unavailable or no answer).'
    from (select count(*) as total,
                 count(*) filter (where status = 'unknown' or error_code in ('UNAVAILABLE', 'OUTCOME_UNKNOWN')) as failures
            from (select status, error_code from payment_attempts
                   where status <> 'created' and created_at > p_now - interval '7 days'
                   order by created_at desc, id limit 20) last_attempts) x
   where total = 20 and (total - failures) * 100 < 95 * total
  union all
  select 'worker_silent', '', 'No job worker has been heard from for over ' || p_worker_dead_after_seconds
         || ' seconds: emails, payment confirmations and other jobs are not running.'
   where not exists (select 1 from worker_heartbeats where seen_at > p_now - make_interval(secs => p_worker_dead_after_seconds))
     and exists (select 1 from graphile_worker.jobs where run_at < p_now - make_interval(secs => p_worker_dead_after_seconds) and locked_at is null and attempts < max_attempts);

  update incidents i set resolved_at = p_now
   where i.resolved_at is null
     and not exists (select 1 from pg_temp.current_problems p where p.kind = i.kind and p.subject = i.subject);

  insert into incidents (kind, subject, summary, opened_at)
  select kind, subject, summary, p_now from pg_temp.current_problems order by kind, subject
  on conflict (kind, subject) where resolved_at is null do update set summary = excluded.summary;

  if private.in_quiet_hours(p_now) then
    return 0;
  end if;
  for incident in select id from incidents where notified_at is null and resolved_at is null order by id loop
    queued := queued + private.notify_owners_of_incident(incident.id, 'owner_incident_opened');
    update incidents set notified_at = p_now where id = incident.id;
  end loop;
  for incident in select id from incidents where notified_at is not null and resolved_at is not null and resolution_notified_at is null order by id loop
    queued := queued + private.notify_owners_of_incident(incident.id, 'owner_incident_resolved');
    update incidents set resolution_notified_at = p_now where id = incident.id;
  end loop;
  return queued;
end
$$;

--
-- Name: expire_unpaid_order(bigint, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.expire_unpaid_order(p_order_id bigint, p_reason text, p_event_type text DEFAULT 'expired'::text) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
begin
  o := private.lock_order(p_order_id);
  if o.paid_at is not null
     or not (o.state = 'pending_payment' or (o.pay_at_pickup and o.state in ('preparing', 'ready')))
     or (o.pay_at_pickup and p_event_type = 'expired')
     or exists (select 1 from payments where order_id = o.id and status in ('COMPLETED', 'APPROVED', 'PENDING')) then
    return false;
  end if;

  perform private.release_order_stock(o);
  perform private.release_order_limits(o);

  if o.pickup_at is not null then
    perform private.release_slot(o.location_id, 'pickup', o.pickup_at);
  end if;
  if o.delivery_at is not null then
    perform private.release_slot(o.location_id, 'delivery', o.delivery_at);
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
  values (o.id, p_event_type, p_reason, jsonb_build_object('released_items',
          (select coalesce(jsonb_agg(jsonb_build_object('variant_id', variant_id, 'quantity', quantity)), '[]')
             from order_items where order_id = o.id)));
  return true;
end
$$;

--
-- Name: fail_refund(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.fail_refund(p_refund_id uuid, p_message text) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  refund refunds;
begin
  update refunds set status = 'failed', error_message = p_message, updated_at = now()
   where id = p_refund_id and status in ('requested', 'pending')
  returning * into refund;
  if refund.id is not null then
    insert into order_events (order_id, type, message, detail)
    values (refund.order_id, 'refund_failed', 'Refund refused: ' || p_message, jsonb_build_object('refund_id', refund.id));
  end if;
end
$$;

--
-- Name: forget_workers(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.forget_workers(p_process text) RETURNS void
    LANGUAGE sql
    AS $$
  delete from worker_heartbeats where process = p_process
$$;

--
-- Name: fulfillment_slots(bigint, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.fulfillment_slots(p_location_id bigint, p_kind text, p_now timestamp with time zone DEFAULT now()) RETURNS SETOF timestamp with time zone
    LANGUAGE sql STABLE
    AS $$
  with loc as (
    select l.id, l.timezone,
           case p_kind when 'pickup' then l.pickup_slot_minutes else l.delivery_window_minutes end as minutes,
           case p_kind when 'pickup' then l.pickup_lead_minutes else l.delivery_lead_minutes end as lead,
           case p_kind when 'pickup' then l.pickup_days_ahead else l.delivery_days_ahead end as days_ahead,
           case p_kind when 'pickup' then l.pickup_slot_capacity else l.delivery_window_capacity end as capacity,
           -- A paused kind offers slots from the pause's end ('infinity': none); a busy kitchen adds
           -- its extra minutes to the lead time while the busy period lasts.
           greatest(p_now, case p_kind when 'pickup' then l.pickup_paused_until else l.delivery_paused_until end) as opens_from,
           case when l.busy_until > p_now then l.busy_extra_minutes else 0 end as busy
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
     and local_slot at time zone d.timezone >= d.opens_from + make_interval(mins => d.lead + d.busy)
     and coalesce(r.reserved, 0) < d.capacity
   order by slot
$$;

--
-- Name: invite_staff(text, text, text, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.invite_staff(p_email text, p_role text, p_token text, p_by bigint, p_request_id text, p_ip inet) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
declare
  invite_id bigint;
  address text := trim(p_email);
begin
  perform private.acting_owner(p_by);
  if p_role is null or p_role not in ('owner', 'staff') then
    raise exception 'Choose owner or staff.' using errcode = 'LR422', column = 'role';
  end if;
  if exists (select 1 from admin_users where lower(email) = lower(address) and deactivated_at is null) then
    raise exception 'Someone already signs in with that email address.' using errcode = 'LR409', column = 'email';
  end if;
  if exists (select 1 from admin_users where lower(email) = lower(address)) then
    raise exception 'That address belongs to a deactivated member; their account stays closed.' using errcode = 'LR409', column = 'email';
  end if;
  update staff_invites set expires_at = now()
   where kind = 'invite' and lower(email) = lower(address) and accepted_at is null and expires_at > now();
  insert into staff_invites (kind, email, role, token_hash, invited_by, expires_at)
  values ('invite', address, p_role, private.staff_token_hash(p_token), p_by, now() + interval '72 hours')
  returning id into invite_id;
  perform private.queue_staff_email(invite_id, p_token);
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  select p_by, email, 'staff.invite', 'staff_invite', invite_id::text, null,
         jsonb_build_object('email', address, 'role', p_role), p_request_id, p_ip
    from admin_users where id = p_by;
  return invite_id;
end
$$;

--
-- Name: order_revision_cart(bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.order_revision_cart(p_order_id bigint) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
  v_cart_id uuid;
begin
  select * into o from orders where id = p_order_id;
  if not found then
    raise exception 'Order not found.' using errcode = 'LR404';
  end if;
  perform private.check_order_revisable(o);
  insert into carts default values returning id into v_cart_id;
  insert into cart_items (cart_id, variant_id, quantity, modifier_ids, note)
  select v_cart_id, i.variant_id, i.quantity,
         array(select m.modifier_id from order_item_modifiers m where m.order_item_id = i.id and m.modifier_id is not null order by m.modifier_id),
         i.note
    from order_items i
   where i.order_id = p_order_id and i.variant_id is not null;
  return v_cart_id;
end
$$;

--
-- Name: pause_ordering(bigint, text[], integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.pause_ordering(p_location_id bigint, p_kinds text[], p_minutes integer) RETURNS timestamp with time zone
    LANGUAGE plpgsql
    AS $$
declare
  v_until timestamptz;
  kind text;
begin
  if p_kinds is null or cardinality(p_kinds) = 0 or not (p_kinds <@ array['pickup', 'delivery']) then
    raise exception 'Choose pickup, delivery or both.' using errcode = 'LR422', column = 'kinds';
  end if;
  if p_minutes is not null and p_minutes not in (15, 30, 60) then
    raise exception 'Pause for 15, 30 or 60 minutes, or until you resume.' using errcode = 'LR422', column = 'minutes';
  end if;
  perform 1 from locations where id = p_location_id for no key update;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  -- Whole seconds: the resume job carries this through JSON and JavaScript, which keep milliseconds only.
  v_until := coalesce(date_trunc('second', now()) + make_interval(mins => p_minutes), 'infinity');
  update locations
     set pickup_paused_until = case when 'pickup' = any (p_kinds) then v_until else pickup_paused_until end,
         delivery_paused_until = case when 'delivery' = any (p_kinds) then v_until else delivery_paused_until end
   where id = p_location_id;
  if p_minutes is not null then
    foreach kind in array p_kinds loop
      perform private.enqueue_job('resume_ordering',
        jsonb_build_object('location_id', p_location_id, 'kind', kind, 'until', v_until),
        p_job_key => 'resume_ordering:' || p_location_id || ':' || kind, p_run_at => v_until);
    end loop;
  end if;
  return v_until;
end
$$;

--
-- Name: pickup_slots(bigint, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.pickup_slots(p_location_id bigint, p_now timestamp with time zone DEFAULT now()) RETURNS SETOF timestamp with time zone
    LANGUAGE sql STABLE
    AS $$
  select fulfillment_slots(p_location_id, 'pickup', p_now)
$$;

--
-- Name: place_order(uuid, uuid, bigint, text, text, text, timestamp with time zone, text, date, jsonb, text, integer, bigint, text, boolean, text, bigint, boolean, inet, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.place_order(p_cart_id uuid, p_checkout_key uuid, p_location_id bigint, p_customer_name text, p_customer_email text, p_customer_phone text, p_slot_at timestamp with time zone, p_fulfillment text DEFAULT 'pickup'::text, p_ship_on date DEFAULT NULL::date, p_address jsonb DEFAULT NULL::jsonb, p_promo_code text DEFAULT NULL::text, p_tip_percent integer DEFAULT NULL::integer, p_tip_cents bigint DEFAULT NULL::bigint, p_customer_note text DEFAULT NULL::text, p_sms_consent boolean DEFAULT false, p_source text DEFAULT 'online'::text, p_placed_by bigint DEFAULT NULL::bigint, p_pay_at_pickup boolean DEFAULT false, p_client_ip inet DEFAULT NULL::inet, p_session_key text DEFAULT NULL::text) RETURNS TABLE(order_id bigint, public_token text, already_placed boolean)
    LANGUAGE plpgsql
    AS $_$
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
$_$;

--
-- Name: price_order(bigint[], text, bigint, integer, boolean, bigint, bigint, integer, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.price_order(p_line_gross_cents bigint[], p_discount_kind text, p_discount_value bigint, p_tax_rate_bps integer, p_tax_inclusive boolean, p_delivery_fee_cents bigint, p_shipping_cents bigint, p_tip_percent integer, p_tip_cents bigint) RETURNS TABLE(subtotal_cents bigint, discount_cents bigint, tax_cents bigint, delivery_fee_cents bigint, shipping_cents bigint, tip_cents bigint, total_cents bigint, line_discount_cents bigint[], line_tax_cents bigint[])
    LANGUAGE plpgsql IMMUTABLE
    AS $$
declare
  n integer := coalesce(cardinality(p_line_gross_cents), 0);
  subtotal bigint := 0;
  discount bigint := 0;
  fixed_amount bigint;
  shared bigint := 0;
  tax bigint := 0;
  tip bigint := 0;
  discounts bigint[] := array_fill(0::bigint, array[n]);
  taxes bigint[] := array_fill(0::bigint, array[n]);
  i integer;
  net bigint;
begin
  if p_discount_kind is not null and p_discount_kind not in ('percent', 'fixed') then
    raise exception 'unknown discount kind %', p_discount_kind;
  end if;
  if p_tip_percent is not null and p_tip_cents is not null then
    raise exception 'a tip is a percentage or an amount, not both';
  end if;
  for i in 1 .. n loop
    if p_line_gross_cents[i] is null or p_line_gross_cents[i] < 0 then
      raise exception 'line % has no price', i;
    end if;
    subtotal := subtotal + p_line_gross_cents[i];
  end loop;

  if p_discount_kind = 'percent' and subtotal > 0 then
    for i in 1 .. n loop
      discounts[i] := least(private.round_half_even(p_line_gross_cents[i]::numeric * p_discount_value, 10000), p_line_gross_cents[i]);
    end loop;
  elsif p_discount_kind = 'fixed' and subtotal > 0 then
    fixed_amount := least(p_discount_value, subtotal);
    for i in 1 .. n loop
      discounts[i] := (fixed_amount * p_line_gross_cents[i]) / subtotal;
      shared := shared + discounts[i];
    end loop;
    -- The cents the whole shares leave over go one each to the lines with the largest remainders.
    for i in
      select k from generate_series(1, n) k
       order by (fixed_amount * p_line_gross_cents[k]) % subtotal desc, k
       limit fixed_amount - shared
    loop
      discounts[i] := discounts[i] + 1;
    end loop;
  end if;

  for i in 1 .. n loop
    discount := discount + discounts[i];
    net := p_line_gross_cents[i] - discounts[i];
    if coalesce(p_tax_rate_bps, 0) > 0 then
      taxes[i] := case when p_tax_inclusive
                       then private.round_half_even(net::numeric * p_tax_rate_bps, 10000 + p_tax_rate_bps)
                       else private.round_half_even(net::numeric * p_tax_rate_bps, 10000) end;
    end if;
    tax := tax + taxes[i];
  end loop;

  if p_tip_percent is not null then
    tip := private.round_half_even((subtotal - discount)::numeric * p_tip_percent, 100);
  elsif p_tip_cents is not null then
    tip := p_tip_cents;
  end if;

  return query select
    subtotal, discount, tax,
    coalesce(p_delivery_fee_cents, 0)::bigint, coalesce(p_shipping_cents, 0)::bigint, tip,
    subtotal - discount + case when p_tax_inclusive then 0 else tax end
      + coalesce(p_delivery_fee_cents, 0) + coalesce(p_shipping_cents, 0) + tip,
    discounts, taxes;
end
$$;

--
-- Name: production_plan(bigint, date, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.production_plan(p_location_id bigint, p_day date, p_fulfillment text DEFAULT NULL::text, p_window_start timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(category_name text, category_sort integer, product_name text, product_sort integer, variant_id bigint, variant_name text, variant_sort integer, units_per_variation integer, modifier_list text, modifier_name text, quantity bigint, units bigint, pending_quantity bigint, pending_units bigint)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
#variable_conflict use_column
declare
  b record;
begin
  select (p_day::timestamp at time zone l.timezone) as starts, ((p_day + 1)::timestamp at time zone l.timezone) as ends
    into b from locations l where l.id = p_location_id;
  if not found then
    return;
  end if;
  return query
  with due as (
    select o.id, (o.state <> 'pending_payment' or o.pay_at_pickup) as to_make
      from orders o
     where o.location_id = p_location_id
       and (o.state in ('paid', 'preparing', 'ready', 'out_for_delivery', 'completed')
            or (o.state = 'pending_payment'))
       and ((o.fulfillment = 'pickup' and o.pickup_at >= b.starts and o.pickup_at < b.ends
             and (p_fulfillment is null or (p_fulfillment = 'pickup' and o.pickup_at = p_window_start)))
         or (o.fulfillment = 'delivery' and o.delivery_at >= b.starts and o.delivery_at < b.ends
             and (p_fulfillment is null or (p_fulfillment = 'delivery' and o.delivery_at = p_window_start)))
         or (o.fulfillment = 'shipping' and o.ship_on = p_day
             and (p_fulfillment is null or p_fulfillment = 'shipping')))
  ),
  -- Read once for the lines and once for their modifiers.
  items as materialized (
    select i.id, i.variant_id, i.quantity, d.to_make,
           coalesce(c.name, 'No longer on the menu') as category_name, coalesce(c.sort_order, 2147483647) as category_sort,
           coalesce(p.name, i.product_name) as product_name, coalesce(p.sort_order, 0) as product_sort,
           coalesce(v.name, i.variant_name) as variant_name, coalesce(v.sort_order, 0) as variant_sort,
           coalesce(v.units_per_variation, 1) as units_per_variation
      from due d
      join order_items i on i.order_id = d.id
      left join variants v on v.id = i.variant_id
      left join products p on p.id = v.product_id
      left join categories c on c.id = p.category_id
  ),
  lines as (
    select i.category_name, i.category_sort, i.product_name, i.product_sort, i.variant_id, i.variant_name, i.variant_sort,
           i.units_per_variation, null::text as modifier_list, null::text as modifier_name,
           coalesce(sum(i.quantity) filter (where i.to_make), 0) as quantity,
           coalesce(sum(i.quantity) filter (where not i.to_make), 0) as pending_quantity
      from items i
     group by 1, 2, 3, 4, 5, 6, 7, 8
    union all
    select i.category_name, i.category_sort, i.product_name, i.product_sort, i.variant_id, i.variant_name, i.variant_sort,
           i.units_per_variation, m.modifier_list_name, m.name,
           coalesce(sum(i.quantity) filter (where i.to_make), 0),
           coalesce(sum(i.quantity) filter (where not i.to_make), 0)
      from items i
      -- Each item's modifiers by order_item_modifiers_item_idx, never a hash of them all (offset 0
      -- keeps the planner from flattening the lateral into that hash join).
      cross join lateral (select m.modifier_list_name, m.name from order_item_modifiers m where m.order_item_id = i.id offset 0) m
     group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  )
  select l.category_name, l.category_sort, l.product_name, l.product_sort, l.variant_id, l.variant_name, l.variant_sort,
         l.units_per_variation, l.modifier_list, l.modifier_name,
         l.quantity::bigint, (l.quantity * l.units_per_variation)::bigint,
         l.pending_quantity::bigint, (l.pending_quantity * l.units_per_variation)::bigint
    from lines l
   order by l.category_sort, l.category_name, l.product_sort, l.product_name, l.variant_sort, l.variant_name, l.variant_id,
            l.modifier_name is not null, l.modifier_list, l.modifier_name;
end
$$;

--
-- Name: production_windows(bigint, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.production_windows(p_location_id bigint, p_day date) RETURNS TABLE(fulfillment text, window_start timestamp with time zone, orders bigint)
    LANGUAGE sql STABLE
    AS $$
  with bounds as (
    select (p_day::timestamp at time zone l.timezone) as starts, ((p_day + 1)::timestamp at time zone l.timezone) as ends
      from locations l where l.id = p_location_id
  )
  select o.fulfillment, case o.fulfillment when 'pickup' then o.pickup_at when 'delivery' then o.delivery_at end, count(*)
    from orders o cross join bounds b
   where o.location_id = p_location_id
     and o.state in ('pending_payment', 'paid', 'preparing', 'ready', 'out_for_delivery', 'completed')
     and ((o.fulfillment = 'pickup' and o.pickup_at >= b.starts and o.pickup_at < b.ends)
       or (o.fulfillment = 'delivery' and o.delivery_at >= b.starts and o.delivery_at < b.ends)
       or (o.fulfillment = 'shipping' and o.ship_on = p_day))
   group by 1, 2
   order by 2 nulls last, 1
$$;

--
-- Name: promised_at(public.orders); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.promised_at(o public.orders) RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    AS $$
  select coalesce(o.pickup_at, o.delivery_at) + make_interval(mins => o.delay_minutes)
$$;

--
-- Name: prune_rate_limits(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.prune_rate_limits() RETURNS integer
    LANGUAGE sql
    AS $$
  with gone as (delete from rate_limits where tat < clock_timestamp() returning 1)
  select count(*)::integer from gone;
$$;

--
-- Name: purge_retained_data(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_retained_data() RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
declare
  webhook_cutoff timestamptz := now() - make_interval(days => private.retention_days('retention.webhook_payload_days'));
  outbox_cutoff timestamptz := now() - make_interval(days => private.retention_days('retention.outbox_body_days'));
  cart_cutoff timestamptz := now() - make_interval(days => private.retention_days('retention.abandoned_cart_days'));
  n_webhooks integer;
  n_emails integer;
  n_texts integer;
  n_sessions integer;
  n_carts integer;
  n_order_addresses integer;
  n_sign_in_codes integer;
begin
  update webhook_events set payload = null, payload_purged_at = now()
   where payload is not null and state in ('processed', 'ignored') and received_at < webhook_cutoff;
  get diagnostics n_webhooks = row_count;

  update email_outbox set subject = null, text_body = null, html_body = null, body_purged_at = now()
   where body_purged_at is null and status <> 'queued' and created_at < outbox_cutoff;
  get diagnostics n_emails = row_count;
  update sms_outbox set body = null, body_purged_at = now()
   where body_purged_at is null and status <> 'queued' and created_at < outbox_cutoff;
  get diagnostics n_texts = row_count;

  delete from sessions where expires_at < now();
  get diagnostics n_sessions = row_count;

  delete from carts c
   where c.checked_out_at is null and c.updated_at < cart_cutoff
     and not exists (select 1 from orders o where o.cart_id = c.id)
     and not exists (select 1 from sessions s
                      where s.expires_at >= now() and c.id::text in (s.data ->> 'cartId', s.data ->> 'staffCartId'));
  get diagnostics n_carts = row_count;

  update orders set client_ip = null, session_key = null
   where (client_ip is not null or session_key is not null) and state <> 'pending_payment' and updated_at < now() - interval '1 day';
  get diagnostics n_order_addresses = row_count;

  -- A customer's sign-in code is of no use a day after it expired (it names their email).
  delete from customer_sign_in_codes where expires_at < now() - interval '1 day';
  get diagnostics n_sign_in_codes = row_count;

  return jsonb_build_object('webhook_payloads', n_webhooks, 'email_bodies', n_emails, 'text_bodies', n_texts,
                            'sessions', n_sessions, 'carts', n_carts, 'order_addresses', n_order_addresses,
                            'sign_in_codes', n_sign_in_codes);
end
$$;

--
-- Name: queue_owner_summaries(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_owner_summaries(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
  local_now timestamp := p_now at time zone coalesce((select timezone from locations where id = shop_location_id()), 'UTC');
  today date := local_now::date;
  monday date := date_trunc('week', local_now)::date;
  due record;
  v_summary bigint;
  v_email bigint;
  queued integer := 0;
begin
  for due in
    select a.id, a.email, s.frequency,
           case s.frequency when 'daily' then today - 1 else monday - 7 end as period_from,
           case s.frequency when 'daily' then today - 1 else monday - 1 end as period_to
      from summary_email_settings s join admin_users a on a.id = s.admin_user_id
     where a.role = 'owner' and a.deactivated_at is null
       and ((s.frequency = 'daily' and extract(hour from local_now) >= s.local_hour)
            or (s.frequency = 'weekly' and (today > monday or extract(hour from local_now) >= s.local_hour)))
     order by a.id
  loop
    v_summary := null;
    insert into summary_emails (admin_user_id, frequency, period_from, period_to)
    values (due.id, due.frequency, due.period_from, due.period_to)
    on conflict (admin_user_id, frequency, period_from) do nothing
    returning id into v_summary;
    continue when v_summary is null;
    insert into email_outbox (template, to_address, summary_email_id)
    values ('owner_summary', due.email, v_summary) returning id into v_email;
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', v_email), p_job_key => 'send_email:' || v_email);
    queued := queued + 1;
  end loop;
  return queued;
end
$$;

--
-- Name: quote_cart(uuid, bigint, text, text, text, integer, bigint, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.quote_cart(p_cart_id uuid, p_location_id bigint, p_fulfillment text DEFAULT 'pickup'::text, p_postal_code text DEFAULT NULL::text, p_promo_code text DEFAULT NULL::text, p_tip_percent integer DEFAULT NULL::integer, p_tip_cents bigint DEFAULT NULL::bigint, p_customer_email text DEFAULT NULL::text) RETURNS TABLE(subtotal_cents bigint, discount_cents bigint, tax_cents bigint, delivery_fee_cents bigint, shipping_cents bigint, tip_cents bigint, total_cents bigint, currency text, tax_name text, tax_rate_bps integer, tax_inclusive boolean, promo_code text, delivery_zone_name text)
    LANGUAGE plpgsql STABLE
    AS $$
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
  if p_fulfillment = 'delivery' and private.normalize_postal_code(p_postal_code) is not null then
    zone := private.delivery_zone_for(p_location_id, p_postal_code);
  end if;
  if nullif(trim(coalesce(p_promo_code, '')), '') is not null then
    promo := private.check_promo_code(p_promo_code, loc.currency, subtotal, p_customer_email);
  end if;
  -- An amount of 0 is no amount, as place_order reads it.
  perform private.check_tip(loc, p_tip_percent, nullif(p_tip_cents, 0));
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

--
-- Name: rate_limit(text, integer, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rate_limit(p_key text, p_limit integer, p_period_seconds integer, p_cost integer DEFAULT 1) RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
  v_now timestamptz := clock_timestamp();
  v_step interval := make_interval(secs => p_period_seconds::double precision / p_limit);
  v_window interval := make_interval(secs => p_period_seconds);
  v_tat timestamptz;
begin
  insert into rate_limits as r (key, tat) values (p_key, v_now + greatest(p_cost, 0) * v_step)
  on conflict (key) do update
     set tat = greatest(r.tat, v_now) + p_cost * v_step
   where greatest(r.tat, v_now) + p_cost * v_step <= v_now + v_window
  returning r.tat into v_tat;
  if found then
    return 0;
  end if;
  select r.tat into v_tat from rate_limits r where r.key = p_key;
  return greatest(1, ceil(extract(epoch from (greatest(v_tat, v_now) + p_cost * v_step) - (v_now + v_window))))::integer;
end
$$;

--
-- Name: rebuild_sales_rollups(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rebuild_sales_rollups() RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
  loc record;
  written integer := 0;
begin
  perform set_config('larder.rebuilding_rollups', 'on', true);
  for loc in select id from locations order by id loop
    written := written + rollup_sales(loc.id, '-infinity'::date, 'infinity'::date);
  end loop;
  -- The customers' visits from scratch too (rollup_sales moves only the customers whose days changed).
  perform pg_advisory_xact_lock(hashtext('customer_first_days'), 0);
  delete from customer_gap_days;
  delete from customer_visits;
  delete from customer_sales_months;
  perform private.refresh_customer_visits(array(select id from locations union all select 0),
                                          array(select distinct customer_id from customer_sales_days));
  perform set_config('larder.rebuilding_rollups', '', true);
  insert into metric_rollups (name, last_run_at, days_rolled_up, from_day)
  values ('sales', now(), written, '-infinity')
  on conflict (name) do update
    set last_run_at = excluded.last_run_at, days_rolled_up = excluded.days_rolled_up, from_day = excluded.from_day;
  return written;
end
$$;

--
-- Name: record_breaker_state(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_breaker_state(p_process text, p_family text, p_state text) RETURNS void
    LANGUAGE sql
    AS $$
  insert into square_breaker_states (process, family, state, changed_at)
  values (p_process, p_family, p_state, now())
  on conflict (process, family) do update set state = excluded.state, changed_at = excluded.changed_at
$$;

--
-- Name: record_card_attempt(uuid, text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_card_attempt(p_attempt_id uuid, p_status text, p_square_payment_id text, p_error_code text, p_error_message text) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  update payment_attempts
     set status = case when status = 'completed' then status else p_status end,
         square_payment_id = coalesce(p_square_payment_id, square_payment_id),
         error_code = p_error_code,
         error_message = p_error_message,
         updated_at = now()
   where id = p_attempt_id;
  if not found then
    raise exception 'Payment attempt % not found.', p_attempt_id using errcode = 'LR404';
  end if;
end
$$;

--
-- Name: record_counter_payment(bigint, text, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_counter_payment(p_order_id bigint, p_method text, p_admin_user_id bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: record_no_show(bigint, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_no_show(p_order_id bigint, p_admin_user_id bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
begin
  o := private.lock_order(p_order_id);
  if o.fulfillment <> 'pickup' then
    raise exception 'Order #% is not a pickup: only a pickup can be a no-show.', o.number using errcode = 'LR409';
  end if;
  if o.no_show_at is not null then
    raise exception 'Order #% is already recorded as not collected.', o.number using errcode = 'LR409';
  end if;
  if o.state not in ('paid', 'preparing', 'ready') and not (o.pay_at_pickup and o.state = 'pending_payment') then
    raise exception 'Order #% is % and cannot be a no-show.', o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
  end if;
  if promised_at(o) > now() then
    raise exception 'Order #% is not due until later: it cannot be a no-show yet.', o.number using errcode = 'LR409';
  end if;
  update orders set no_show_at = now(), no_show_by = p_admin_user_id, updated_at = now() where id = o.id;
  update customers set no_shows = no_shows + 1, updated_at = now() where id = o.customer_id;
  insert into order_events (order_id, type, message, admin_user_id)
  values (o.id, 'no_show', 'Not collected.', p_admin_user_id);
end
$$;

--
-- Name: record_payment_link(uuid, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_payment_link(p_attempt_id uuid, p_payment_link_id text, p_checkout_url text, p_square_order_id text) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: record_payment_link_deleted(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_payment_link_deleted(p_attempt_id uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  update payment_attempts
     set payment_link_deleted_at = coalesce(payment_link_deleted_at, now()), updated_at = now()
   where id = p_attempt_id and square_payment_link_id is not null;
  if not found then
    raise exception 'Payment attempt % has no payment link.', p_attempt_id using errcode = 'LR404';
  end if;
end
$$;

--
-- Name: record_production_made(bigint, date, bigint, integer, integer, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_production_made(p_location_id bigint, p_day date, p_variant_id bigint, p_seen_units integer, p_made_units integer, p_admin_user_id bigint) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
declare
  v_name text;
  v_to_make bigint;
begin
  if p_made_units is null or p_made_units < 0 or p_made_units > 100000 then
    raise exception 'Enter how many units are made, from 0 to 100,000.' using errcode = 'LR422', column = 'madeUnits';
  end if;
  perform 1 from locations where id = p_location_id;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  select p.name || ' — ' || v.name into v_name from variants v join products p on p.id = v.product_id where v.id = p_variant_id;
  if not found then
    raise exception 'That variation is no longer on the menu.' using errcode = 'LR404';
  end if;
  select coalesce(sum(plan.units), 0) into v_to_make
    from production_plan(p_location_id, p_day) plan
   where plan.variant_id = p_variant_id and plan.modifier_name is null;
  if p_seen_units is distinct from v_to_make then
    raise exception '% changed since the page loaded: % units to make now (the page showed %). Nothing was recorded; check the line and tick it again.',
      v_name, v_to_make, coalesce(p_seen_units::text, 'none')
      using errcode = 'LR409';
  end if;
  insert into production_made (location_id, day, variant_id, made_units, made_by, made_at)
  values (p_location_id, p_day, p_variant_id, p_made_units, p_admin_user_id, now())
  on conflict (location_id, day, variant_id)
  do update set made_units = excluded.made_units, made_by = excluded.made_by, made_at = excluded.made_at;
  return v_to_make;
end
$$;

--
-- Name: record_production_print(bigint, date, text, timestamp with time zone, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_production_print(p_location_id bigint, p_day date, p_fulfillment text, p_window_start timestamp with time zone, p_admin_user_id bigint) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
declare
  v_id bigint;
begin
  perform 1 from locations where id = p_location_id;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  if p_fulfillment is not null and p_fulfillment not in ('pickup', 'delivery', 'shipping')
     or coalesce(p_fulfillment in ('pickup', 'delivery'), false) <> (p_window_start is not null) then
    raise exception 'Choose the whole day, a pickup slot, a delivery window or the ship day.' using errcode = 'LR422', column = 'window';
  end if;
  insert into production_prints (location_id, day, fulfillment, window_start, lines, printed_by)
  select p_location_id, p_day, p_fulfillment, p_window_start,
         coalesce((select jsonb_agg(to_jsonb(plan) - 'ordinality' order by plan.ordinality)
                     from production_plan(p_location_id, p_day, p_fulfillment, p_window_start) with ordinality plan), '[]'),
         p_admin_user_id
  returning id into v_id;
  return v_id;
end
$$;

--
-- Name: record_sms_result(bigint, text, text, text, text, integer, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_sms_result(p_sms_id bigint, p_status text, p_transport text DEFAULT NULL::text, p_provider_message_sid text DEFAULT NULL::text, p_provider_status text DEFAULT NULL::text, p_error_code integer DEFAULT NULL::integer, p_error text DEFAULT NULL::text) RETURNS text
    LANGUAGE plpgsql
    AS $$
declare
  sms sms_outbox;
begin
  if p_status is null or p_status not in ('queued', 'sent', 'failed', 'undeliverable') then
    raise exception 'Not an outcome of sending a text: %', p_status using errcode = 'LR422';
  end if;
  update sms_outbox
     set status = p_status,
         transport = coalesce(p_transport, transport),
         provider_message_sid = coalesce(p_provider_message_sid, provider_message_sid),
         provider_status = coalesce(p_provider_status, provider_status),
         error_code = p_error_code,
         last_error = p_error,
         attempts = attempts + 1,
         sent_at = case when p_status = 'sent' then now() else sent_at end
   where id = p_sms_id and status = 'queued'
  returning * into sms;
  if not found then
    select * into sms from sms_outbox where id = p_sms_id;
    if not found then
      raise exception 'No text %.', p_sms_id using errcode = 'LR404';
    end if;
    return sms.status;
  end if;
  if p_error_code = 21610 then
    insert into sms_opt_outs (phone, opted_out_at, source) values (sms.to_number, now(), 'twilio_21610')
    on conflict (phone) do update set opted_out_at = excluded.opted_out_at, source = excluded.source;
  end if;
  return sms.status;
end
$$;

--
-- Name: record_webhook_event(text, text, text, jsonb, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_webhook_event(p_provider text, p_event_id text, p_type text, p_payload jsonb, p_request_id text) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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
  perform private.enqueue_job('process_square_webhook', jsonb_build_object('webhook_event_id', new_id),
    p_job_key => 'process_square_webhook:' || new_id, p_max_attempts => 10, p_request_id => p_request_id);
  return true;
end
$$;

--
-- Name: record_worker_heartbeat(text, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_worker_heartbeat(p_process text, p_worker_ids text[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  if p_worker_ids is null or cardinality(p_worker_ids) = 0 or cardinality(p_worker_ids) > 200 then
    raise exception 'A heartbeat names between 1 and 200 worker ids.' using errcode = 'LR422', column = 'worker_ids';
  end if;
  delete from worker_heartbeats where process = p_process and worker_id <> all (p_worker_ids);
  insert into worker_heartbeats (worker_id, process)
  select distinct id, p_process from unnest(p_worker_ids) id
  on conflict (worker_id) do update set seen_at = now(), process = excluded.process;
end
$$;

--
-- Name: refundable_cents(bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.refundable_cents(p_order_id bigint) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$
  select coalesce((select sum(amount_cents) from payments where order_id = p_order_id and status = 'COMPLETED'), 0)
       - coalesce((select sum(amount_cents) from refunds where order_id = p_order_id and status <> 'failed'), 0)
$$;

--
-- Name: reorder_into_cart(bigint, integer, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reorder_into_cart(p_customer_id bigint, p_order_number integer, p_cart_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
declare
  v_order orders;
  v_cart uuid;
  item record;
  added jsonb := '[]';
  not_added jsonb := '[]';
  v_message text;
  v_label text;
begin
  select * into v_order from orders where number = p_order_number and customer_id = p_customer_id;
  if v_order.id is null then
    raise exception 'That order is not one of yours.' using errcode = 'LR404', column = 'orderNumber';
  end if;
  select id into v_cart from carts where id = p_cart_id and checked_out_at is null;
  for item in
    select i.id, i.variant_id, i.quantity, i.note, i.product_name, i.variant_name,
           array(select m.modifier_id from order_item_modifiers m where m.order_item_id = i.id and m.modifier_id is not null order by m.modifier_id) as modifier_ids,
           (select string_agg(m.name, ', ' order by m.sort_order, m.name) from order_item_modifiers m
             where m.order_item_id = i.id
               and (m.modifier_id is null or not exists (select 1 from modifiers x join modifier_lists l on l.id = x.modifier_list_id
                                                          where x.id = m.modifier_id and x.is_active and l.is_active))) as gone_choices,
           exists (select 1 from variants v join products p on p.id = v.product_id where v.id = i.variant_id and p.is_active) as on_menu
      from order_items i where i.order_id = v_order.id order by i.id
  loop
    v_label := item.product_name || ' (' || item.variant_name || ')';
    if not item.on_menu then
      not_added := not_added || to_jsonb(v_label || ' is no longer on the menu.');
      continue;
    end if;
    if item.gone_choices is not null then
      not_added := not_added || to_jsonb(v_label || ' with ' || item.gone_choices || ': that choice is no longer offered.');
      continue;
    end if;
    if v_cart is null then
      v_cart := start_cart();
    end if;
    begin
      perform cart_add_item(v_cart, item.variant_id, item.quantity, item.modifier_ids, item.note);
      added := added || to_jsonb(item.quantity || ' × ' || v_label);
    exception when sqlstate 'LR404' or sqlstate 'LR409' or sqlstate 'LR422' then
      get stacked diagnostics v_message = message_text;
      -- Some of cart_add_item's refusals name no item ("Milk: choose 1."): say which.
      if position(item.product_name in v_message) = 0 then
        v_message := v_label || ': ' || v_message;
      end if;
      not_added := not_added || to_jsonb(v_message);
    end;
  end loop;
  return jsonb_build_object('cart_id', v_cart, 'order_number', v_order.number, 'added', added, 'not_added', not_added);
end
$$;

--
-- Name: replay_webhook_event(bigint, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.replay_webhook_event(p_id bigint, p_request_id text DEFAULT NULL::text) RETURNS text
    LANGUAGE plpgsql
    AS $$
declare
  v_event_id text;
  v_job_key text := 'process_square_webhook:' || p_id;
begin
  update webhook_events
     set state = 'received', processed_at = null
   where id = p_id
  returning event_id into v_event_id;
  if v_event_id is null then
    raise exception 'Webhook event % not found.', p_id using errcode = 'LR404';
  end if;
  -- add_job's 'replace' mode resets a queued or retrying job in place, but only takes the key off a
  -- permanently failed one and adds a second job beside it. Remove that failure first so a replay
  -- replaces it too. A job a worker is running now is left to finish; add_job stops it retrying.
  perform graphile_worker.complete_jobs(array(
    select id from graphile_worker.jobs
     where key = v_job_key and attempts >= max_attempts and locked_at is null));
  perform private.enqueue_job('process_square_webhook', jsonb_build_object('webhook_event_id', p_id),
    p_job_key => v_job_key, p_max_attempts => 10, p_request_id => p_request_id);
  return v_event_id;
end
$$;

--
-- Name: request_catalog_sync(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.request_catalog_sync(p_mode text, p_trigger text) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  if p_mode not in ('full', 'incremental') then
    raise exception 'Choose a full or an incremental sync.' using errcode = 'LR422', column = 'mode';
  end if;
  if p_trigger not in ('cron', 'webhook', 'admin') then
    raise exception 'Unknown sync trigger %.', p_trigger using errcode = 'LR422', column = 'trigger';
  end if;
  perform private.enqueue_job('sync_catalog', jsonb_build_object('mode', p_mode, 'trigger', p_trigger),
    p_job_key => 'sync_catalog:' || p_mode, p_max_attempts => 5, p_queue_name => 'catalog_sync');
end
$$;

--
-- Name: request_customer_sign_in(text, text, bytea, text, bytea); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.request_customer_sign_in(p_email text, p_code text, p_code_hash bytea, p_link_token text, p_link_hash bytea) RETURNS void
    LANGUAGE plpgsql
    AS $_$
declare
  v_email text := lower(btrim(coalesce(p_email, '')));
  v_code_id bigint;
  v_email_id bigint;
begin
  if v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or char_length(v_email) > 254 then
    raise exception 'Enter an email address like name@example.com.' using errcode = 'LR422', column = 'email';
  end if;
  update customer_sign_in_codes set expires_at = now()
   where email = v_email and used_at is null and expires_at > now();
  insert into customer_sign_in_codes (email, code_hash, link_hash, expires_at)
  values (v_email, p_code_hash, p_link_hash, now() + interval '10 minutes')
  returning id into v_code_id;
  insert into email_outbox (template, to_address, sign_in_code_id)
  values ('customer_sign_in', v_email, v_code_id)
  returning id into v_email_id;
  perform private.enqueue_job('send_email', jsonb_build_object('email_id', v_email_id, 'code', p_code, 'token', p_link_token),
                              p_job_key => 'send_email:' || v_email_id);
end
$_$;

--
-- Name: request_refund(bigint, bigint, text, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.request_refund(p_order_id bigint, p_amount_cents bigint, p_reason text, p_admin_user_id bigint) RETURNS public.refunds
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
  captured payments;
  available bigint;
  refund refunds;
begin
  o := private.lock_order(p_order_id);
  select * into captured from payments where order_id = o.id and status = 'COMPLETED';
  if not found then
    raise exception 'Order #% has no captured payment to refund.', o.number using errcode = 'LR409';
  end if;
  if p_reason is null or length(trim(p_reason)) not between 1 and 192 then
    raise exception 'Give a reason (up to 192 characters); the customer sees it.' using errcode = 'LR422', column = 'reason';
  end if;
  available := refundable_cents(o.id);
  if p_amount_cents is null or p_amount_cents <= 0 then
    raise exception 'Enter an amount greater than zero.' using errcode = 'LR422', column = 'amount';
  end if;
  if p_amount_cents > available then
    raise exception 'At most % can be refunded on this order.', to_char(available / 100.0, 'FM999999990.00')
      using errcode = 'LR422', column = 'amount';
  end if;
  insert into refunds (order_id, payment_id, amount_cents, currency, reason, requested_by)
  values (o.id, captured.id, p_amount_cents, o.currency, trim(p_reason), p_admin_user_id)
  returning * into refund;
  insert into order_events (order_id, type, message, detail)
  values (o.id, 'refund_requested', 'Refund of ' || to_char(p_amount_cents / 100.0, 'FM999999990.00') || ' requested: ' || trim(p_reason),
          jsonb_build_object('refund_id', refund.id, 'amount_cents', p_amount_cents));
  perform private.enqueue_job('refund_payment', jsonb_build_object('refund_id', refund.id),
    p_job_key => 'refund_payment:' || refund.id, p_max_attempts => 10);
  return refund;
end
$$;

--
-- Name: rescue_crashed_jobs(integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rescue_crashed_jobs(p_dead_after_seconds integer DEFAULT 60) RETURNS TABLE(worker_id text, process text, last_seen_at timestamp with time zone, jobs integer)
    LANGUAGE plpgsql
    AS $$
#variable_conflict use_column
declare
  dead record;
  dead_ids text[] := '{}';
begin
  if p_dead_after_seconds is null or p_dead_after_seconds < 1 then
    raise exception 'A worker is dead after at least 1 second of silence.' using errcode = 'LR422', column = 'dead_after_seconds';
  end if;
  -- One rescuer at a time (every worker runs this cron); the second waits and finds nothing left.
  perform pg_advisory_xact_lock(hashtext('larder.rescue_crashed_jobs'));
  for dead in
    select h.worker_id as id, h.process as process, h.seen_at as seen_at,
           (select count(*)::int from graphile_worker._private_jobs j where j.locked_by = h.worker_id) as jobs
      from worker_heartbeats h
     where h.seen_at < now() - make_interval(secs => p_dead_after_seconds)
    union all
    select j.locked_by, null, null, count(*)::int
      from graphile_worker._private_jobs j
     where j.locked_by is not null
       and j.locked_at < now() - make_interval(secs => p_dead_after_seconds)
       and not exists (select 1 from worker_heartbeats h where h.worker_id = j.locked_by)
     group by j.locked_by
  loop
    dead_ids := dead_ids || dead.id;
    worker_id := dead.id;
    process := dead.process;
    last_seen_at := dead.seen_at;
    jobs := dead.jobs;
    return next;
  end loop;
  if cardinality(dead_ids) > 0 then
    perform graphile_worker.force_unlock_workers(dead_ids);
    delete from worker_heartbeats h where h.worker_id = any (dead_ids);
  end if;
end
$$;

--
-- Name: reset_staff_member(bigint, text, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reset_staff_member(p_admin_user_id bigint, p_token text, p_by bigint, p_request_id text, p_ip inet) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
declare
  member admin_users;
  invite_id bigint;
begin
  perform private.acting_owner(p_by);
  -- Nobody locks themselves out by a slip of the finger.
  if p_admin_user_id = p_by then
    raise exception 'You cannot reset your own account: change your password or two-factor on Your account.' using errcode = 'LR409';
  end if;
  select * into member from admin_users where id = p_admin_user_id for update;
  if member.id is null then
    raise exception 'There is no such member of staff.' using errcode = 'LR404';
  end if;
  if member.deactivated_at is not null then
    raise exception 'That member is deactivated.' using errcode = 'LR409';
  end if;
  update admin_users
     -- Not a scrypt hash: no password matches it until the member sets one from the link.
     set password_hash = 'reset', totp_secret = null, totp_pending_secret = null, totp_enabled_at = null,
         totp_last_step = null
   where id = member.id;
  delete from admin_recovery_codes where admin_user_id = member.id;
  delete from sessions where admin_user_id = member.id;
  update staff_invites set expires_at = now()
   where admin_user_id = member.id and kind = 'reset' and accepted_at is null and expires_at > now();
  insert into staff_invites (kind, email, admin_user_id, token_hash, invited_by, expires_at)
  values ('reset', member.email, member.id, private.staff_token_hash(p_token), p_by, now() + interval '72 hours')
  returning id into invite_id;
  perform private.queue_staff_email(invite_id, p_token);
  perform private.audit_staff_change(p_by, 'staff.reset', member.id, null, null, p_request_id, p_ip);
  return invite_id;
end
$$;

--
-- Name: resume_ordering(bigint, text[], timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.resume_ordering(p_location_id bigint, p_kinds text[], p_paused_until timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS text[]
    LANGUAGE plpgsql
    AS $$
declare
  before locations;
  resumed text[] := '{}';
begin
  if p_kinds is null or not (p_kinds <@ array['pickup', 'delivery']) then
    raise exception 'Choose pickup, delivery or both.' using errcode = 'LR422', column = 'kinds';
  end if;
  select * into before from locations where id = p_location_id for no key update;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  if 'pickup' = any (p_kinds) and before.pickup_paused_until is not null
     and (p_paused_until is null or before.pickup_paused_until = p_paused_until) then
    resumed := array_append(resumed, 'pickup');
  end if;
  if 'delivery' = any (p_kinds) and before.delivery_paused_until is not null
     and (p_paused_until is null or before.delivery_paused_until = p_paused_until) then
    resumed := array_append(resumed, 'delivery');
  end if;
  update locations
     set pickup_paused_until = case when 'pickup' = any (resumed) then null else pickup_paused_until end,
         delivery_paused_until = case when 'delivery' = any (resumed) then null else delivery_paused_until end
   where id = p_location_id;
  if p_paused_until is not null and cardinality(resumed) > 0 then
    insert into audit_log (actor, action, subject_type, subject_id, before, after, request_id)
    values ('worker', 'location.resume_ordering', 'location', p_location_id::text,
            jsonb_build_object('pickup_paused_until', before.pickup_paused_until, 'delivery_paused_until', before.delivery_paused_until),
            jsonb_build_object('resumed', to_jsonb(resumed)), nullif(current_setting('larder.request_id', true), ''));
  end if;
  return resumed;
end
$$;

--
-- Name: retention_settings(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.retention_settings() RETURNS TABLE(key text, days integer, default_days integer, is_default boolean)
    LANGUAGE sql STABLE
    AS $$
  select k.key, private.retention_days(k.key), k.default_days, not exists (select 1 from settings s where s.key = k.key)
    from (values ('retention.webhook_payload_days', 30, 1), ('retention.outbox_body_days', 90, 2), ('retention.abandoned_cart_days', 30, 3))
         k (key, default_days, position)
   order by k.position
$$;

--
-- Name: revise_unpaid_order(bigint, uuid, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.revise_unpaid_order(p_order_id bigint, p_cart_id uuid, p_admin_user_id bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
  zone delivery_zones;
  promo promo_codes;
  priced record;
  line record;
  v_gross bigint[];
  v_subtotal bigint;
  v_held jsonb;
begin
  if not exists (select 1 from admin_users where id = p_admin_user_id) then
    raise exception 'Sign in to change an order.' using errcode = 'LR422';
  end if;
  o := private.lock_order(p_order_id);
  perform private.check_order_revisable(o);
  perform private.lock_open_cart(p_cart_id);
  if not exists (select 1 from cart_items where cart_id = p_cart_id) then
    raise exception 'An order needs at least one item: cancel it instead.' using errcode = 'LR422';
  end if;
  if o.fulfillment = 'shipping' then
    select cl.product_name into line from cart_lines cl where cl.cart_id = p_cart_id and not cl.shippable limit 1;
    if found then
      raise exception '% cannot be shipped.', line.product_name using errcode = 'LR422';
    end if;
  end if;

  select array_agg(cl.line_total_cents order by cl.line_id), sum(cl.line_total_cents)
    into v_gross, v_subtotal
    from cart_lines cl where cl.cart_id = p_cart_id;
  select * into zone from delivery_zones where id = o.delivery_zone_id;
  if zone.id is not null and v_subtotal < zone.minimum_cents then
    raise exception 'Delivery to % needs an order of at least % before fees (this one is %).', zone.name,
      private.format_money(zone.minimum_cents, o.currency), private.format_money(v_subtotal, o.currency)
      using errcode = 'LR422';
  end if;
  select * into promo from promo_codes where id = o.promo_code_id;
  if promo.id is not null and v_subtotal < promo.minimum_subtotal_cents then
    raise exception 'Promo code % needs an order of at least % (this one is %).', promo.code,
      private.format_money(promo.minimum_subtotal_cents, o.currency), private.format_money(v_subtotal, o.currency)
      using errcode = 'LR422';
  end if;
  select * into priced
    from price_order(v_gross, promo.kind, coalesce(promo.percent_bps::bigint, promo.amount_cents),
                     o.tax_rate_bps, o.tax_inclusive,
                     case when o.fulfillment = 'delivery' then o.delivery_fee_cents end,
                     case when o.fulfillment = 'shipping' then o.shipping_cents end,
                     null, nullif(o.tip_cents, 0));

  v_held := private.order_item_counts(o.id);
  perform private.release_order_stock(o);
  delete from order_items where order_id = o.id;
  perform private.take_cart_stock(p_cart_id, o.location_id, o.currency);
  perform private.write_order_items(o.id, p_cart_id, priced.line_discount_cents, priced.line_tax_cents);
  -- Old to new in one step: only the difference moves, in the limits' lock order.
  perform private.shift_daily_limits(o, v_held, private.order_item_counts(o.id));
  update orders
     set subtotal_cents = priced.subtotal_cents, discount_cents = priced.discount_cents, tax_cents = priced.tax_cents,
         delivery_fee_cents = priced.delivery_fee_cents, shipping_cents = priced.shipping_cents,
         tip_cents = priced.tip_cents, total_cents = priced.total_cents,
         revision = revision + 1, square_order_id = null, updated_at = now()
   where id = o.id;
  update payment_attempts
     set status = 'failed', error_code = 'ORDER_CHANGED', error_message = 'The order was changed after this attempt.', updated_at = now()
   where order_id = o.id and status in ('created', 'pending', 'unknown');
  update carts set checked_out_at = now(), updated_at = now() where id = p_cart_id;
  insert into order_events (order_id, type, message, detail, admin_user_id)
  values (o.id, 'items_changed',
          'Items changed: the total was ' || private.format_money(o.total_cents, o.currency) || ', now '
            || private.format_money(priced.total_cents, o.currency) || '.',
          jsonb_build_object('total_before', o.total_cents, 'total_after', priced.total_cents, 'revision', o.revision + 1),
          p_admin_user_id);
end
$$;

--
-- Name: rollup_recent_sales(integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rollup_recent_sales(p_days_back integer, p_days_ahead integer) RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
  loc record;
  written integer := 0;
  today date;
begin
  for loc in select id, timezone from locations order by id loop
    today := (now() at time zone loc.timezone)::date;
    written := written + rollup_sales(loc.id, today - p_days_back, today + p_days_ahead);
  end loop;
  insert into metric_rollups (name, last_run_at, days_rolled_up, from_day)
  values ('sales', now(), written, (now() at time zone 'UTC')::date - p_days_back)
  on conflict (name) do update
    set last_run_at = excluded.last_run_at, days_rolled_up = excluded.days_rolled_up, from_day = excluded.from_day;
  return written;
end
$$;

--
-- Name: rollup_sales(bigint, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rollup_sales(p_location_id bigint, p_from date, p_to date) RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
  written integer;
  touched bigint[];
  old_visits text[];
  changed bigint[];
  rebuilding boolean := coalesce(current_setting('larder.rebuilding_rollups', true), '') = 'on';
begin
  perform pg_advisory_xact_lock(hashtext('rollup_sales'), p_location_id::integer);
  delete from sales_days where location_id = p_location_id and day between p_from and p_to;
  delete from sales_hours where location_id = p_location_id and day between p_from and p_to;
  delete from product_sales_days where location_id = p_location_id and day between p_from and p_to;
  with gone as (delete from customer_sales_days where location_id = p_location_id and day between p_from and p_to
                returning customer_id, basis, day, orders, net_cents)
  select coalesce(array_agg(distinct customer_id), '{}'), coalesce(array_agg(concat_ws(' ', customer_id, basis, day, orders, net_cents)) filter (where not rebuilding), '{}')
    into touched, old_visits from gone;
  delete from operations_days where location_id = p_location_id and day between p_from and p_to;
  delete from modifier_sales_days where location_id = p_location_id and day between p_from and p_to;
  delete from payment_attempt_days where location_id = p_location_id and day between p_from and p_to;

  insert into sales_days (location_id, basis, day, fulfillment, source, currency, orders, items_sold, gross_cents,
                          discount_cents, refund_cents, net_cents, tax_cents, tip_cents, delivery_fee_cents,
                          shipping_cents, total_cents)
  select p_location_id, s.basis, s.day, o.fulfillment, o.source, min(o.currency), count(*),
         coalesce(sum(items.units), 0), sum(o.subtotal_cents), sum(o.discount_cents), coalesce(sum(r.refunded), 0),
         sum(o.subtotal_cents - o.discount_cents - coalesce(r.refunded, 0)), sum(o.tax_cents), sum(o.tip_cents),
         sum(o.delivery_fee_cents), sum(o.shipping_cents), sum(o.total_cents)
    from private.sales_orders(p_location_id, p_from, p_to) s
    join orders o on o.id = s.order_id
    left join lateral (select sum(i.quantity) as units from order_items i where i.order_id = o.id) items on true
    left join lateral (select sum(f.amount_cents) as refunded from refunds f
                        where f.order_id = o.id and f.status = 'completed') r on true
   group by s.basis, s.day, o.fulfillment, o.source;
  get diagnostics written = row_count;

  insert into sales_hours (location_id, basis, day, hour, orders, net_cents)
  select p_location_id, s.basis, s.day,
         extract(hour from (case s.basis when 'ordered' then o.created_at else coalesce(o.pickup_at, o.delivery_at) end)
                           at time zone l.timezone)::integer,
         count(*), sum(o.subtotal_cents - o.discount_cents - coalesce(r.refunded, 0))
    from private.sales_orders(p_location_id, p_from, p_to) s
    join orders o on o.id = s.order_id
    join locations l on l.id = o.location_id
    left join lateral (select sum(f.amount_cents) as refunded from refunds f
                        where f.order_id = o.id and f.status = 'completed') r on true
   where s.basis = 'ordered' or o.fulfillment <> 'shipping'
   group by 1, 2, 3, 4;

  insert into product_sales_days (location_id, basis, day, item_key, variant_id, product_id, product_name, variant_name,
                                  units, revenue_cents)
  select p_location_id, s.basis, s.day, coalesce('v' || i.variant_id, 'n:' || i.product_name || ' / ' || i.variant_name),
         i.variant_id, v.product_id, max(i.product_name), max(i.variant_name), sum(i.quantity),
         sum(i.line_total_cents - i.discount_cents)
    from private.sales_orders(p_location_id, p_from, p_to) s
    join order_items i on i.order_id = s.order_id
    left join variants v on v.id = i.variant_id
   group by s.basis, s.day, i.variant_id, v.product_id,
            coalesce('v' || i.variant_id, 'n:' || i.product_name || ' / ' || i.variant_name);

  insert into customer_sales_days (location_id, basis, day, customer_id, orders, net_cents)
  select p_location_id, s.basis, s.day, o.customer_id, count(*),
         sum(o.subtotal_cents - o.discount_cents - coalesce(r.refunded, 0))
    from private.sales_orders(p_location_id, p_from, p_to) s
    join orders o on o.id = s.order_id
    left join lateral (select sum(f.amount_cents) as refunded from refunds f
                        where f.order_id = o.id and f.status = 'completed') r on true
   where o.customer_id is not null
   group by s.basis, s.day, o.customer_id;

  -- The first day of every customer whose days changed, across locations: rollups of other
  -- locations take turns here, each reading what the one before committed.
  perform pg_advisory_xact_lock(hashtext('customer_first_days'), 0);
  touched := touched || array(select distinct customer_id from customer_sales_days
                               where location_id = p_location_id and day between p_from and p_to);
  delete from customer_first_days f where f.customer_id = any(touched)
     and not exists (select 1 from customer_sales_days c where c.customer_id = f.customer_id and c.basis = f.basis);
  insert into customer_first_days (customer_id, basis, first_day)
  select customer_id, basis, min(day) from customer_sales_days where customer_id = any(touched) group by 1, 2
  on conflict (customer_id, basis) do update set first_day = excluded.first_day
   where customer_first_days.first_day is distinct from excluded.first_day;
  -- Their visits' gaps (the customer counts of a range) and months (top customers), for the
  -- customers whose days here differ from before: a re-sum that finds the same rows (the sweep,
  -- mostly) moves nothing.
  -- (rebuild_sales_rollups recomputes every customer's afterwards, once: it says so in
  -- larder.rebuilding_rollups.)
  if not rebuilding then
    select coalesce(array_agg(distinct split_part(k, ' ', 1)::bigint), '{}') into changed
      from ((select unnest(old_visits) except select concat_ws(' ', customer_id, basis, day, orders, net_cents) from customer_sales_days
                                               where location_id = p_location_id and day between p_from and p_to)
            union
            (select concat_ws(' ', customer_id, basis, day, orders, net_cents) from customer_sales_days
              where location_id = p_location_id and day between p_from and p_to except select unnest(old_visits))) d (k);
    perform private.refresh_customer_visits(array[p_location_id, 0], changed);
  end if;

  insert into operations_days (location_id, basis, day, lead_days, orders, pickups, no_shows, refunded_orders)
  select p_location_id, s.basis, s.day,
         coalesce(o.ship_on, (coalesce(o.pickup_at, o.delivery_at) at time zone l.timezone)::date)
           - (o.created_at at time zone l.timezone)::date,
         count(*), count(*) filter (where o.fulfillment = 'pickup'),
         count(*) filter (where o.no_show_at is not null),
         count(*) filter (where exists (select 1 from refunds f where f.order_id = o.id and f.status = 'completed'))
    from private.sales_orders(p_location_id, p_from, p_to) s
    join orders o on o.id = s.order_id
    join locations l on l.id = o.location_id
   group by 1, 2, 3, 4;

  insert into modifier_sales_days (location_id, basis, day, modifier_key, modifier_id, list_name, name, times, revenue_cents)
  select p_location_id, s.basis, s.day, coalesce('m' || m.modifier_id, 'n:' || m.modifier_list_name || ' / ' || m.name),
         m.modifier_id, max(m.modifier_list_name), max(m.name), sum(i.quantity), sum(m.price_cents * i.quantity)
    from private.sales_orders(p_location_id, p_from, p_to) s
    join order_items i on i.order_id = s.order_id
    join order_item_modifiers m on m.order_item_id = i.id
   group by s.basis, s.day, m.modifier_id, coalesce('m' || m.modifier_id, 'n:' || m.modifier_list_name || ' / ' || m.name);

  insert into payment_attempt_days (location_id, day, outcome, attempts, amount_cents)
  select p_location_id, (a.created_at at time zone l.timezone)::date, private.payment_outcome(a.status, a.error_code),
         count(*), sum(a.amount_cents)
    from locations l
    join orders o on o.location_id = l.id
    join payment_attempts a on a.order_id = o.id
   where l.id = p_location_id
     and a.created_at >= p_from::timestamp at time zone l.timezone
     and a.created_at < (p_to + 1)::timestamp at time zone l.timezone
     and private.payment_outcome(a.status, a.error_code) is not null
   group by 2, 3;
  return written;
end
$$;

--
-- Name: security_settings(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.security_settings() RETURNS TABLE(key text, value jsonb, default_value jsonb)
    LANGUAGE sql STABLE
    AS $$
  select d.key, coalesce(s.value, d.value), d.value
    from (values
      ('limits.sign_in_per_account', '{"limit": 10, "minutes": 15}'::jsonb, 1),
      ('limits.sign_in_per_ip', '{"limit": 20, "minutes": 15}'::jsonb, 2),
      ('limits.place_order_per_ip', '{"limit": 20, "minutes": 60}'::jsonb, 3),
      ('limits.place_order_per_email', '{"limit": 10, "minutes": 60}'::jsonb, 4),
      ('limits.payment_per_ip', '{"limit": 20, "minutes": 60}'::jsonb, 5),
      ('limits.payment_per_email', '{"limit": 10, "minutes": 60}'::jsonb, 6),
      ('limits.promo_code_per_cart', '{"limit": 10, "minutes": 15}'::jsonb, 7),
      ('limits.promo_code_per_ip', '{"limit": 30, "minutes": 15}'::jsonb, 8),
      ('limits.post_per_ip', '{"limit": 300, "minutes": 5}'::jsonb, 9),
      ('limits.account_code_email_per_email', '{"limit": 5, "minutes": 15}'::jsonb, 10),
      ('limits.account_code_email_per_ip', '{"limit": 20, "minutes": 15}'::jsonb, 11),
      ('limits.account_code_wrong_per_email', '{"limit": 10, "minutes": 15}'::jsonb, 12),
      ('limits.account_code_wrong_per_ip', '{"limit": 20, "minutes": 15}'::jsonb, 13),
      ('holds.unpaid_orders', '2'::jsonb, 14),
      ('holds.card_minutes', '15'::jsonb, 15),
      ('holds.payment_link_minutes', '30'::jsonb, 16)
    ) as d (key, value, position)
    left join settings s on s.key = d.key
   order by d.position;
$$;

--
-- Name: send_card_attempt(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.send_card_attempt(p_attempt_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
declare
  first_send boolean;
begin
  update payment_attempts
     set sent_at = coalesce(sent_at, now()), updated_at = now()
   where id = p_attempt_id and method = 'card'
  returning sent_at = now() into first_send;
  if not found then
    raise exception 'Card payment attempt % not found.', p_attempt_id using errcode = 'LR404';
  end if;
  return first_send;
end
$$;

--
-- Name: send_payment_link(bigint, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.send_payment_link(p_order_id bigint, p_admin_user_id bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: set_alert_settings(text, text, text, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_alert_settings(p_quiet_from text, p_quiet_until text, p_sms_to text, p_admin_user_id bigint, p_request_id text, p_ip inet) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  previous jsonb;
  next_value jsonb;
  actor_email text;
begin
  select email into actor_email from admin_users where id = p_admin_user_id and role = 'owner';
  if actor_email is null then
    raise exception 'Only an owner can change the alert settings.' using errcode = 'LR409';
  end if;
  if (nullif(p_quiet_from, '') is null) <> (nullif(p_quiet_until, '') is null) then
    raise exception 'Give both times of the quiet hours, or neither.' using errcode = 'LR422',
      column = case when nullif(p_quiet_from, '') is null then 'quiet_from' else 'quiet_until' end;
  end if;
  if nullif(p_quiet_from, '') is not null and p_quiet_from = p_quiet_until then
    raise exception 'Quiet hours must end at another time than they start.' using errcode = 'LR422', column = 'quiet_until';
  end if;
  next_value := jsonb_strip_nulls(jsonb_build_object(
    'quiet_from', nullif(p_quiet_from, ''), 'quiet_until', nullif(p_quiet_until, ''), 'sms_to', nullif(p_sms_to, '')));
  select value into previous from settings where key = 'alerts' for update;
  insert into settings (key, value) values ('alerts', next_value)
  on conflict (key) do update set value = excluded.value, updated_at = now();
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, 'alerts.update', 'setting', 'alerts', previous, next_value, p_request_id, p_ip);
end
$$;

--
-- Name: set_busy(bigint, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_busy(p_location_id bigint, p_extra_minutes integer, p_minutes integer) RETURNS timestamp with time zone
    LANGUAGE plpgsql
    AS $$
declare
  v_until timestamptz;
begin
  if p_extra_minutes is null or p_extra_minutes not in (0, 10, 20, 30) then
    raise exception 'Add 10, 20 or 30 minutes.' using errcode = 'LR422', column = 'extraMinutes';
  end if;
  if p_extra_minutes > 0 and (p_minutes is null or p_minutes not in (30, 60, 120)) then
    raise exception 'Stay busy for 30, 60 or 120 minutes.' using errcode = 'LR422', column = 'minutes';
  end if;
  v_until := case when p_extra_minutes > 0 then now() + make_interval(mins => p_minutes) end;
  update locations set busy_extra_minutes = p_extra_minutes, busy_until = v_until where id = p_location_id;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  return v_until;
end
$$;

--
-- Name: set_catalog_source(text, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_catalog_source(p_source text, p_admin_user_id bigint, p_request_id text, p_ip inet) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
declare
  previous jsonb;
  actor_email text;
begin
  if p_source is null or p_source not in ('square', 'local') then
    raise exception 'Choose Square or Larder as the menu''s source.' using errcode = 'LR422', column = 'source';
  end if;
  select email into actor_email from admin_users where id = p_admin_user_id and role = 'owner';
  if actor_email is null then
    raise exception 'Only an owner can change where the menu comes from.' using errcode = 'LR409';
  end if;
  select value into previous from settings where key = 'catalog.source' for update;
  if previous = to_jsonb(p_source) or (previous is null and p_source = 'local') then
    return false;
  end if;
  insert into settings (key, value) values ('catalog.source', to_jsonb(p_source))
  on conflict (key) do update set value = excluded.value, updated_at = now();
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, 'catalog.source', 'setting', 'catalog.source', previous, to_jsonb(p_source),
          p_request_id, p_ip);
  if p_source = 'square' then
    perform request_catalog_sync('full', 'admin');
  end if;
  return true;
end
$$;

--
-- Name: set_daily_limit(bigint, bigint, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_daily_limit(p_product_id bigint, p_variant_id bigint, p_per_day integer, p_per_slot integer) RETURNS TABLE(before jsonb, after jsonb)
    LANGUAGE plpgsql
    AS $$
declare
  v_limit daily_limits;
  v_before jsonb;
  v_over record;
begin
  if num_nonnulls(p_product_id, p_variant_id) <> 1 then
    raise exception 'Choose a product or one of its variations.' using errcode = 'LR422';
  end if;
  if p_product_id is not null and not exists (select 1 from products where id = p_product_id) then
    raise exception 'That product does not exist (any more).' using errcode = 'LR404';
  end if;
  if p_variant_id is not null and not exists (select 1 from variants where id = p_variant_id) then
    raise exception 'That variation does not exist (any more).' using errcode = 'LR404';
  end if;
  if p_per_day not between 0 and 1000000 then
    raise exception 'Enter a whole number of zero or more, or leave it empty for no limit.' using errcode = 'LR422', column = 'perDay';
  end if;
  if p_per_slot not between 0 and 1000000 then
    raise exception 'Enter a whole number of zero or more, or leave it empty for no limit.' using errcode = 'LR422', column = 'perSlot';
  end if;

  -- Orders write their items before they take a limit's share lock: waiting here for those in
  -- flight (and holding new ones back until this commits, a few milliseconds) makes the recount
  -- below exact even for a limit that did not exist when they started. Taken before the limit's
  -- row, the same order as place_order's, so the two never deadlock.
  lock table order_items in share mode;
  select * into v_limit from daily_limits dl
   where dl.product_id = p_product_id or dl.variant_id = p_variant_id
     for update;
  v_before := case when v_limit.id is not null
                   then jsonb_build_object('per_day', v_limit.per_day, 'per_slot', v_limit.per_slot) end;

  if p_per_day is null and p_per_slot is null then
    delete from daily_limits where id = v_limit.id;
    return query select v_before, null::jsonb;
    return;
  end if;
  if v_limit.id is null then
    insert into daily_limits (product_id, variant_id, per_day, per_slot)
    values (p_product_id, p_variant_id, p_per_day, p_per_slot)
    returning * into v_limit;
  else
    update daily_limits set per_day = p_per_day, per_slot = p_per_slot, updated_at = now()
     where id = v_limit.id returning * into v_limit;
  end if;

  select s.day, s.sold into v_over from private.daily_limit_sold(v_limit.id) s
   where s.slot_at is null and s.sold > p_per_day order by s.sold desc, s.day limit 1;
  if found then
    raise exception 'Already % sold for %: the limit cannot be below %.', v_over.sold, to_char(v_over.day, 'FMDay, Mon FMDD'), v_over.sold
      using errcode = 'LR409', column = 'perDay';
  end if;
  select s.day, s.slot_at, s.sold, l.timezone into v_over
    from private.daily_limit_sold(v_limit.id) s join locations l on l.id = s.location_id
   where s.slot_at is not null and s.sold > p_per_slot order by s.sold desc, s.slot_at limit 1;
  if found then
    raise exception 'Already % sold for % on %: the limit per time cannot be below %.', v_over.sold,
      to_char(v_over.slot_at at time zone v_over.timezone, 'FMHH12:MI am'), to_char(v_over.day, 'FMDay, Mon FMDD'), v_over.sold
      using errcode = 'LR409', column = 'perSlot';
  end if;

  delete from daily_limit_uses u using locations l
   where u.limit_id = v_limit.id and l.id = u.location_id and u.day >= (now() at time zone l.timezone)::date;
  insert into daily_limit_uses (limit_id, location_id, day, slot_at, used, capacity)
  select v_limit.id, s.location_id, s.day, s.slot_at, s.sold, case when s.slot_at is null then p_per_day else p_per_slot end
    from private.daily_limit_sold(v_limit.id) s
   where case when s.slot_at is null then p_per_day else p_per_slot end is not null;

  return query select v_before, jsonb_build_object('per_day', v_limit.per_day, 'per_slot', v_limit.per_slot);
end
$$;

--
-- Name: set_delivery_zone_postal_codes(bigint, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_delivery_zone_postal_codes(p_zone_id bigint, p_postal_codes text[]) RETURNS text[]
    LANGUAGE plpgsql
    AS $_$
declare
  zone_location_id bigint;
  clashes text;
  bad text;
  v_codes text[];
begin
  select array_agg(code order by first_at) into v_codes
    from (select private.normalize_postal_code(entry) as code, min(at) as first_at
            from unnest(p_postal_codes) with ordinality as typed(entry, at)
           where private.normalize_postal_code(entry) is not null
           group by 1) normalised;
  if v_codes is null then
    raise exception 'List at least one postal code.' using errcode = 'LR422', column = 'postalCodes';
  end if;
  if cardinality(v_codes) > 500 then
    raise exception 'List at most 500 postal codes in one zone.' using errcode = 'LR422', column = 'postalCodes';
  end if;
  select code into bad from unnest(v_codes) code where code !~ '^[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]$' limit 1;
  if bad is not null then
    raise exception '"%" is not a postal code (3 to 10 letters, digits, spaces or dashes).', bad
      using errcode = 'LR422', column = 'postalCodes';
  end if;

  select location_id into zone_location_id from delivery_zones where id = p_zone_id;
  if not found then
    raise exception 'That delivery zone does not exist.' using errcode = 'LR404';
  end if;
  -- Zone edits of one location take turns, so two zones cannot take the same code at once.
  perform 1 from locations where id = zone_location_id for no key update;
  select string_agg(
           format('%s %s already in the zone "%s"',
                  case when cardinality(codes) = 1 then 'Postal code ' || codes[1]
                       else 'Postal codes ' || array_to_string(codes, ', ') end,
                  case when cardinality(codes) = 1 then 'is' else 'are' end,
                  zone_name),
           '; ' order by zone_name)
    into clashes
    from (select z.name as zone_name, array_agg(c.postal_code order by c.postal_code) as codes
            from delivery_zone_postal_codes c join delivery_zones z on z.id = c.zone_id
           where c.location_id = zone_location_id and c.zone_id <> p_zone_id
             and c.postal_code = any (v_codes)
           group by z.name) clash;
  if clashes is not null then
    raise exception '%.', clashes using errcode = 'LR409', column = 'postalCodes';
  end if;
  delete from delivery_zone_postal_codes where zone_id = p_zone_id and postal_code <> all (v_codes);
  insert into delivery_zone_postal_codes (zone_id, location_id, postal_code)
  select p_zone_id, zone_location_id, code from unnest(v_codes) code
  on conflict (location_id, postal_code) do nothing;
  return v_codes;
end
$_$;

--
-- Name: set_maintenance_mode(boolean, text, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_maintenance_mode(p_enabled boolean, p_message text, p_admin_user_id bigint, p_request_id text, p_ip inet) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  previous jsonb;
  next_value jsonb := jsonb_build_object('enabled', p_enabled, 'message', coalesce(nullif(trim(p_message), ''), null));
  actor_email text;
begin
  select email into actor_email from admin_users where id = p_admin_user_id;
  if actor_email is null then
    raise exception 'Only a signed-in admin can change maintenance mode.' using errcode = 'LR409';
  end if;
  select value into previous from settings where key = 'shop.maintenance' for update;
  insert into settings (key, value) values ('shop.maintenance', next_value)
  on conflict (key) do update set value = excluded.value, updated_at = now();
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, case when p_enabled then 'maintenance.enable' else 'maintenance.disable' end,
          'setting', 'shop.maintenance', previous, next_value, p_request_id, p_ip);
end
$$;

--
-- Name: set_order_tracking(bigint, text, text, bigint, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_order_tracking(p_order_id bigint, p_carrier text, p_tracking_number text, p_admin_user_id bigint, p_email_customer boolean DEFAULT true) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: set_retention_days(integer, integer, integer, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_retention_days(p_webhook_payload_days integer, p_outbox_body_days integer, p_abandoned_cart_days integer, p_admin_user_id bigint, p_request_id text, p_ip inet) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  actor_email text := private.privacy_actor(p_admin_user_id);
  previous jsonb;
  next_value jsonb;
begin
  if p_webhook_payload_days is null or p_webhook_payload_days not between 1 and 3650 then
    raise exception 'Keep webhook payloads between 1 and 3650 days.' using errcode = 'LR422', column = 'webhookPayloadDays';
  end if;
  if p_outbox_body_days is null or p_outbox_body_days not between 1 and 3650 then
    raise exception 'Keep email and text bodies between 1 and 3650 days.' using errcode = 'LR422', column = 'outboxBodyDays';
  end if;
  if p_abandoned_cart_days is null or p_abandoned_cart_days not between 1 and 3650 then
    raise exception 'Keep abandoned carts between 1 and 3650 days.' using errcode = 'LR422', column = 'abandonedCartDays';
  end if;
  perform 1 from settings where key ~ '^retention\.' for update;
  select jsonb_object_agg(r.key, r.days) into previous from retention_settings() r;
  next_value := jsonb_build_object('retention.webhook_payload_days', p_webhook_payload_days,
                                   'retention.outbox_body_days', p_outbox_body_days,
                                   'retention.abandoned_cart_days', p_abandoned_cart_days);
  insert into settings (key, value)
  select n.key, n.value from jsonb_each(next_value) n
  on conflict (key) do update set value = excluded.value, updated_at = now();
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, 'privacy.retention', 'setting', 'retention', previous, next_value, p_request_id, p_ip);
end
$$;

--
-- Name: set_security_settings(jsonb, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_security_settings(p_values jsonb, p_admin_user_id bigint, p_request_id text, p_ip inet) RETURNS integer
    LANGUAGE plpgsql
    AS $_$
declare
  actor_email text;
  item record;
  current_row record;
  field text;
  changed integer := 0;
begin
  select email into actor_email from admin_users where id = p_admin_user_id and role = 'owner';
  if actor_email is null then
    raise exception 'Only an owner can change rate limits and holds.' using errcode = 'LR409';
  end if;
  if p_values is null or jsonb_typeof(p_values) <> 'object' then
    raise exception 'Send the settings to change.' using errcode = 'LR422';
  end if;
  for item in select j.key, j.value from jsonb_each(p_values) j order by j.key loop
    select * into current_row from security_settings() s where s.key = item.key;
    if not found then
      raise exception 'There is no setting called %.', item.key using errcode = 'LR422';
    end if;
    field := replace(item.key, '.', '_');
    if item.key like 'limits.%' then
      if jsonb_typeof(item.value -> 'limit') is distinct from 'number' or (item.value ->> 'limit') !~ '^[0-9]{1,6}$'
         or (item.value ->> 'limit')::int < 1 then
        raise exception 'Enter a whole number of attempts from 1 to 999999.' using errcode = 'LR422', column = field || '_limit';
      end if;
      if jsonb_typeof(item.value -> 'minutes') is distinct from 'number' or (item.value ->> 'minutes') !~ '^[0-9]{1,4}$'
         or (item.value ->> 'minutes')::int not between 1 and 1440 then
        raise exception 'Enter a window of 1 to 1440 minutes.' using errcode = 'LR422', column = field || '_minutes';
      end if;
      item.value := jsonb_build_object('limit', (item.value ->> 'limit')::int, 'minutes', (item.value ->> 'minutes')::int);
      if item.key = 'limits.sign_in_per_account' and ((item.value ->> 'limit')::int > 10
         or (item.value ->> 'limit')::numeric / (item.value ->> 'minutes')::int > 10.0 / 15) then
        raise exception 'Sign-in may not be looser than 10 attempts per 15 minutes per account.' using errcode = 'LR422', column = field || '_limit';
      end if;
    else
      if jsonb_typeof(item.value) is distinct from 'number' or item.value::text !~ '^[0-9]{1,4}$' or item.value::text::int not between 1 and 1440 then
        raise exception 'Enter a whole number from 1 to 1440.' using errcode = 'LR422', column = field;
      end if;
    end if;
    perform 1 from settings s where s.key = item.key for update;
    if current_row.value = item.value then
      continue;
    end if;
    insert into settings (key, value) values (item.key, item.value)
    on conflict (key) do update set value = excluded.value, updated_at = now();
    insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
    values (p_admin_user_id, actor_email, 'security.setting', 'setting', item.key, current_row.value, item.value, p_request_id, p_ip);
    changed := changed + 1;
  end loop;
  return changed;
end
$_$;

--
-- Name: set_shop_branding(text, text, text, text, text, boolean, bigint, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_shop_branding(p_name text, p_hero_line text, p_description text, p_brand_color text, p_background_color text, p_keep_logo boolean, p_logo_image_id bigint, p_admin_user_id bigint, p_request_id text, p_ip inet) RETURNS void
    LANGUAGE plpgsql
    AS $_$
declare
  actor_email text;
  before_row jsonb;
  after_row jsonb;
  shop_name text := trim(coalesce(p_name, ''));
begin
  select email into actor_email from admin_users where id = p_admin_user_id and role = 'owner' and deactivated_at is null;
  if actor_email is null then
    raise exception 'Only an owner can change the shop''s look.' using errcode = 'LR409';
  end if;
  if shop_name = '' or char_length(shop_name) > 80 then
    raise exception 'Enter the shop''s name (at most 80 characters).' using errcode = 'LR422', column = 'name';
  end if;
  if p_brand_color !~ '^#[0-9a-f]{6}$' then
    raise exception 'Enter the brand colour as a hex colour such as #8a3b12.' using errcode = 'LR422', column = 'brandColor';
  end if;
  if p_background_color !~ '^#[0-9a-f]{6}$' then
    raise exception 'Enter the background colour as a hex colour such as #fdf3e7.' using errcode = 'LR422', column = 'backgroundColor';
  end if;
  if private.contrast_ratio(p_brand_color, '#ffffff') < 4.5 then
    raise exception 'White text on this brand colour is hard to read (contrast %:1, at least 4.5:1 is needed). Choose a darker colour.',
      round(private.contrast_ratio(p_brand_color, '#ffffff'), 1) using errcode = 'LR422', column = 'brandColor';
  end if;
  if private.contrast_ratio(p_brand_color, p_background_color) < 4.5 then
    raise exception 'Links in the brand colour are hard to read on this background (contrast %:1, at least 4.5:1 is needed). Choose a lighter background.',
      round(private.contrast_ratio(p_brand_color, p_background_color), 1) using errcode = 'LR422', column = 'backgroundColor';
  end if;
  if private.contrast_ratio('#1f1a14', p_background_color) < 7 then
    raise exception 'Text is hard to read on this background. Choose a lighter background colour.' using errcode = 'LR422', column = 'backgroundColor';
  end if;
  select to_jsonb(b) - 'updated_at' || jsonb_build_object('name', (select value #>> '{}' from settings where key = 'shop.name'))
    into before_row from shop_branding b for update;
  insert into settings (key, value) values ('shop.name', to_jsonb(shop_name))
  on conflict (key) do update set value = excluded.value, updated_at = now();
  -- The check constraints refuse a hero line or description too long (routes check the lengths first).
  update shop_branding
     set hero_line = trim(coalesce(p_hero_line, '')), description = trim(coalesce(p_description, '')),
         brand_color = p_brand_color, accent_color = p_background_color,
         logo_image_id = case when p_keep_logo then logo_image_id else p_logo_image_id end, updated_at = now();
  select to_jsonb(b) - 'updated_at' || jsonb_build_object('name', shop_name) into after_row from shop_branding b;
  if before_row is distinct from after_row then
    insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
    values (p_admin_user_id, actor_email, 'shop.branding', 'setting', 'shop.branding', before_row, after_row, p_request_id, p_ip);
  end if;
end
$_$;

--
-- Name: set_square_order_id(bigint, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_square_order_id(p_order_id bigint, p_square_order_id text) RETURNS text
    LANGUAGE plpgsql
    AS $$
declare
  current_id text;
begin
  update orders set square_order_id = p_square_order_id
   where id = p_order_id and square_order_id is null
  returning square_order_id into current_id;
  if current_id is null then
    select square_order_id into current_id from orders where id = p_order_id;
  end if;
  return current_id;
end
$$;

--
-- Name: set_staff_role(bigint, text, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_staff_role(p_admin_user_id bigint, p_role text, p_by bigint, p_request_id text, p_ip inet) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  before_json jsonb;
begin
  perform private.acting_owner(p_by);
  if p_role is null or p_role not in ('owner', 'staff') then
    raise exception 'Choose owner or staff.' using errcode = 'LR422', column = 'role';
  end if;
  before_json := private.staff_member_json(p_admin_user_id);
  if before_json is null then
    raise exception 'There is no such member of staff.' using errcode = 'LR404';
  end if;
  update admin_users set role = p_role where id = p_admin_user_id and role <> p_role;
  if found then
    perform private.audit_staff_change(p_by, 'staff.set_role', p_admin_user_id, before_json,
                                       private.staff_member_json(p_admin_user_id), p_request_id, p_ip);
  end if;
end
$$;

--
-- Name: set_summary_email(bigint, text, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_summary_email(p_admin_user_id bigint, p_frequency text, p_local_hour integer) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
declare
  before jsonb;
begin
  if not exists (select 1 from admin_users where id = p_admin_user_id and role = 'owner' and deactivated_at is null) then
    raise exception 'Only an owner can have the summary email.' using errcode = 'LR409';
  end if;
  if p_frequency is null or p_frequency not in ('off', 'daily', 'weekly') then
    raise exception 'Choose off, daily or weekly.' using errcode = 'LR422', column = 'frequency';
  end if;
  if p_local_hour is null or p_local_hour not between 0 and 23 then
    raise exception 'Choose an hour from 0 to 23.' using errcode = 'LR422', column = 'hour';
  end if;
  select jsonb_build_object('frequency', s.frequency, 'local_hour', s.local_hour) into before from summary_email_settings s where admin_user_id = p_admin_user_id;
  insert into summary_email_settings (admin_user_id, frequency, local_hour)
  values (p_admin_user_id, p_frequency, p_local_hour)
  on conflict (admin_user_id) do update set frequency = excluded.frequency, local_hour = excluded.local_hour, updated_at = now();
  return before;
end
$$;

--
-- Name: set_two_factor_required(boolean, bigint, text, inet); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_two_factor_required(p_required boolean, p_by bigint, p_request_id text, p_ip inet) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  previous jsonb;
  actor_email text := private.acting_owner(p_by);
begin
  select value into previous from settings where key = 'accounts.require_two_factor' for update;
  insert into settings (key, value) values ('accounts.require_two_factor', to_jsonb(p_required))
  on conflict (key) do update set value = excluded.value, updated_at = now();
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_by, actor_email, case when p_required then 'accounts.require_two_factor' else 'accounts.allow_password_only' end,
          'setting', 'accounts.require_two_factor', previous, to_jsonb(p_required), p_request_id, p_ip);
end
$$;

--
-- Name: shipping_days(bigint, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.shipping_days(p_location_id bigint, p_now timestamp with time zone DEFAULT now()) RETURNS SETOF date
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: shop_location_id(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.shop_location_id() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$
  select id from locations where is_active order by id limit 1
$$;

--
-- Name: sign_in_customer(text, bytea, bytea, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.sign_in_customer(p_email text, p_code_hash bytea, p_link_hash bytea, p_session_id text, p_session_expires timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
declare
  v_code customer_sign_in_codes;
  v_what text := case when p_link_hash is not null then 'link' else 'code' end;
  v_customer bigint;
begin
  if p_link_hash is not null then
    select * into v_code from customer_sign_in_codes where link_hash = p_link_hash for update;
    if v_code.id is null then
      raise exception 'This sign-in link is not one we sent. Ask for a new one.' using errcode = 'LR404';
    end if;
  else
    select * into v_code from customer_sign_in_codes
     where email = lower(btrim(coalesce(p_email, ''))) and code_hash = p_code_hash
     order by created_at desc limit 1 for update;
    if v_code.id is null then
      raise exception 'That code is not right. Check the latest email from us and try again.' using errcode = 'LR422', column = 'code';
    end if;
  end if;
  if v_code.used_at is not null then
    raise exception 'This % has already been used. Ask for a new one.', v_what using errcode = 'LR409';
  end if;
  if v_code.expires_at <= now() then
    raise exception 'This % has expired (codes and links work for 10 minutes, and only the latest one). Ask for a new one.', v_what
      using errcode = 'LR409';
  end if;
  update customer_sign_in_codes set used_at = now() where id = v_code.id;

  insert into customers (email, name, phone) values (v_code.email, '', '')
  on conflict ((lower(email))) do update set updated_at = customers.updated_at
  returning id into v_customer;
  insert into customer_accounts (customer_id, name, phone, address_line1, address_line2, address_city, address_region, address_postal_code)
  select c.id, left(coalesce(latest.customer_name, c.name), 100), left(coalesce(latest.customer_phone, c.phone), 20),
         addressed.address_line1, addressed.address_line2, addressed.address_city, addressed.address_region, addressed.address_postal_code
    from customers c
    left join lateral (select o.customer_name, o.customer_phone from orders o
                        where lower(o.customer_email) = v_code.email order by o.created_at desc limit 1) latest on true
    left join lateral (select left(o.address_line1, 200) as address_line1, left(o.address_line2, 200) as address_line2,
                              left(o.address_city, 100) as address_city, left(o.address_region, 100) as address_region,
                              left(o.address_postal_code, 12) as address_postal_code
                         from orders o
                        where lower(o.customer_email) = v_code.email and o.address_line1 is not null
                        order by o.created_at desc limit 1) addressed on true
   where c.id = v_customer
  on conflict (customer_id) do nothing;
  update orders set customer_id = v_customer
   where lower(customer_email) = v_code.email and customer_id is distinct from v_customer;

  insert into sessions (id, data, customer_id, expires_at)
  values (p_session_id, jsonb_build_object('kind', 'customer', 'customerId', v_customer), v_customer, p_session_expires);
  return v_customer;
end
$$;

--
-- Name: slot_utilisation(bigint[], date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.slot_utilisation(p_location_ids bigint[], p_from date, p_to date) RETURNS TABLE(booked integer, capacity integer)
    LANGUAGE sql STABLE
    AS $$
  with days as (
    select l.id as location_id, l.timezone, k.kind, k.minutes, k.capacity, d.day::date as day, h.opens_at, h.closes_at,
           ((d.day::date + 1)::timestamp at time zone l.timezone) - (d.day::date::timestamp at time zone l.timezone)
             <> interval '24 hours' as clock_changes
      from locations l
      cross join lateral (values ('pickup', l.pickup_slot_minutes, l.pickup_slot_capacity, true),
                                 ('delivery', l.delivery_window_minutes, l.delivery_window_capacity, l.delivery_enabled))
                 as k (kind, minutes, capacity, offered)
      cross join lateral generate_series(p_from, p_to, interval '1 day') as d (day)
      join location_hours h on h.location_id = l.id and h.weekday = extract(dow from d.day)
     where l.id = any(p_location_ids) and l.is_active and k.offered
       and not exists (select 1 from location_closures c where c.location_id = l.id and c.closed_on = d.day::date)
  ), offered as (
    select sum(k.capacity * case
             when not k.clock_changes then floor(extract(epoch from k.closes_at - k.opens_at) / 60 / k.minutes)
             else (select count(*) from generate_series(k.day + k.opens_at, k.day + k.closes_at - make_interval(mins => k.minutes),
                                                        make_interval(mins => k.minutes)) as local_slot
                    where (local_slot at time zone k.timezone) at time zone k.timezone = local_slot)
           end) as capacity
      from days k
  ), booked as (
    select r.reserved, r.capacity, o.capacity as offered_capacity
      from slot_reservations r join locations l on l.id = r.location_id
      cross join lateral (select r.slot_at at time zone l.timezone as local_at) t
      -- the offered slot at the same instant: its day's hours, on their grid
      left join lateral (
        select k.capacity from days k
         where k.location_id = r.location_id and k.kind = r.kind and k.day = t.local_at::date
           and t.local_at >= k.day + k.opens_at and t.local_at <= k.day + k.closes_at - make_interval(mins => k.minutes)
           and extract(epoch from t.local_at - (k.day + k.opens_at))::bigint % (k.minutes * 60) = 0
           and t.local_at at time zone k.timezone = r.slot_at
         limit 1) o on true
     where r.location_id = any(p_location_ids)
       and r.slot_at >= p_from::timestamp at time zone l.timezone
       and r.slot_at < (p_to + 1)::timestamp at time zone l.timezone
  )
  select coalesce(sum(b.reserved), 0)::int,
         (coalesce((select o.capacity from offered o), 0) + coalesce(sum(b.capacity - coalesce(b.offered_capacity, 0)), 0))::int
    from booked b
$$;

--
-- Name: square_object_is_larders(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.square_object_is_larders(p_square_payment_id text, p_square_order_id text, p_square_refund_id text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
  select exists (select 1 from payment_attempts where p_square_order_id is not null and square_order_id = p_square_order_id)
      or exists (select 1 from orders where p_square_order_id is not null and square_order_id = p_square_order_id)
      or exists (select 1 from payment_attempts where p_square_payment_id is not null and square_payment_id = p_square_payment_id)
      or exists (select 1 from payments where p_square_payment_id is not null and square_payment_id = p_square_payment_id)
      or exists (select 1 from refunds where p_square_refund_id is not null and square_refund_id = p_square_refund_id)
$$;

--
-- Name: payment_attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payment_attempts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    order_id bigint NOT NULL,
    method text NOT NULL,
    status text DEFAULT 'created'::text NOT NULL,
    amount_cents bigint NOT NULL,
    currency character(3) NOT NULL,
    square_payment_link_id text,
    square_order_id text,
    checkout_url text,
    square_payment_id text,
    error_code text,
    error_message text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    source_id text,
    sent_at timestamp with time zone,
    payment_link_deleted_at timestamp with time zone,
    CONSTRAINT payment_attempts_amount_cents_check CHECK ((amount_cents >= 0)),
    CONSTRAINT payment_attempts_link_deleted_has_link CHECK (((payment_link_deleted_at IS NULL) OR (square_payment_link_id IS NOT NULL))),
    CONSTRAINT payment_attempts_method_check CHECK ((method = ANY (ARRAY['payment_link'::text, 'card'::text]))),
    CONSTRAINT payment_attempts_status_check CHECK ((status = ANY (ARRAY['created'::text, 'pending'::text, 'completed'::text, 'failed'::text, 'unknown'::text])))
);

--
-- Name: start_card_attempt(bigint, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.start_card_attempt(p_order_id bigint, p_source_id text) RETURNS public.payment_attempts
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
  attempt payment_attempts;
begin
  o := private.lock_order(p_order_id);
  select * into attempt from payment_attempts where source_id = p_source_id;
  if found then
    if attempt.order_id <> p_order_id then
      raise exception 'This card entry was already used. Please enter your card again.'
        using errcode = 'LR409', column = 'sourceId';
    end if;
    return attempt;
  end if;
  if o.state <> 'pending_payment' then
    raise exception 'Order #% is % and cannot be paid again.', o.number, replace(o.state, '_', ' ')
      using errcode = 'LR409';
  end if;
  if p_source_id is null or length(p_source_id) not between 1 and 500 then
    raise exception 'Enter your card details.' using errcode = 'LR422', column = 'sourceId';
  end if;
  insert into payment_attempts (order_id, method, amount_cents, currency, source_id, square_order_id)
  values (o.id, 'card', o.total_cents, o.currency, p_source_id, o.square_order_id)
  returning * into attempt;
  return attempt;
end
$$;

--
-- Name: start_cart(boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.start_cart(p_counted boolean DEFAULT true) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
declare
  v_cart carts;
begin
  insert into carts (location_id) values (shop_location_id()) returning * into v_cart;
  if v_cart.location_id is not null and p_counted then
    perform private.count_funnel_step(v_cart.location_id, 'cart', v_cart.created_at);
  end if;
  return v_cart.id;
end
$$;

--
-- Name: start_checkout(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.start_checkout(p_cart_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
declare
  v_cart carts;
begin
  update carts set checkout_started_at = now()
   where id = p_cart_id and checkout_started_at is null and checked_out_at is null and location_id is not null
  returning * into v_cart;
  if not found then
    return false;
  end if;
  perform private.count_funnel_step(v_cart.location_id, 'checkout', v_cart.checkout_started_at);
  return true;
end
$$;

--
-- Name: start_payment_link_attempt(bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.start_payment_link_attempt(p_order_id bigint) RETURNS public.payment_attempts
    LANGUAGE plpgsql
    AS $$
declare
  o orders;
  attempt payment_attempts;
begin
  o := private.lock_order(p_order_id);
  if o.state <> 'pending_payment' then
    raise exception 'Order #% is % and cannot be paid again.', o.number, replace(o.state, '_', ' ')
      using errcode = 'LR409';
  end if;
  select * into attempt from payment_attempts
   where order_id = p_order_id and method = 'payment_link' and amount_cents = o.total_cents
     and error_code is distinct from 'ORDER_CHANGED'
   order by created_at desc limit 1;
  if not found then
    insert into payment_attempts (order_id, method, amount_cents, currency)
    values (p_order_id, 'payment_link', o.total_cents, o.currency)
    returning * into attempt;
  end if;
  return attempt;
end
$$;

--
-- Name: top_customers(bigint[], text, date, date, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.top_customers(p_location_ids bigint[], p_basis text, p_from date, p_to date, p_limit integer) RETURNS TABLE(customer_id bigint, orders integer, net_cents bigint)
    LANGUAGE plpgsql STABLE ROWS 10
    SET jit TO 'off'
    AS $$
declare
  v_scope bigint := case when not exists (select 1 from locations where id <> all(p_location_ids)) then 0
                         when cardinality(p_location_ids) = 1 then p_location_ids[1] end;
  v_month date;
  v_edge_days integer;
  v_range_days integer := p_to - p_from + 1;
  v_head integer := greatest(p_limit, 1) * 2;
begin
  -- The month sharing most days with the range, and how many days the two differ by.
  select m, v_range_days + ((m + interval '1 month')::date - m)
            - 2 * (least(p_to, (m + interval '1 month')::date - 1) - greatest(p_from, m) + 1)
    into v_month, v_edge_days
    from (values (date_trunc('month', p_from)::date), (date_trunc('month', p_to)::date)) months (m)
   order by 2, 1 limit 1;
  if v_scope is not null and v_edge_days < v_range_days then
    return query
      with intervals (low, high, sign) as (
        -- range days outside the month count in; month days outside the range count out
        values (p_from, least(p_to, v_month - 1), 1),
               (greatest(p_from, (v_month + interval '1 month')::date), p_to, 1),
               (v_month, least((v_month + interval '1 month')::date - 1, p_from - 1), -1),
               (greatest(v_month, p_to + 1), (v_month + interval '1 month')::date - 1, -1)
      ), edges as (
        select c.customer_id, sum(i.sign * c.orders)::integer as orders, sum(i.sign * c.net_cents::integer) as net_cents
          from intervals i
          join customer_sales_days c on c.basis = p_basis and c.day between i.low and i.high
         where i.low <= i.high and (v_scope = 0 or c.location_id = v_scope)
         group by c.customer_id
      ), head as materialized (
        select m.customer_id, m.orders, m.net_cents from customer_sales_months m
         where m.scope = v_scope and m.basis = p_basis and m.month = v_month
         order by m.net_cents desc, m.orders desc, m.customer_id limit v_head
      ), last as (
        -- L, and whether the month has rows past the head
        select h.orders, h.net_cents, h.customer_id, (select count(*) from head) = v_head as more
          from head h order by h.net_cents, h.orders, h.customer_id desc limit 1
      ), corrected_head as (
        select h.customer_id, h.orders + coalesce(e.orders, 0) as orders, h.net_cents + coalesce(e.net_cents, 0) as net_cents
          from head h left join edges e on e.customer_id = h.customer_id
      ), bar as (
        -- the head's p_limit-th customer once corrected, and how many are at or above L
        select (select c.net_cents from corrected_head c where c.orders > 0
                 order by c.net_cents desc, c.orders desc, c.customer_id offset greatest(p_limit, 1) - 1 limit 1) as net_cents,
               (select count(*) from corrected_head c, last l
                 where c.orders > 0 and (c.net_cents, c.orders, -c.customer_id) >= (l.net_cents, l.orders, -l.customer_id)) as at_or_above_last
      ), sure as (
        select not coalesce(l.more, false) or b.at_or_above_last >= p_limit as sure
          from bar b left join last l on true
      ), gaining as (
        -- edge customers past the head whose edges could lift them past the bar
        select e.customer_id, e.orders, e.net_cents, coalesce(l.more, false) as more
          from edges e left join last l on true cross join bar b
         where (e.net_cents > 0 or e.orders > 0)
           and not exists (select 1 from head h where h.customer_id = e.customer_id)
           -- past the head, a month's net is at most L's (or 0 with no month row)
           and (b.net_cents is null or l.net_cents is null or greatest(l.net_cents, 0) + e.net_cents >= b.net_cents)
      ), gained as (
        select g.customer_id, coalesce(m.orders, 0) + g.orders as orders, coalesce(m.net_cents, 0) + g.net_cents as net_cents
          from gaining g
          left join lateral (select m.orders, m.net_cents from customer_sales_months m
                              where g.more and m.scope = v_scope and m.basis = p_basis and m.month = v_month
                                and m.customer_id = g.customer_id limit 1) m on true -- (one key: probed per gaining customer)
      )
      select t.customer_id, t.orders, t.net_cents
        from (select * from corrected_head union all select * from gained) t, sure s
       where s.sure and t.orders > 0
       order by t.net_cents desc, t.orders desc, t.customer_id limit p_limit;
    if found or p_limit <= 0 then
      return;
    end if;
  end if;
  return query
    select c.customer_id, sum(c.orders)::integer, sum(c.net_cents::integer)
      from customer_sales_days c
     where c.location_id = any(p_location_ids) and c.basis = p_basis and c.day between p_from and p_to
     group by c.customer_id order by 3 desc, 2 desc, 1 limit p_limit;
end
$$;

--
-- Name: two_factor_required(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.two_factor_required() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
  select coalesce((select value = 'true'::jsonb from settings where key = 'accounts.require_two_factor'), false);
$$;

--
-- Name: unpaid_orders_past_hold(integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.unpaid_orders_past_hold(p_limit integer) RETURNS TABLE(order_id bigint, hold_minutes integer)
    LANGUAGE sql STABLE
    AS $$
  select o.id, (extract(epoch from private.hold_ends_at(o.id, o.created_at) - o.created_at) / 60)::integer
    from orders o
   where o.state = 'pending_payment' and not o.pay_at_pickup
     and o.created_at < now() - make_interval(mins => least(private.security_setting('holds.card_minutes')::text::integer,
                                                            private.security_setting('holds.payment_link_minutes')::text::integer))
     and private.hold_ends_at(o.id, o.created_at) < now()
   order by o.created_at
   limit p_limit;
$$;

--
-- Name: update_customer_account(bigint, text, text, jsonb, boolean, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.update_customer_account(p_customer_id bigint, p_name text, p_phone text, p_address jsonb, p_marketing_consent boolean, p_sms_consent boolean) RETURNS void
    LANGUAGE plpgsql
    AS $_$
declare
  v_phone text := btrim(coalesce(p_phone, ''));
  v_line1 text := nullif(btrim(p_address ->> 'line1'), '');
  v_line2 text := nullif(btrim(p_address ->> 'line2'), '');
  v_city text := nullif(btrim(p_address ->> 'city'), '');
  v_region text := nullif(btrim(p_address ->> 'region'), '');
  v_postal text := private.normalize_postal_code(p_address ->> 'postalCode');
begin
  if v_phone <> '' and v_phone !~ '^\+?[0-9 ().-]{7,20}$' then
    raise exception 'Enter a phone number like (555) 123-4567.' using errcode = 'LR422', column = 'phone';
  end if;
  if p_sms_consent and v_phone = '' then
    raise exception 'Add a phone number to get texts about your orders.' using errcode = 'LR422', column = 'phone';
  end if;
  if v_line1 is null and (v_line2 is not null or v_city is not null or v_region is not null or v_postal is not null) then
    raise exception 'Enter the street address, or clear the whole address.' using errcode = 'LR422', column = 'addressLine1';
  end if;
  if v_line1 is not null and v_postal is null then
    raise exception 'Enter the ZIP or postal code.' using errcode = 'LR422', column = 'addressPostalCode';
  end if;
  update customer_accounts
     set name = btrim(coalesce(p_name, '')), phone = v_phone,
         address_line1 = v_line1, address_line2 = v_line2, address_city = v_city, address_region = v_region,
         address_postal_code = v_postal,
         marketing_consent_at = case when p_marketing_consent then coalesce(marketing_consent_at, now()) end,
         sms_consent_at = case when p_sms_consent then coalesce(sms_consent_at, now()) end,
         updated_at = now()
   where customer_id = p_customer_id;
  if not found then
    raise exception 'Your account was not found. Sign in again.' using errcode = 'LR404';
  end if;
end
$_$;

--
-- Name: use_recovery_code(bigint, bytea); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.use_recovery_code(p_admin_user_id bigint, p_code_hash bytea) RETURNS boolean
    LANGUAGE sql
    AS $$
  with spent as (
    update admin_recovery_codes c set used_at = now()
      from admin_users a
     where c.admin_user_id = p_admin_user_id and c.code_hash = p_code_hash and c.used_at is null
       and a.id = c.admin_user_id and a.deactivated_at is null and a.totp_enabled_at is not null
    returning 1)
  select exists (select 1 from spent);
$$;

--
-- Name: use_totp_step(bigint, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.use_totp_step(p_admin_user_id bigint, p_step bigint) RETURNS boolean
    LANGUAGE sql
    AS $$
  with spent as (
    update admin_users set totp_last_step = p_step
     where id = p_admin_user_id and totp_secret is not null and deactivated_at is null
       and (totp_last_step is null or totp_last_step < p_step)
    returning 1)
  select exists (select 1 from spent);
$$;

--
-- Name: admin_recovery_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.admin_recovery_codes (
    id bigint NOT NULL,
    admin_user_id bigint NOT NULL,
    code_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT admin_recovery_codes_code_hash_check CHECK ((length(code_hash) = 32))
);

--
-- Name: admin_recovery_codes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.admin_recovery_codes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.admin_recovery_codes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: admin_users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.admin_users (
    id bigint NOT NULL,
    email text NOT NULL,
    name text DEFAULT ''::text NOT NULL,
    password_hash text NOT NULL,
    role text DEFAULT 'owner'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_login_at timestamp with time zone,
    deactivated_at timestamp with time zone,
    password_changed_at timestamp with time zone,
    totp_secret text,
    totp_pending_secret text,
    totp_enabled_at timestamp with time zone,
    totp_last_step bigint,
    CONSTRAINT admin_users_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text)),
    CONSTRAINT admin_users_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'staff'::text]))),
    CONSTRAINT admin_users_totp_enabled CHECK (((totp_secret IS NULL) = (totp_enabled_at IS NULL)))
);

--
-- Name: admin_users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.admin_users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.admin_users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    admin_user_id bigint,
    actor text NOT NULL,
    action text NOT NULL,
    subject_type text,
    subject_id text,
    before jsonb,
    after jsonb,
    request_id text,
    ip inet,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audit_log_action_check CHECK ((action ~ '^[a-z_]+(\.[a-z_]+)*$'::text))
);

--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: cart_items; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.cart_items (
    cart_id uuid NOT NULL,
    variant_id bigint NOT NULL,
    quantity integer NOT NULL,
    added_at timestamp with time zone DEFAULT now() NOT NULL,
    id bigint NOT NULL,
    modifier_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    CONSTRAINT cart_items_note_check CHECK (((char_length(note) <= 140) AND (note !~ '[\r\n]'::text) AND (note = btrim(note)))),
    CONSTRAINT cart_items_quantity_check CHECK (((quantity >= 1) AND (quantity <= 99)))
);

--
-- Name: cart_items_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.cart_items ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.cart_items_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: inventory_levels; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inventory_levels (
    variant_id bigint NOT NULL,
    location_id bigint NOT NULL,
    quantity integer NOT NULL,
    square_calculated_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT inventory_levels_quantity_check CHECK ((quantity >= 0))
);

--
-- Name: modifier_lists; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.modifier_lists (
    id bigint NOT NULL,
    name text NOT NULL,
    min_selected integer DEFAULT 0 NOT NULL,
    max_selected integer,
    sort_order integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    square_modifier_list_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    square_version bigint,
    CONSTRAINT modifier_lists_check CHECK (((max_selected IS NULL) OR (max_selected >= min_selected))),
    CONSTRAINT modifier_lists_max_selected_check CHECK (((max_selected >= 1) AND (max_selected <= 100))),
    CONSTRAINT modifier_lists_min_selected_check CHECK (((min_selected >= 0) AND (min_selected <= 100))),
    CONSTRAINT modifier_lists_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0))
);

--
-- Name: modifiers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.modifiers (
    id bigint NOT NULL,
    modifier_list_id bigint NOT NULL,
    name text NOT NULL,
    price_cents bigint DEFAULT 0 NOT NULL,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    square_modifier_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    square_version bigint,
    CONSTRAINT modifiers_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT modifiers_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0)),
    CONSTRAINT modifiers_price_cents_check CHECK ((price_cents >= 0))
);

--
-- Name: product_modifier_lists; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.product_modifier_lists (
    product_id bigint NOT NULL,
    modifier_list_id bigint NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    min_selected integer,
    max_selected integer,
    CONSTRAINT product_modifier_lists_max_selected_check CHECK (((max_selected >= 1) AND (max_selected <= 100))),
    CONSTRAINT product_modifier_lists_min_selected_check CHECK (((min_selected >= 0) AND (min_selected <= 100)))
);

--
-- Name: products; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.products (
    id bigint NOT NULL,
    category_id bigint NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    image_url text,
    sort_order integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    square_item_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    shippable boolean DEFAULT false NOT NULL,
    square_version bigint,
    square_image_id text,
    allergens text[] DEFAULT '{}'::text[] NOT NULL,
    image_id bigint,
    CONSTRAINT products_allergens_check CHECK (((cardinality(allergens) <= 12) AND (array_to_string(allergens, ','::text) !~ '[^a-z0-9 ,-]'::text) AND (NOT (''::text = ANY (allergens))))),
    CONSTRAINT products_image_url_check CHECK (((image_url IS NULL) OR ((length(image_url) <= 2048) AND (image_url ~ '^https?://[^\s/?#]+[^\s]*$'::text)))),
    CONSTRAINT products_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0)),
    CONSTRAINT products_slug_check CHECK ((slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'::text))
);

--
-- Name: variants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.variants (
    id bigint NOT NULL,
    product_id bigint NOT NULL,
    name text NOT NULL,
    price_cents bigint NOT NULL,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    sold_out boolean DEFAULT false NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    square_variation_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    low_stock_threshold integer,
    square_version bigint,
    units_per_variation integer DEFAULT 1 NOT NULL,
    CONSTRAINT variants_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT variants_low_stock_threshold_check CHECK ((low_stock_threshold >= 0)),
    CONSTRAINT variants_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0)),
    CONSTRAINT variants_price_cents_check CHECK ((price_cents >= 0)),
    CONSTRAINT variants_units_per_variation_check CHECK (((units_per_variation >= 1) AND (units_per_variation <= 1000)))
);

--
-- Name: COLUMN variants.units_per_variation; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.variants.units_per_variation IS 'How many units the kitchen makes for one of this variation (Single 1, Half dozen 6, Dozen 12). Larder''s own: the Square catalog sync leaves it alone.';

--
-- Name: cart_lines; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.cart_lines AS
 SELECT ci.id AS line_id,
    ci.cart_id,
    ci.variant_id,
    ci.modifier_ids,
    ci.quantity,
    ci.note,
    p.id AS product_id,
    p.name AS product_name,
    p.slug AS product_slug,
    p.shippable,
    v.name AS variant_name,
    v.price_cents,
    v.currency,
    mods.modifiers_cents,
    mods.modifiers,
    (v.price_cents + mods.modifiers_cents) AS unit_price_cents,
    ((v.price_cents + mods.modifiers_cents) * ci.quantity) AS line_total_cents,
    (v.sold_out OR (NOT p.is_active) OR mods.unavailable OR (NOT private.modifier_selection_valid(ci.variant_id, ci.modifier_ids)) OR ((stock.quantity IS NOT NULL) AND (stock.quantity < ( SELECT sum(o.quantity) AS sum
           FROM public.cart_items o
          WHERE ((o.cart_id = ci.cart_id) AND (o.variant_id = ci.variant_id)))))) AS unavailable,
    stock.quantity AS stock,
    ci.added_at
   FROM ((((public.cart_items ci
     JOIN public.variants v ON ((v.id = ci.variant_id)))
     JOIN public.products p ON ((p.id = v.product_id)))
     LEFT JOIN public.inventory_levels stock ON (((stock.variant_id = v.id) AND (stock.location_id = public.shop_location_id()))))
     CROSS JOIN LATERAL ( SELECT (COALESCE(sum(m.price_cents), (0)::numeric))::bigint AS modifiers_cents,
            COALESCE(jsonb_agg(jsonb_build_object('id', m.id, 'list', ml.name, 'name', m.name, 'priceCents', m.price_cents) ORDER BY pml.sort_order, ml.id, m.sort_order, m.id) FILTER (WHERE (m.id IS NOT NULL)), '[]'::jsonb) AS modifiers,
            (COALESCE(bool_or((NOT (m.is_active AND ml.is_active))), false) OR (count(m.id) <> cardinality(ci.modifier_ids))) AS unavailable
           FROM (((unnest(ci.modifier_ids) chosen(id)
             LEFT JOIN public.modifiers m ON ((m.id = chosen.id)))
             LEFT JOIN public.modifier_lists ml ON ((ml.id = m.modifier_list_id)))
             LEFT JOIN public.product_modifier_lists pml ON (((pml.product_id = p.id) AND (pml.modifier_list_id = ml.id))))) mods);

--
-- Name: catalog_images; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.catalog_images (
    square_image_id text NOT NULL,
    url text,
    square_version bigint NOT NULL,
    is_deleted boolean DEFAULT false NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT catalog_images_check CHECK ((is_deleted OR (url IS NOT NULL)))
);

--
-- Name: catalog_sync_runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.catalog_sync_runs (
    id bigint NOT NULL,
    kind text NOT NULL,
    trigger text NOT NULL,
    status text DEFAULT 'running'::text NOT NULL,
    begin_time text,
    latest_time text,
    pages integer DEFAULT 0 NOT NULL,
    objects_received integer DEFAULT 0 NOT NULL,
    objects_applied integer DEFAULT 0 NOT NULL,
    products_deactivated integer DEFAULT 0 NOT NULL,
    inventory_counts_applied integer DEFAULT 0 NOT NULL,
    error text,
    request_id text,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    CONSTRAINT catalog_sync_runs_check CHECK (((status = 'running'::text) = (finished_at IS NULL))),
    CONSTRAINT catalog_sync_runs_check1 CHECK (((status <> 'failed'::text) OR (error IS NOT NULL))),
    CONSTRAINT catalog_sync_runs_inventory_counts_applied_check CHECK ((inventory_counts_applied >= 0)),
    CONSTRAINT catalog_sync_runs_kind_check CHECK ((kind = ANY (ARRAY['full'::text, 'incremental'::text]))),
    CONSTRAINT catalog_sync_runs_objects_applied_check CHECK ((objects_applied >= 0)),
    CONSTRAINT catalog_sync_runs_objects_received_check CHECK ((objects_received >= 0)),
    CONSTRAINT catalog_sync_runs_pages_check CHECK ((pages >= 0)),
    CONSTRAINT catalog_sync_runs_products_deactivated_check CHECK ((products_deactivated >= 0)),
    CONSTRAINT catalog_sync_runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text]))),
    CONSTRAINT catalog_sync_runs_trigger_check CHECK ((trigger = ANY (ARRAY['cron'::text, 'webhook'::text, 'admin'::text])))
);

--
-- Name: catalog_sync_runs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.catalog_sync_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.catalog_sync_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: catalog_sync_state; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.catalog_sync_state (
    id boolean DEFAULT true NOT NULL,
    latest_time text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT catalog_sync_state_id_check CHECK (id),
    CONSTRAINT catalog_sync_state_latest_time_check CHECK ((latest_time <> ''::text))
);

--
-- Name: categories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.categories (
    id bigint NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    square_category_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    square_version bigint,
    CONSTRAINT categories_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0)),
    CONSTRAINT categories_slug_check CHECK ((slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'::text))
);

--
-- Name: categories_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.categories ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.categories_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: counter_payments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.counter_payments (
    order_id bigint NOT NULL,
    method text NOT NULL,
    amount_cents bigint NOT NULL,
    currency character(3) NOT NULL,
    recorded_by bigint NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT counter_payments_amount_cents_check CHECK ((amount_cents >= 0)),
    CONSTRAINT counter_payments_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT counter_payments_method_check CHECK ((method = ANY (ARRAY['cash'::text, 'card_present'::text])))
);

--
-- Name: TABLE counter_payments; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.counter_payments IS 'Payment taken in the shop for a staff-placed order: cash, or a card on the shop''s own reader (not through Larder''s Square account).';

--
-- Name: customer_accounts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customer_accounts (
    customer_id bigint NOT NULL,
    name text DEFAULT ''::text NOT NULL,
    phone text DEFAULT ''::text NOT NULL,
    address_line1 text,
    address_line2 text,
    address_city text,
    address_region text,
    address_postal_code text,
    marketing_consent_at timestamp with time zone,
    sms_consent_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT customer_accounts_address_city_check CHECK (((char_length(address_city) >= 1) AND (char_length(address_city) <= 100))),
    CONSTRAINT customer_accounts_address_line1_check CHECK (((char_length(address_line1) >= 1) AND (char_length(address_line1) <= 200))),
    CONSTRAINT customer_accounts_address_line2_check CHECK (((char_length(address_line2) >= 1) AND (char_length(address_line2) <= 200))),
    CONSTRAINT customer_accounts_address_postal_code_check CHECK (((char_length(address_postal_code) >= 1) AND (char_length(address_postal_code) <= 12))),
    CONSTRAINT customer_accounts_address_region_check CHECK (((char_length(address_region) >= 1) AND (char_length(address_region) <= 100))),
    CONSTRAINT customer_accounts_name_check CHECK ((char_length(name) <= 100)),
    CONSTRAINT customer_accounts_phone_check CHECK ((char_length(phone) <= 20))
);

--
-- Name: customer_first_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customer_first_days (
    customer_id bigint NOT NULL,
    basis text NOT NULL,
    first_day date NOT NULL,
    CONSTRAINT customer_first_days_basis_check CHECK ((basis = ANY (ARRAY['ordered'::text, 'fulfilled'::text])))
);

--
-- Name: customer_gap_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customer_gap_days (
    scope bigint NOT NULL,
    basis text NOT NULL,
    day date NOT NULL,
    gap integer NOT NULL,
    by_last integer NOT NULL,
    multi_by_last integer NOT NULL,
    by_second_last integer NOT NULL,
    CONSTRAINT customer_gap_days_basis_check CHECK ((basis = ANY (ARRAY['ordered'::text, 'fulfilled'::text]))),
    CONSTRAINT customer_gap_days_by_last_check CHECK ((by_last >= 0)),
    CONSTRAINT customer_gap_days_by_second_last_check CHECK ((by_second_last >= 0)),
    CONSTRAINT customer_gap_days_check CHECK (((multi_by_last >= 0) AND (multi_by_last <= by_last))),
    CONSTRAINT customer_gap_days_gap_check CHECK ((gap >= 0))
);

--
-- Name: customer_sales_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customer_sales_days (
    location_id bigint NOT NULL,
    basis text NOT NULL,
    day date NOT NULL,
    customer_id bigint NOT NULL,
    orders integer NOT NULL,
    net_cents bigint NOT NULL,
    CONSTRAINT customer_sales_days_basis_check CHECK ((basis = ANY (ARRAY['ordered'::text, 'fulfilled'::text]))),
    CONSTRAINT customer_sales_days_orders_check CHECK ((orders > 0))
);

--
-- Name: customer_sales_months; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customer_sales_months (
    scope bigint NOT NULL,
    basis text NOT NULL,
    month date NOT NULL,
    customer_id bigint NOT NULL,
    orders integer NOT NULL,
    net_cents bigint NOT NULL,
    CONSTRAINT customer_sales_months_basis_check CHECK ((basis = ANY (ARRAY['ordered'::text, 'fulfilled'::text]))),
    CONSTRAINT customer_sales_months_month_check CHECK ((month = (date_trunc('month'::text, (month)::timestamp with time zone))::date)),
    CONSTRAINT customer_sales_months_orders_check CHECK ((orders > 0))
);

--
-- Name: customer_sign_in_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customer_sign_in_codes (
    id bigint NOT NULL,
    email text NOT NULL,
    code_hash bytea NOT NULL,
    link_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT customer_sign_in_codes_code_hash_check CHECK ((length(code_hash) = 32)),
    CONSTRAINT customer_sign_in_codes_email_check CHECK (((email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text) AND (email = lower(email)))),
    CONSTRAINT customer_sign_in_codes_link_hash_check CHECK ((length(link_hash) = 32)),
    CONSTRAINT customer_sign_in_codes_used_in_time CHECK (((used_at IS NULL) OR (used_at <= expires_at)))
);

--
-- Name: customer_sign_in_codes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.customer_sign_in_codes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.customer_sign_in_codes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: customer_visits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customer_visits (
    scope bigint NOT NULL,
    basis text NOT NULL,
    customer_id bigint NOT NULL,
    day date NOT NULL,
    orders integer NOT NULL,
    last_gap integer,
    second_last_gap integer,
    CONSTRAINT customer_visits_basis_check CHECK ((basis = ANY (ARRAY['ordered'::text, 'fulfilled'::text]))),
    CONSTRAINT customer_visits_check CHECK ((second_last_gap >= last_gap)),
    CONSTRAINT customer_visits_last_gap_check CHECK ((last_gap > 0)),
    CONSTRAINT customer_visits_orders_check CHECK ((orders > 0))
);

--
-- Name: customers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customers (
    id bigint NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    phone text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    no_shows integer DEFAULT 0 NOT NULL,
    CONSTRAINT customers_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text)),
    CONSTRAINT customers_no_shows_check CHECK ((no_shows >= 0))
);

--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.customers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.customers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: daily_limit_uses; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.daily_limit_uses (
    limit_id bigint NOT NULL,
    location_id bigint NOT NULL,
    day date NOT NULL,
    slot_at timestamp with time zone,
    used integer DEFAULT 0 NOT NULL,
    capacity integer NOT NULL,
    CONSTRAINT daily_limit_uses_capacity_check CHECK ((capacity >= 0)),
    CONSTRAINT daily_limit_uses_used_check CHECK (((used >= 0) AND (used <= capacity)))
);

--
-- Name: daily_limits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.daily_limits (
    id bigint NOT NULL,
    product_id bigint,
    variant_id bigint,
    per_day integer,
    per_slot integer,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT daily_limits_one_subject CHECK ((num_nonnulls(product_id, variant_id) = 1)),
    CONSTRAINT daily_limits_per_day_check CHECK (((per_day >= 0) AND (per_day <= 1000000))),
    CONSTRAINT daily_limits_per_slot_check CHECK (((per_slot >= 0) AND (per_slot <= 1000000))),
    CONSTRAINT daily_limits_some_limit CHECK ((num_nonnulls(per_day, per_slot) >= 1))
);

--
-- Name: TABLE daily_limits; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.daily_limits IS 'The most items of a product (its variations summed) or of one variation sold per location and fulfilment day (per_day) and per slot or window (per_slot).';

--
-- Name: daily_limits_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.daily_limits ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.daily_limits_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: delivery_zone_postal_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.delivery_zone_postal_codes (
    zone_id bigint NOT NULL,
    location_id bigint NOT NULL,
    postal_code text NOT NULL,
    CONSTRAINT delivery_zone_postal_codes_postal_code_check CHECK ((postal_code ~ '^[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]$'::text))
);

--
-- Name: delivery_zones_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.delivery_zones ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.delivery_zones_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: email_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.email_outbox (
    id bigint NOT NULL,
    template text NOT NULL,
    to_address text,
    order_id bigint,
    subject text,
    text_body text,
    html_body text,
    status text DEFAULT 'queued'::text NOT NULL,
    transport text,
    message_id text,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    sent_at timestamp with time zone,
    refund_id uuid,
    order_event_id bigint,
    staff_invite_id bigint,
    body_purged_at timestamp with time zone,
    incident_id bigint,
    summary_email_id bigint,
    sign_in_code_id bigint,
    CONSTRAINT email_outbox_incident_has_id CHECK (((template !~~ 'owner_incident_%'::text) OR (incident_id IS NOT NULL))),
    CONSTRAINT email_outbox_late_payment_has_refund CHECK (((template <> 'owner_late_payment_refunded'::text) OR ((order_id IS NOT NULL) AND (refund_id IS NOT NULL)))),
    CONSTRAINT email_outbox_purged_has_no_body CHECK (((body_purged_at IS NULL) OR ((subject IS NULL) AND (text_body IS NULL) AND (html_body IS NULL)))),
    CONSTRAINT email_outbox_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'sent'::text, 'failed'::text]))),
    CONSTRAINT email_outbox_summary_has_id CHECK (((template <> 'owner_summary'::text) OR (summary_email_id IS NOT NULL))),
    CONSTRAINT email_outbox_template_check CHECK ((template = ANY (ARRAY['order_confirmation'::text, 'refund_confirmation'::text, 'order_delayed'::text, 'order_ready'::text, 'order_out_for_delivery'::text, 'order_delivered'::text, 'order_shipped'::text, 'owner_unaccepted_order'::text, 'order_cancelled'::text, 'payment_link'::text, 'staff_invite'::text, 'staff_reset'::text, 'owner_incident_opened'::text, 'owner_incident_resolved'::text, 'owner_summary'::text, 'owner_late_payment_refunded'::text, 'customer_sign_in'::text]))),
    CONSTRAINT email_outbox_transport_check CHECK ((transport = ANY (ARRAY['smtp'::text, 'outbox'::text])))
);

--
-- Name: email_outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.email_outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.email_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: funnel_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.funnel_days (
    location_id bigint NOT NULL,
    day date NOT NULL,
    step text NOT NULL,
    count integer NOT NULL,
    CONSTRAINT funnel_days_count_check CHECK ((count > 0)),
    CONSTRAINT funnel_days_step_check CHECK ((step = ANY (ARRAY['cart'::text, 'checkout'::text, 'placed'::text, 'paid'::text])))
);

--
-- Name: image_variants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.image_variants (
    image_id bigint NOT NULL,
    width integer NOT NULL,
    format text NOT NULL,
    height integer NOT NULL,
    bytes bytea NOT NULL,
    CONSTRAINT image_variants_bytes_check CHECK (((octet_length(bytes) >= 1) AND (octet_length(bytes) <= 2000000))),
    CONSTRAINT image_variants_format_check CHECK ((format = ANY (ARRAY['webp'::text, 'jpeg'::text]))),
    CONSTRAINT image_variants_height_check CHECK (((height >= 1) AND (height <= 4000))),
    CONSTRAINT image_variants_width_check CHECK (((width >= 1) AND (width <= 2000)))
);

--
-- Name: images; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.images (
    id bigint NOT NULL,
    sha256 text NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT images_height_check CHECK (((height >= 1) AND (height <= 10000))),
    CONSTRAINT images_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT images_width_check CHECK (((width >= 1) AND (width <= 10000)))
);

--
-- Name: images_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.images ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.images_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: incidents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.incidents (
    id bigint NOT NULL,
    kind text NOT NULL,
    subject text DEFAULT ''::text NOT NULL,
    summary text NOT NULL,
    opened_at timestamp with time zone DEFAULT now() NOT NULL,
    resolved_at timestamp with time zone,
    notified_at timestamp with time zone,
    resolution_notified_at timestamp with time zone,
    CONSTRAINT incidents_check CHECK (((resolved_at IS NULL) OR (resolved_at >= opened_at))),
    CONSTRAINT incidents_check1 CHECK (((resolution_notified_at IS NULL) OR (resolved_at IS NOT NULL))),
    CONSTRAINT incidents_kind_check CHECK ((kind = ANY (ARRAY['webhooks_dead'::text, 'jobs_failed'::text, 'breaker_open'::text, 'payments_failing'::text, 'worker_silent'::text]))),
    CONSTRAINT incidents_subject_check CHECK ((subject ~ '^[a-z_]{0,40}$'::text)),
    CONSTRAINT incidents_summary_check CHECK (((char_length(summary) >= 1) AND (char_length(summary) <= 500)))
);

--
-- Name: incidents_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.incidents ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.incidents_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: location_closures; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.location_closures (
    location_id bigint NOT NULL,
    closed_on date NOT NULL,
    reason text DEFAULT ''::text NOT NULL
);

--
-- Name: location_hours; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.location_hours (
    location_id bigint NOT NULL,
    weekday smallint NOT NULL,
    opens_at time without time zone NOT NULL,
    closes_at time without time zone NOT NULL,
    CONSTRAINT location_hours_check CHECK ((opens_at < closes_at)),
    CONSTRAINT location_hours_weekday_check CHECK (((weekday >= 0) AND (weekday <= 6)))
);

--
-- Name: locations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.locations ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.locations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: metric_rollups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.metric_rollups (
    name text NOT NULL,
    last_run_at timestamp with time zone NOT NULL,
    days_rolled_up integer NOT NULL,
    from_day date NOT NULL
);

--
-- Name: modifier_lists_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.modifier_lists ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.modifier_lists_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: modifier_sales_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.modifier_sales_days (
    location_id bigint NOT NULL,
    basis text NOT NULL,
    day date NOT NULL,
    modifier_key text NOT NULL,
    modifier_id bigint,
    list_name text NOT NULL,
    name text NOT NULL,
    times integer NOT NULL,
    revenue_cents bigint NOT NULL,
    CONSTRAINT modifier_sales_days_basis_check CHECK ((basis = ANY (ARRAY['ordered'::text, 'fulfilled'::text]))),
    CONSTRAINT modifier_sales_days_revenue_cents_check CHECK ((revenue_cents >= 0)),
    CONSTRAINT modifier_sales_days_times_check CHECK ((times > 0))
);

--
-- Name: modifiers_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.modifiers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.modifiers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: operations_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.operations_days (
    location_id bigint NOT NULL,
    basis text NOT NULL,
    day date NOT NULL,
    lead_days integer NOT NULL,
    orders integer NOT NULL,
    pickups integer NOT NULL,
    no_shows integer NOT NULL,
    refunded_orders integer NOT NULL,
    CONSTRAINT operations_days_basis_check CHECK ((basis = ANY (ARRAY['ordered'::text, 'fulfilled'::text]))),
    CONSTRAINT operations_days_check CHECK (((no_shows >= 0) AND (no_shows <= pickups))),
    CONSTRAINT operations_days_check1 CHECK (((refunded_orders >= 0) AND (refunded_orders <= orders))),
    CONSTRAINT operations_days_orders_check CHECK ((orders > 0)),
    CONSTRAINT operations_days_pickups_check CHECK ((pickups >= 0))
);

--
-- Name: order_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.order_events (
    id bigint NOT NULL,
    order_id bigint NOT NULL,
    type text NOT NULL,
    from_state text,
    to_state text,
    message text DEFAULT ''::text NOT NULL,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    admin_user_id bigint
);

--
-- Name: order_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.order_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.order_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: order_item_modifiers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.order_item_modifiers (
    order_item_id bigint NOT NULL,
    modifier_id bigint,
    modifier_list_name text NOT NULL,
    name text NOT NULL,
    price_cents bigint NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    CONSTRAINT order_item_modifiers_price_cents_check CHECK ((price_cents >= 0))
);

--
-- Name: order_items; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.order_items (
    id bigint NOT NULL,
    order_id bigint NOT NULL,
    variant_id bigint,
    product_name text NOT NULL,
    variant_name text NOT NULL,
    unit_price_cents bigint NOT NULL,
    quantity integer NOT NULL,
    modifiers_cents bigint DEFAULT 0 NOT NULL,
    discount_cents bigint DEFAULT 0 NOT NULL,
    tax_cents bigint DEFAULT 0 NOT NULL,
    line_total_cents bigint GENERATED ALWAYS AS (((unit_price_cents + modifiers_cents) * quantity)) STORED NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    CONSTRAINT order_items_discount_cents_check CHECK ((discount_cents >= 0)),
    CONSTRAINT order_items_modifiers_cents_check CHECK ((modifiers_cents >= 0)),
    CONSTRAINT order_items_note_check CHECK ((char_length(note) <= 140)),
    CONSTRAINT order_items_quantity_check CHECK (((quantity >= 1) AND (quantity <= 99))),
    CONSTRAINT order_items_tax_cents_check CHECK ((tax_cents >= 0)),
    CONSTRAINT order_items_unit_price_cents_check CHECK ((unit_price_cents >= 0))
);

--
-- Name: order_items_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.order_items ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.order_items_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.orders ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: payment_attempt_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payment_attempt_days (
    location_id bigint NOT NULL,
    day date NOT NULL,
    outcome text NOT NULL,
    attempts integer NOT NULL,
    amount_cents bigint NOT NULL,
    CONSTRAINT payment_attempt_days_amount_cents_check CHECK ((amount_cents >= 0)),
    CONSTRAINT payment_attempt_days_attempts_check CHECK ((attempts > 0)),
    CONSTRAINT payment_attempt_days_outcome_check CHECK ((outcome = ANY (ARRAY['succeeded'::text, 'declined'::text, 'failed'::text, 'pending'::text])))
);

--
-- Name: payments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payments (
    id bigint NOT NULL,
    order_id bigint NOT NULL,
    payment_attempt_id uuid,
    square_payment_id text NOT NULL,
    status text NOT NULL,
    amount_cents bigint NOT NULL,
    currency character(3) NOT NULL,
    card_brand text,
    card_last4 text,
    receipt_url text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payments_amount_cents_check CHECK ((amount_cents >= 0)),
    CONSTRAINT payments_status_check CHECK ((status = ANY (ARRAY['APPROVED'::text, 'PENDING'::text, 'COMPLETED'::text, 'CANCELED'::text, 'FAILED'::text])))
);

--
-- Name: payments_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.payments ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.payments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: pgmigrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pgmigrations (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    run_on timestamp without time zone NOT NULL
);

--
-- Name: pgmigrations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.pgmigrations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: pgmigrations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.pgmigrations_id_seq OWNED BY public.pgmigrations.id;

--
-- Name: product_sales_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.product_sales_days (
    location_id bigint NOT NULL,
    basis text NOT NULL,
    day date NOT NULL,
    item_key text NOT NULL,
    variant_id bigint,
    product_id bigint,
    product_name text NOT NULL,
    variant_name text NOT NULL,
    units integer NOT NULL,
    revenue_cents bigint NOT NULL,
    CONSTRAINT product_sales_days_basis_check CHECK ((basis = ANY (ARRAY['ordered'::text, 'fulfilled'::text]))),
    CONSTRAINT product_sales_days_revenue_cents_check CHECK ((revenue_cents >= 0)),
    CONSTRAINT product_sales_days_units_check CHECK ((units > 0))
);

--
-- Name: production_made; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.production_made (
    location_id bigint NOT NULL,
    day date NOT NULL,
    variant_id bigint NOT NULL,
    made_units integer NOT NULL,
    made_by bigint NOT NULL,
    made_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT production_made_made_units_check CHECK (((made_units >= 0) AND (made_units <= 100000)))
);

--
-- Name: TABLE production_made; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.production_made IS 'How many units of a variation the kitchen has made for a fulfilment day, and who recorded it last.';

--
-- Name: production_prints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.production_prints (
    id bigint NOT NULL,
    location_id bigint NOT NULL,
    day date NOT NULL,
    fulfillment text,
    window_start timestamp with time zone,
    lines jsonb NOT NULL,
    printed_by bigint NOT NULL,
    printed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT production_prints_fulfillment_check CHECK ((fulfillment = ANY (ARRAY['pickup'::text, 'delivery'::text, 'shipping'::text]))),
    CONSTRAINT production_prints_lines_check CHECK ((jsonb_typeof(lines) = 'array'::text)),
    CONSTRAINT production_prints_window_check CHECK ((((fulfillment IS NULL) AND (window_start IS NULL)) OR ((fulfillment = 'shipping'::text) AND (window_start IS NULL)) OR ((fulfillment = ANY (ARRAY['pickup'::text, 'delivery'::text])) AND (window_start IS NOT NULL))))
);

--
-- Name: TABLE production_prints; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.production_prints IS 'Each print of the production plan, with the lines as printed, so the plan shows what moved since.';

--
-- Name: production_prints_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.production_prints ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.production_prints_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: products_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.products ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.products_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: promo_codes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.promo_codes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.promo_codes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: promo_redemptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.promo_redemptions (
    promo_code_id bigint NOT NULL,
    order_id bigint NOT NULL,
    customer_email text,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: rate_limits; Type: TABLE; Schema: public; Owner: -
--

CREATE UNLOGGED TABLE public.rate_limits (
    key text NOT NULL,
    tat timestamp with time zone NOT NULL,
    CONSTRAINT rate_limits_key_check CHECK (((length(key) >= 1) AND (length(key) <= 300)))
);

--
-- Name: sales_days; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sales_days (
    location_id bigint NOT NULL,
    basis text NOT NULL,
    day date NOT NULL,
    fulfillment text NOT NULL,
    source text NOT NULL,
    currency character(3) NOT NULL,
    orders integer NOT NULL,
    items_sold integer NOT NULL,
    gross_cents bigint NOT NULL,
    discount_cents bigint NOT NULL,
    refund_cents bigint NOT NULL,
    net_cents bigint NOT NULL,
    tax_cents bigint NOT NULL,
    tip_cents bigint NOT NULL,
    delivery_fee_cents bigint NOT NULL,
    shipping_cents bigint NOT NULL,
    total_cents bigint NOT NULL,
    rolled_up_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT sales_days_basis_check CHECK ((basis = ANY (ARRAY['ordered'::text, 'fulfilled'::text]))),
    CONSTRAINT sales_days_check CHECK ((net_cents = ((gross_cents - discount_cents) - refund_cents))),
    CONSTRAINT sales_days_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT sales_days_delivery_fee_cents_check CHECK ((delivery_fee_cents >= 0)),
    CONSTRAINT sales_days_discount_cents_check CHECK ((discount_cents >= 0)),
    CONSTRAINT sales_days_fulfillment_check CHECK ((fulfillment = ANY (ARRAY['pickup'::text, 'delivery'::text, 'shipping'::text]))),
    CONSTRAINT sales_days_gross_cents_check CHECK ((gross_cents >= 0)),
    CONSTRAINT sales_days_items_sold_check CHECK ((items_sold >= 0)),
    CONSTRAINT sales_days_orders_check CHECK ((orders > 0)),
    CONSTRAINT sales_days_refund_cents_check CHECK ((refund_cents >= 0)),
    CONSTRAINT sales_days_shipping_cents_check CHECK ((shipping_cents >= 0)),
    CONSTRAINT sales_days_source_check CHECK ((source = ANY (ARRAY['online'::text, 'phone'::text, 'walk_in'::text]))),
    CONSTRAINT sales_days_tax_cents_check CHECK ((tax_cents >= 0)),
    CONSTRAINT sales_days_tip_cents_check CHECK ((tip_cents >= 0)),
    CONSTRAINT sales_days_total_cents_check CHECK ((total_cents >= 0))
);

--
-- Name: sales_hours; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sales_hours (
    location_id bigint NOT NULL,
    basis text NOT NULL,
    day date NOT NULL,
    hour integer NOT NULL,
    orders integer NOT NULL,
    net_cents bigint NOT NULL,
    CONSTRAINT sales_hours_basis_check CHECK ((basis = ANY (ARRAY['ordered'::text, 'fulfilled'::text]))),
    CONSTRAINT sales_hours_hour_check CHECK (((hour >= 0) AND (hour <= 23))),
    CONSTRAINT sales_hours_orders_check CHECK ((orders > 0))
);

--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    id text NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    admin_user_id bigint,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    customer_id bigint,
    CONSTRAINT sessions_one_kind CHECK (((customer_id IS NULL) OR (admin_user_id IS NULL)))
);

--
-- Name: settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.settings (
    key text NOT NULL,
    value jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT settings_alerts_check CHECK (((key <> 'alerts'::text) OR ((jsonb_typeof(value) = 'object'::text) AND (COALESCE((value ->> 'quiet_from'::text), ''::text) ~ '^(([01][0-9]|2[0-3]):[0-5][0-9])?$'::text) AND (COALESCE((value ->> 'quiet_until'::text), ''::text) ~ '^(([01][0-9]|2[0-3]):[0-5][0-9])?$'::text) AND (((value ->> 'quiet_from'::text) IS NULL) = ((value ->> 'quiet_until'::text) IS NULL)) AND (COALESCE((value ->> 'sms_to'::text), ''::text) ~ '^(\+[1-9][0-9]{7,14})?$'::text)))),
    CONSTRAINT settings_catalog_source_check CHECK (((key <> 'catalog.source'::text) OR (value = ANY (ARRAY['"local"'::jsonb, '"square"'::jsonb])))),
    CONSTRAINT settings_holds_check CHECK (((key !~ '^holds\.'::text) OR ((jsonb_typeof(value) = 'number'::text) AND ((value)::text ~ '^[0-9]{1,4}$'::text) AND ((((value)::text)::integer >= 1) AND (((value)::text)::integer <= 1440))))),
    CONSTRAINT settings_key_check CHECK ((key ~ '^[a-z][a-z0-9_.]*$'::text)),
    CONSTRAINT settings_limits_check CHECK (((key !~ '^limits\.'::text) OR ((jsonb_typeof(value) = 'object'::text) AND (jsonb_typeof((value -> 'limit'::text)) = 'number'::text) AND (jsonb_typeof((value -> 'minutes'::text)) = 'number'::text) AND ((value ->> 'limit'::text) ~ '^[0-9]{1,6}$'::text) AND ((value ->> 'minutes'::text) ~ '^[0-9]{1,4}$'::text) AND (((value ->> 'limit'::text))::integer >= 1) AND ((((value ->> 'minutes'::text))::integer >= 1) AND (((value ->> 'minutes'::text))::integer <= 1440))))),
    CONSTRAINT settings_require_two_factor_check CHECK (((key <> 'accounts.require_two_factor'::text) OR (value = ANY (ARRAY['true'::jsonb, 'false'::jsonb])))),
    CONSTRAINT settings_retention_days_check CHECK (
CASE
    WHEN (key !~ '^retention\.'::text) THEN true
    WHEN (key <> ALL (ARRAY['retention.webhook_payload_days'::text, 'retention.outbox_body_days'::text, 'retention.abandoned_cart_days'::text])) THEN false
    WHEN (jsonb_typeof(value) <> 'number'::text) THEN false
    ELSE ((((value)::numeric >= (1)::numeric) AND ((value)::numeric <= (3650)::numeric)) AND ((value)::numeric = trunc((value)::numeric)))
END)
);

--
-- Name: shop_branding; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.shop_branding (
    id boolean DEFAULT true NOT NULL,
    hero_line text DEFAULT ''::text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    brand_color text DEFAULT '#8a3b12'::text NOT NULL,
    accent_color text DEFAULT '#fdf3e7'::text NOT NULL,
    logo_image_id bigint,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT shop_branding_accent_color_check CHECK ((accent_color ~ '^#[0-9a-f]{6}$'::text)),
    CONSTRAINT shop_branding_brand_color_check CHECK ((brand_color ~ '^#[0-9a-f]{6}$'::text)),
    CONSTRAINT shop_branding_description_check CHECK ((char_length(description) <= 300)),
    CONSTRAINT shop_branding_hero_line_check CHECK (((char_length(hero_line) <= 140) AND (hero_line !~ '[\r\n]'::text))),
    CONSTRAINT shop_branding_id_check CHECK (id)
);

--
-- Name: slot_reservations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.slot_reservations (
    location_id bigint NOT NULL,
    slot_at timestamp with time zone NOT NULL,
    capacity integer NOT NULL,
    reserved integer DEFAULT 0 NOT NULL,
    kind text DEFAULT 'pickup'::text NOT NULL,
    CONSTRAINT pickup_slot_reservations_capacity_check CHECK ((capacity > 0)),
    CONSTRAINT pickup_slot_reservations_check CHECK (((reserved >= 0) AND (reserved <= capacity))),
    CONSTRAINT slot_reservations_kind_check CHECK ((kind = ANY (ARRAY['pickup'::text, 'delivery'::text])))
);

--
-- Name: sms_opt_outs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sms_opt_outs (
    phone text NOT NULL,
    opted_out_at timestamp with time zone DEFAULT now() NOT NULL,
    source text NOT NULL,
    CONSTRAINT sms_opt_outs_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{7,14}$'::text)),
    CONSTRAINT sms_opt_outs_source_check CHECK ((source = 'twilio_21610'::text))
);

--
-- Name: sms_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sms_outbox (
    id bigint NOT NULL,
    template text NOT NULL,
    to_number text,
    order_id bigint,
    order_event_id bigint,
    body text,
    status text DEFAULT 'queued'::text NOT NULL,
    transport text,
    provider_message_sid text,
    provider_status text,
    error_code integer,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    sent_at timestamp with time zone,
    body_purged_at timestamp with time zone,
    incident_id bigint,
    CONSTRAINT sms_outbox_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT sms_outbox_body_check CHECK (((char_length(body) >= 1) AND (char_length(body) <= 1600))),
    CONSTRAINT sms_outbox_body_or_purged CHECK (((body IS NULL) = (body_purged_at IS NOT NULL))),
    CONSTRAINT sms_outbox_sent_is_recorded CHECK (((status <> ALL (ARRAY['sent'::text, 'delivered'::text])) OR ((transport IS NOT NULL) AND (sent_at IS NOT NULL)))),
    CONSTRAINT sms_outbox_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'sent'::text, 'delivered'::text, 'failed'::text, 'undeliverable'::text]))),
    CONSTRAINT sms_outbox_template_check CHECK ((template = ANY (ARRAY['order_ready'::text, 'order_out_for_delivery'::text, 'payment_link'::text, 'owner_incident_opened'::text, 'owner_incident_resolved'::text]))),
    CONSTRAINT sms_outbox_to_number_check CHECK ((to_number ~ '^\+[1-9][0-9]{7,14}$'::text)),
    CONSTRAINT sms_outbox_transport_check CHECK ((transport = ANY (ARRAY['twilio'::text, 'outbox'::text]))),
    CONSTRAINT sms_outbox_twilio_has_sid CHECK (((transport IS DISTINCT FROM 'twilio'::text) OR (provider_message_sid IS NOT NULL)))
);

--
-- Name: sms_outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.sms_outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.sms_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: sold_out_periods; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sold_out_periods (
    id bigint NOT NULL,
    variant_id bigint NOT NULL,
    location_id bigint,
    sold_out_at timestamp with time zone DEFAULT now() NOT NULL,
    back_at timestamp with time zone,
    CONSTRAINT sold_out_periods_check CHECK (((back_at IS NULL) OR (back_at >= sold_out_at)))
);

--
-- Name: sold_out_periods_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.sold_out_periods ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.sold_out_periods_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: square_breaker_states; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.square_breaker_states (
    process text NOT NULL,
    family text NOT NULL,
    state text NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT square_breaker_states_family_check CHECK ((family ~ '^[a-z_]{1,40}$'::text)),
    CONSTRAINT square_breaker_states_process_check CHECK (((char_length(process) >= 1) AND (char_length(process) <= 200))),
    CONSTRAINT square_breaker_states_state_check CHECK ((state = ANY (ARRAY['closed'::text, 'open'::text, 'half_open'::text])))
);

--
-- Name: staff_invites; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.staff_invites (
    id bigint NOT NULL,
    kind text NOT NULL,
    email text NOT NULL,
    role text,
    admin_user_id bigint,
    token_hash bytea NOT NULL,
    invited_by bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    accepted_at timestamp with time zone,
    CONSTRAINT staff_invites_accepted_in_time CHECK (((accepted_at IS NULL) OR (accepted_at <= expires_at))),
    CONSTRAINT staff_invites_accepted_member CHECK (((kind = 'reset'::text) OR (accepted_at IS NULL) OR (admin_user_id IS NOT NULL))),
    CONSTRAINT staff_invites_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text)),
    CONSTRAINT staff_invites_kind_check CHECK ((kind = ANY (ARRAY['invite'::text, 'reset'::text]))),
    CONSTRAINT staff_invites_kind_fields CHECK ((((kind = 'invite'::text) AND (role IS NOT NULL)) OR ((kind = 'reset'::text) AND (admin_user_id IS NOT NULL)))),
    CONSTRAINT staff_invites_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'staff'::text]))),
    CONSTRAINT staff_invites_token_hash_check CHECK ((length(token_hash) = 32))
);

--
-- Name: staff_invites_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.staff_invites ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.staff_invites_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: summary_email_settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.summary_email_settings (
    admin_user_id bigint NOT NULL,
    frequency text NOT NULL,
    local_hour integer NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT summary_email_settings_frequency_check CHECK ((frequency = ANY (ARRAY['off'::text, 'daily'::text, 'weekly'::text]))),
    CONSTRAINT summary_email_settings_local_hour_check CHECK (((local_hour >= 0) AND (local_hour <= 23)))
);

--
-- Name: summary_emails; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.summary_emails (
    id bigint NOT NULL,
    admin_user_id bigint NOT NULL,
    frequency text NOT NULL,
    period_from date NOT NULL,
    period_to date NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT summary_emails_check CHECK ((period_to >= period_from)),
    CONSTRAINT summary_emails_frequency_check CHECK ((frequency = ANY (ARRAY['daily'::text, 'weekly'::text])))
);

--
-- Name: summary_emails_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.summary_emails ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.summary_emails_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: variants_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.variants ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.variants_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: webhook_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_events (
    id bigint NOT NULL,
    provider text NOT NULL,
    event_id text NOT NULL,
    type text NOT NULL,
    payload jsonb,
    state text DEFAULT 'received'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    processed_at timestamp with time zone,
    payload_purged_at timestamp with time zone,
    CONSTRAINT webhook_events_payload_or_purged CHECK (((payload IS NULL) = (payload_purged_at IS NOT NULL))),
    CONSTRAINT webhook_events_provider_check CHECK ((provider = 'square'::text)),
    CONSTRAINT webhook_events_state_check CHECK ((state = ANY (ARRAY['received'::text, 'processed'::text, 'ignored'::text, 'failed'::text, 'dead'::text])))
);

--
-- Name: webhook_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.webhook_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.webhook_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: worker_heartbeats; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.worker_heartbeats (
    worker_id text NOT NULL,
    process text NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    seen_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT worker_heartbeats_check CHECK ((seen_at >= started_at)),
    CONSTRAINT worker_heartbeats_process_check CHECK (((char_length(process) >= 1) AND (char_length(process) <= 200))),
    CONSTRAINT worker_heartbeats_worker_id_check CHECK ((worker_id ~ '^[A-Za-z0-9_-]{1,100}$'::text))
);

--
-- Name: pgmigrations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pgmigrations ALTER COLUMN id SET DEFAULT nextval('public.pgmigrations_id_seq'::regclass);

--
-- Name: admin_recovery_codes admin_recovery_codes_admin_user_id_code_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admin_recovery_codes
    ADD CONSTRAINT admin_recovery_codes_admin_user_id_code_hash_key UNIQUE (admin_user_id, code_hash);

--
-- Name: admin_recovery_codes admin_recovery_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admin_recovery_codes
    ADD CONSTRAINT admin_recovery_codes_pkey PRIMARY KEY (id);

--
-- Name: admin_users admin_users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admin_users
    ADD CONSTRAINT admin_users_pkey PRIMARY KEY (id);

--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

--
-- Name: cart_items cart_items_line_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_line_key UNIQUE (cart_id, variant_id, modifier_ids, note);

--
-- Name: cart_items cart_items_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_pkey PRIMARY KEY (id);

--
-- Name: carts carts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.carts
    ADD CONSTRAINT carts_pkey PRIMARY KEY (id);

--
-- Name: catalog_images catalog_images_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_images
    ADD CONSTRAINT catalog_images_pkey PRIMARY KEY (square_image_id);

--
-- Name: catalog_sync_runs catalog_sync_runs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_sync_runs
    ADD CONSTRAINT catalog_sync_runs_pkey PRIMARY KEY (id);

--
-- Name: catalog_sync_state catalog_sync_state_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_sync_state
    ADD CONSTRAINT catalog_sync_state_pkey PRIMARY KEY (id);

--
-- Name: categories categories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_pkey PRIMARY KEY (id);

--
-- Name: categories categories_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_slug_key UNIQUE (slug);

--
-- Name: categories categories_square_category_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT categories_square_category_id_key UNIQUE (square_category_id);

--
-- Name: counter_payments counter_payments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.counter_payments
    ADD CONSTRAINT counter_payments_pkey PRIMARY KEY (order_id);

--
-- Name: customer_accounts customer_accounts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_accounts
    ADD CONSTRAINT customer_accounts_pkey PRIMARY KEY (customer_id);

--
-- Name: customer_first_days customer_first_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_first_days
    ADD CONSTRAINT customer_first_days_pkey PRIMARY KEY (customer_id, basis);

--
-- Name: customer_gap_days customer_gap_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_gap_days
    ADD CONSTRAINT customer_gap_days_pkey PRIMARY KEY (scope, basis, day, gap);

--
-- Name: customer_sales_days customer_sales_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_sales_days
    ADD CONSTRAINT customer_sales_days_pkey PRIMARY KEY (location_id, basis, day, customer_id);

--
-- Name: customer_sales_months customer_sales_months_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_sales_months
    ADD CONSTRAINT customer_sales_months_pkey PRIMARY KEY (scope, basis, month, customer_id);

--
-- Name: customer_sign_in_codes customer_sign_in_codes_link_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_sign_in_codes
    ADD CONSTRAINT customer_sign_in_codes_link_hash_key UNIQUE (link_hash);

--
-- Name: customer_sign_in_codes customer_sign_in_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_sign_in_codes
    ADD CONSTRAINT customer_sign_in_codes_pkey PRIMARY KEY (id);

--
-- Name: customer_visits customer_visits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_visits
    ADD CONSTRAINT customer_visits_pkey PRIMARY KEY (customer_id, scope, basis, day);

--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);

--
-- Name: daily_limit_uses daily_limit_uses_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_limit_uses
    ADD CONSTRAINT daily_limit_uses_key UNIQUE NULLS NOT DISTINCT (limit_id, location_id, day, slot_at);

--
-- Name: daily_limits daily_limits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_limits
    ADD CONSTRAINT daily_limits_pkey PRIMARY KEY (id);

--
-- Name: daily_limits daily_limits_product_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_limits
    ADD CONSTRAINT daily_limits_product_id_key UNIQUE (product_id);

--
-- Name: daily_limits daily_limits_variant_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_limits
    ADD CONSTRAINT daily_limits_variant_id_key UNIQUE (variant_id);

--
-- Name: delivery_zone_postal_codes delivery_zone_postal_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.delivery_zone_postal_codes
    ADD CONSTRAINT delivery_zone_postal_codes_pkey PRIMARY KEY (location_id, postal_code);

--
-- Name: delivery_zones delivery_zones_id_location_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.delivery_zones
    ADD CONSTRAINT delivery_zones_id_location_id_key UNIQUE (id, location_id);

--
-- Name: delivery_zones delivery_zones_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.delivery_zones
    ADD CONSTRAINT delivery_zones_pkey PRIMARY KEY (id);

--
-- Name: email_outbox email_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_outbox
    ADD CONSTRAINT email_outbox_pkey PRIMARY KEY (id);

--
-- Name: funnel_days funnel_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.funnel_days
    ADD CONSTRAINT funnel_days_pkey PRIMARY KEY (location_id, day, step);

--
-- Name: image_variants image_variants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.image_variants
    ADD CONSTRAINT image_variants_pkey PRIMARY KEY (image_id, width, format);

--
-- Name: images images_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.images
    ADD CONSTRAINT images_pkey PRIMARY KEY (id);

--
-- Name: images images_sha256_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.images
    ADD CONSTRAINT images_sha256_key UNIQUE (sha256);

--
-- Name: incidents incidents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.incidents
    ADD CONSTRAINT incidents_pkey PRIMARY KEY (id);

--
-- Name: inventory_levels inventory_levels_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inventory_levels
    ADD CONSTRAINT inventory_levels_pkey PRIMARY KEY (variant_id, location_id);

--
-- Name: location_closures location_closures_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.location_closures
    ADD CONSTRAINT location_closures_pkey PRIMARY KEY (location_id, closed_on);

--
-- Name: location_hours location_hours_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.location_hours
    ADD CONSTRAINT location_hours_pkey PRIMARY KEY (location_id, weekday, opens_at);

--
-- Name: locations locations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_pkey PRIMARY KEY (id);

--
-- Name: locations locations_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_slug_key UNIQUE (slug);

--
-- Name: locations locations_square_location_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_square_location_id_key UNIQUE (square_location_id);

--
-- Name: metric_rollups metric_rollups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.metric_rollups
    ADD CONSTRAINT metric_rollups_pkey PRIMARY KEY (name);

--
-- Name: modifier_lists modifier_lists_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.modifier_lists
    ADD CONSTRAINT modifier_lists_pkey PRIMARY KEY (id);

--
-- Name: modifier_lists modifier_lists_square_modifier_list_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.modifier_lists
    ADD CONSTRAINT modifier_lists_square_modifier_list_id_key UNIQUE (square_modifier_list_id);

--
-- Name: modifier_sales_days modifier_sales_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.modifier_sales_days
    ADD CONSTRAINT modifier_sales_days_pkey PRIMARY KEY (location_id, basis, day, modifier_key);

--
-- Name: modifiers modifiers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.modifiers
    ADD CONSTRAINT modifiers_pkey PRIMARY KEY (id);

--
-- Name: modifiers modifiers_square_modifier_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.modifiers
    ADD CONSTRAINT modifiers_square_modifier_id_key UNIQUE (square_modifier_id);

--
-- Name: operations_days operations_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.operations_days
    ADD CONSTRAINT operations_days_pkey PRIMARY KEY (location_id, basis, day, lead_days);

--
-- Name: order_events order_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_events
    ADD CONSTRAINT order_events_pkey PRIMARY KEY (id);

--
-- Name: order_items order_items_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_pkey PRIMARY KEY (id);

--
-- Name: orders orders_cart_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_cart_id_key UNIQUE (cart_id);

--
-- Name: orders orders_checkout_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_checkout_key_key UNIQUE (checkout_key);

--
-- Name: orders orders_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_number_key UNIQUE (number);

--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);

--
-- Name: orders orders_public_token_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_public_token_key UNIQUE (public_token);

--
-- Name: orders orders_square_order_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_square_order_id_key UNIQUE (square_order_id);

--
-- Name: payment_attempt_days payment_attempt_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_attempt_days
    ADD CONSTRAINT payment_attempt_days_pkey PRIMARY KEY (location_id, day, outcome);

--
-- Name: payment_attempts payment_attempts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_attempts
    ADD CONSTRAINT payment_attempts_pkey PRIMARY KEY (id);

--
-- Name: payment_attempts payment_attempts_source_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_attempts
    ADD CONSTRAINT payment_attempts_source_id_key UNIQUE (source_id);

--
-- Name: payment_attempts payment_attempts_square_payment_link_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_attempts
    ADD CONSTRAINT payment_attempts_square_payment_link_id_key UNIQUE (square_payment_link_id);

--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);

--
-- Name: payments payments_square_payment_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_square_payment_id_key UNIQUE (square_payment_id);

--
-- Name: pgmigrations pgmigrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pgmigrations
    ADD CONSTRAINT pgmigrations_pkey PRIMARY KEY (id);

--
-- Name: product_modifier_lists product_modifier_lists_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_modifier_lists
    ADD CONSTRAINT product_modifier_lists_pkey PRIMARY KEY (product_id, modifier_list_id);

--
-- Name: product_sales_days product_sales_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_sales_days
    ADD CONSTRAINT product_sales_days_pkey PRIMARY KEY (location_id, basis, day, item_key);

--
-- Name: production_made production_made_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_made
    ADD CONSTRAINT production_made_pkey PRIMARY KEY (location_id, day, variant_id);

--
-- Name: production_prints production_prints_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_prints
    ADD CONSTRAINT production_prints_pkey PRIMARY KEY (id);

--
-- Name: products products_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);

--
-- Name: products products_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_slug_key UNIQUE (slug);

--
-- Name: products products_square_item_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_square_item_id_key UNIQUE (square_item_id);

--
-- Name: promo_codes promo_codes_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.promo_codes
    ADD CONSTRAINT promo_codes_code_key UNIQUE (code);

--
-- Name: promo_codes promo_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.promo_codes
    ADD CONSTRAINT promo_codes_pkey PRIMARY KEY (id);

--
-- Name: promo_redemptions promo_redemptions_order_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.promo_redemptions
    ADD CONSTRAINT promo_redemptions_order_id_key UNIQUE (order_id);

--
-- Name: promo_redemptions promo_redemptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.promo_redemptions
    ADD CONSTRAINT promo_redemptions_pkey PRIMARY KEY (promo_code_id, order_id);

--
-- Name: rate_limits rate_limits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rate_limits
    ADD CONSTRAINT rate_limits_pkey PRIMARY KEY (key);

--
-- Name: refunds refunds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_pkey PRIMARY KEY (id);

--
-- Name: refunds refunds_square_refund_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_square_refund_id_key UNIQUE (square_refund_id);

--
-- Name: sales_days sales_days_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales_days
    ADD CONSTRAINT sales_days_pkey PRIMARY KEY (location_id, basis, day, fulfillment, source);

--
-- Name: sales_hours sales_hours_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales_hours
    ADD CONSTRAINT sales_hours_pkey PRIMARY KEY (location_id, basis, day, hour);

--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);

--
-- Name: settings settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (key);

--
-- Name: shop_branding shop_branding_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shop_branding
    ADD CONSTRAINT shop_branding_pkey PRIMARY KEY (id);

--
-- Name: slot_reservations slot_reservations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.slot_reservations
    ADD CONSTRAINT slot_reservations_pkey PRIMARY KEY (location_id, kind, slot_at);

--
-- Name: sms_opt_outs sms_opt_outs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sms_opt_outs
    ADD CONSTRAINT sms_opt_outs_pkey PRIMARY KEY (phone);

--
-- Name: sms_outbox sms_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sms_outbox
    ADD CONSTRAINT sms_outbox_pkey PRIMARY KEY (id);

--
-- Name: sms_outbox sms_outbox_provider_message_sid_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sms_outbox
    ADD CONSTRAINT sms_outbox_provider_message_sid_key UNIQUE (provider_message_sid);

--
-- Name: sold_out_periods sold_out_periods_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sold_out_periods
    ADD CONSTRAINT sold_out_periods_pkey PRIMARY KEY (id);

--
-- Name: square_breaker_states square_breaker_states_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.square_breaker_states
    ADD CONSTRAINT square_breaker_states_pkey PRIMARY KEY (process, family);

--
-- Name: staff_invites staff_invites_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_invites
    ADD CONSTRAINT staff_invites_pkey PRIMARY KEY (id);

--
-- Name: staff_invites staff_invites_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_invites
    ADD CONSTRAINT staff_invites_token_hash_key UNIQUE (token_hash);

--
-- Name: summary_email_settings summary_email_settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_email_settings
    ADD CONSTRAINT summary_email_settings_pkey PRIMARY KEY (admin_user_id);

--
-- Name: summary_emails summary_emails_admin_user_id_frequency_period_from_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_emails
    ADD CONSTRAINT summary_emails_admin_user_id_frequency_period_from_key UNIQUE (admin_user_id, frequency, period_from);

--
-- Name: summary_emails summary_emails_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_emails
    ADD CONSTRAINT summary_emails_pkey PRIMARY KEY (id);

--
-- Name: variants variants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.variants
    ADD CONSTRAINT variants_pkey PRIMARY KEY (id);

--
-- Name: variants variants_product_id_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.variants
    ADD CONSTRAINT variants_product_id_name_key UNIQUE (product_id, name);

--
-- Name: variants variants_square_variation_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.variants
    ADD CONSTRAINT variants_square_variation_id_key UNIQUE (square_variation_id);

--
-- Name: webhook_events webhook_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_events
    ADD CONSTRAINT webhook_events_pkey PRIMARY KEY (id);

--
-- Name: webhook_events webhook_events_provider_event_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_events
    ADD CONSTRAINT webhook_events_provider_event_id_key UNIQUE (provider, event_id);

--
-- Name: worker_heartbeats worker_heartbeats_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.worker_heartbeats
    ADD CONSTRAINT worker_heartbeats_pkey PRIMARY KEY (worker_id);

--
-- Name: admin_users_email_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX admin_users_email_key ON public.admin_users USING btree (lower(email));

--
-- Name: audit_log_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_created_idx ON public.audit_log USING btree (created_at DESC);

--
-- Name: audit_log_subject_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_subject_idx ON public.audit_log USING btree (subject_type, subject_id, created_at DESC);

--
-- Name: carts_open_updated_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX carts_open_updated_idx ON public.carts USING btree (updated_at) WHERE (checked_out_at IS NULL);

--
-- Name: catalog_sync_runs_started_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_sync_runs_started_idx ON public.catalog_sync_runs USING btree (started_at DESC, id DESC);

--
-- Name: customer_first_days_basis_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX customer_first_days_basis_day_idx ON public.customer_first_days USING btree (basis, first_day);

--
-- Name: customer_sales_days_basis_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX customer_sales_days_basis_day_idx ON public.customer_sales_days USING btree (basis, day);

--
-- Name: customer_sales_days_customer_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX customer_sales_days_customer_idx ON public.customer_sales_days USING btree (customer_id, basis, day);

--
-- Name: customer_sales_months_customer_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX customer_sales_months_customer_idx ON public.customer_sales_months USING btree (customer_id);

--
-- Name: customer_sales_months_ranking_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX customer_sales_months_ranking_idx ON public.customer_sales_months USING btree (scope, basis, month, net_cents DESC, orders DESC, customer_id);

--
-- Name: customer_sign_in_codes_email_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX customer_sign_in_codes_email_idx ON public.customer_sign_in_codes USING btree (email, created_at DESC);

--
-- Name: customers_email_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX customers_email_key ON public.customers USING btree (lower(email));

--
-- Name: delivery_zone_postal_codes_zone_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX delivery_zone_postal_codes_zone_idx ON public.delivery_zone_postal_codes USING btree (zone_id);

--
-- Name: delivery_zones_location_name_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX delivery_zones_location_name_key ON public.delivery_zones USING btree (location_id, lower(TRIM(BOTH FROM name)));

--
-- Name: email_outbox_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX email_outbox_created_idx ON public.email_outbox USING btree (created_at DESC);

--
-- Name: email_outbox_one_alert_per_owner; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX email_outbox_one_alert_per_owner ON public.email_outbox USING btree (order_id, to_address) WHERE (template = 'owner_unaccepted_order'::text);

--
-- Name: email_outbox_one_confirmation; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX email_outbox_one_confirmation ON public.email_outbox USING btree (order_id) WHERE (template = 'order_confirmation'::text);

--
-- Name: email_outbox_one_incident_email; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX email_outbox_one_incident_email ON public.email_outbox USING btree (incident_id, template, to_address) WHERE (incident_id IS NOT NULL);

--
-- Name: email_outbox_one_late_payment_alert; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX email_outbox_one_late_payment_alert ON public.email_outbox USING btree (refund_id, to_address) WHERE (template = 'owner_late_payment_refunded'::text);

--
-- Name: email_outbox_one_per_event; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX email_outbox_one_per_event ON public.email_outbox USING btree (order_event_id) WHERE (order_event_id IS NOT NULL);

--
-- Name: email_outbox_one_per_refund; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX email_outbox_one_per_refund ON public.email_outbox USING btree (refund_id) WHERE (template = 'refund_confirmation'::text);

--
-- Name: incidents_one_open_per_problem; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX incidents_one_open_per_problem ON public.incidents USING btree (kind, subject) WHERE (resolved_at IS NULL);

--
-- Name: incidents_opened_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX incidents_opened_idx ON public.incidents USING btree (opened_at DESC);

--
-- Name: inventory_levels_location_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX inventory_levels_location_idx ON public.inventory_levels USING btree (location_id);

--
-- Name: modifier_sales_days_basis_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX modifier_sales_days_basis_day_idx ON public.modifier_sales_days USING btree (basis, day);

--
-- Name: modifiers_list_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX modifiers_list_idx ON public.modifiers USING btree (modifier_list_id, sort_order);

--
-- Name: operations_days_basis_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX operations_days_basis_day_idx ON public.operations_days USING btree (basis, day);

--
-- Name: order_events_order_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX order_events_order_idx ON public.order_events USING btree (order_id, id);

--
-- Name: order_item_modifiers_item_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX order_item_modifiers_item_idx ON public.order_item_modifiers USING btree (order_item_id, sort_order);

--
-- Name: order_items_order_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX order_items_order_idx ON public.order_items USING btree (order_id);

--
-- Name: order_items_variant_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX order_items_variant_idx ON public.order_items USING btree (variant_id);

--
-- Name: orders_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_created_idx ON public.orders USING btree (created_at DESC);

--
-- Name: orders_customer_email_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_customer_email_idx ON public.orders USING btree (lower(customer_email)) WHERE (customer_email IS NOT NULL);

--
-- Name: orders_customer_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_customer_idx ON public.orders USING btree (customer_id);

--
-- Name: orders_delivery_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_delivery_at_idx ON public.orders USING btree (delivery_at) WHERE (delivery_at IS NOT NULL);

--
-- Name: orders_location_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_location_created_idx ON public.orders USING btree (location_id, created_at);

--
-- Name: orders_pickup_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_pickup_at_idx ON public.orders USING btree (pickup_at) WHERE (pickup_at IS NOT NULL);

--
-- Name: orders_ship_on_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_ship_on_idx ON public.orders USING btree (ship_on) WHERE (ship_on IS NOT NULL);

--
-- Name: orders_state_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_state_idx ON public.orders USING btree (state, created_at DESC);

--
-- Name: orders_unpaid_email_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_unpaid_email_idx ON public.orders USING btree (customer_email) WHERE ((state = 'pending_payment'::text) AND (NOT pay_at_pickup));

--
-- Name: orders_unpaid_ip_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_unpaid_ip_idx ON public.orders USING btree (client_ip) WHERE ((state = 'pending_payment'::text) AND (NOT pay_at_pickup));

--
-- Name: orders_unpaid_session_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_unpaid_session_idx ON public.orders USING btree (session_key) WHERE ((state = 'pending_payment'::text) AND (NOT pay_at_pickup));

--
-- Name: payment_attempts_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payment_attempts_created_idx ON public.payment_attempts USING btree (created_at);

--
-- Name: payment_attempts_order_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payment_attempts_order_idx ON public.payment_attempts USING btree (order_id, created_at DESC);

--
-- Name: payment_attempts_square_order_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payment_attempts_square_order_idx ON public.payment_attempts USING btree (square_order_id);

--
-- Name: payment_attempts_square_payment_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payment_attempts_square_payment_idx ON public.payment_attempts USING btree (square_payment_id) WHERE (square_payment_id IS NOT NULL);

--
-- Name: payments_one_completed_per_order; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX payments_one_completed_per_order ON public.payments USING btree (order_id) WHERE (status = 'COMPLETED'::text);

--
-- Name: payments_order_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_order_idx ON public.payments USING btree (order_id);

--
-- Name: product_modifier_lists_list_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX product_modifier_lists_list_idx ON public.product_modifier_lists USING btree (modifier_list_id);

--
-- Name: product_sales_days_basis_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX product_sales_days_basis_day_idx ON public.product_sales_days USING btree (basis, day);

--
-- Name: production_prints_window_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX production_prints_window_idx ON public.production_prints USING btree (location_id, day, fulfillment, window_start, printed_at DESC);

--
-- Name: products_category_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX products_category_idx ON public.products USING btree (category_id, sort_order) WHERE is_active;

--
-- Name: products_image_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX products_image_id_idx ON public.products USING btree (image_id) WHERE (image_id IS NOT NULL);

--
-- Name: promo_redemptions_customer_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX promo_redemptions_customer_idx ON public.promo_redemptions USING btree (promo_code_id, customer_email);

--
-- Name: rate_limits_tat_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX rate_limits_tat_idx ON public.rate_limits USING btree (tat);

--
-- Name: refunds_order_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX refunds_order_idx ON public.refunds USING btree (order_id, created_at);

--
-- Name: sales_days_basis_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sales_days_basis_day_idx ON public.sales_days USING btree (basis, day);

--
-- Name: sales_hours_basis_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sales_hours_basis_day_idx ON public.sales_hours USING btree (basis, day);

--
-- Name: sessions_admin_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sessions_admin_user_idx ON public.sessions USING btree (admin_user_id) WHERE (admin_user_id IS NOT NULL);

--
-- Name: sessions_customer_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sessions_customer_idx ON public.sessions USING btree (customer_id) WHERE (customer_id IS NOT NULL);

--
-- Name: sessions_expires_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sessions_expires_idx ON public.sessions USING btree (expires_at);

--
-- Name: sms_outbox_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sms_outbox_created_at_idx ON public.sms_outbox USING btree (created_at DESC);

--
-- Name: sms_outbox_one_incident_text; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX sms_outbox_one_incident_text ON public.sms_outbox USING btree (incident_id, template, to_number) WHERE (incident_id IS NOT NULL);

--
-- Name: sms_outbox_one_per_event; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX sms_outbox_one_per_event ON public.sms_outbox USING btree (order_event_id, template) WHERE (order_event_id IS NOT NULL);

--
-- Name: sms_outbox_order_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sms_outbox_order_id_idx ON public.sms_outbox USING btree (order_id);

--
-- Name: sold_out_periods_open_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX sold_out_periods_open_idx ON public.sold_out_periods USING btree (variant_id, COALESCE(location_id, (0)::bigint)) WHERE (back_at IS NULL);

--
-- Name: sold_out_periods_sold_out_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sold_out_periods_sold_out_at_idx ON public.sold_out_periods USING btree (sold_out_at);

--
-- Name: staff_invites_email_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX staff_invites_email_idx ON public.staff_invites USING btree (lower(email));

--
-- Name: variants_product_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX variants_product_idx ON public.variants USING btree (product_id, sort_order);

--
-- Name: webhook_events_state_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_events_state_idx ON public.webhook_events USING btree (state, received_at DESC);

--
-- Name: webhook_events_type_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_events_type_idx ON public.webhook_events USING btree (type, received_at DESC);

--
-- Name: admin_users tg_admin_users__keep_an_owner; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_admin_users__keep_an_owner AFTER DELETE OR UPDATE ON public.admin_users FOR EACH ROW EXECUTE FUNCTION private.tg_admin_users__keep_an_owner();

--
-- Name: audit_log tg_audit_log__no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_audit_log__no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION private.tg_audit_log__append_only();

--
-- Name: audit_log tg_audit_log__no_update_or_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_audit_log__no_update_or_delete BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION private.tg_audit_log__append_only();

--
-- Name: catalog_images tg_catalog_images__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_catalog_images__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.catalog_images FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: categories tg_categories__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_categories__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.categories FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: daily_limit_uses tg_daily_limit_uses__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_daily_limit_uses__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.daily_limit_uses FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: daily_limits tg_daily_limits__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_daily_limits__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.daily_limits FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: delivery_zones tg_delivery_zones__unique_name; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_delivery_zones__unique_name BEFORE INSERT OR UPDATE OF name, location_id ON public.delivery_zones FOR EACH ROW EXECUTE FUNCTION private.tg_delivery_zones__unique_name();

--
-- Name: images tg_images__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_images__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.images FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: inventory_levels tg_inventory_levels__sold_out; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_inventory_levels__sold_out AFTER INSERT OR UPDATE OF quantity ON public.inventory_levels FOR EACH ROW EXECUTE FUNCTION private.tg_inventory_levels__sold_out();

--
-- Name: inventory_levels tg_inventory_levels__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_inventory_levels__storefront_changed AFTER INSERT OR DELETE OR TRUNCATE ON public.inventory_levels FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: inventory_levels tg_inventory_levels__storefront_in_stock_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_inventory_levels__storefront_in_stock_changed AFTER UPDATE ON public.inventory_levels FOR EACH ROW WHEN (((COALESCE((old.quantity > 0), true) IS DISTINCT FROM COALESCE((new.quantity > 0), true)) OR (COALESCE((old.quantity = 0), false) IS DISTINCT FROM COALESCE((new.quantity = 0), false)) OR (old.variant_id IS DISTINCT FROM new.variant_id) OR (old.location_id IS DISTINCT FROM new.location_id))) EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: location_closures tg_location_closures__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_location_closures__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.location_closures FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: location_hours tg_location_hours__no_overlap; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER tg_location_hours__no_overlap AFTER INSERT OR UPDATE ON public.location_hours NOT DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION private.tg_location_hours__no_overlap();

--
-- Name: location_hours tg_location_hours__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_location_hours__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.location_hours FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: locations tg_locations__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_locations__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.locations FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: modifier_lists tg_modifier_lists__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_modifier_lists__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.modifier_lists FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: modifiers tg_modifiers__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_modifiers__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.modifiers FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: orders tg_orders__funnel; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_orders__funnel AFTER INSERT OR UPDATE OF paid_at ON public.orders FOR EACH ROW EXECUTE FUNCTION private.tg_orders__funnel();

--
-- Name: orders tg_orders__sales_rollup; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_orders__sales_rollup AFTER INSERT OR UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION private.tg_orders__sales_rollup();

--
-- Name: orders tg_orders__state_transition; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_orders__state_transition BEFORE UPDATE OF state ON public.orders FOR EACH ROW EXECUTE FUNCTION private.tg_orders__state_transition();

--
-- Name: payment_attempts tg_payment_attempts__sales_rollup; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_payment_attempts__sales_rollup AFTER INSERT OR UPDATE ON public.payment_attempts FOR EACH ROW EXECUTE FUNCTION private.tg_payment_attempts__sales_rollup();

--
-- Name: product_modifier_lists tg_product_modifier_lists__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_product_modifier_lists__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.product_modifier_lists FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: products tg_products__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_products__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.products FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: promo_codes tg_promo_codes__admin_rules; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_promo_codes__admin_rules BEFORE INSERT OR UPDATE OF code, max_uses ON public.promo_codes FOR EACH ROW EXECUTE FUNCTION private.tg_promo_codes__admin_rules();

--
-- Name: promo_codes tg_promo_codes__keep_used; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_promo_codes__keep_used BEFORE DELETE ON public.promo_codes FOR EACH ROW EXECUTE FUNCTION private.tg_promo_codes__keep_used();

--
-- Name: refunds tg_refunds__sales_rollup; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_refunds__sales_rollup AFTER INSERT OR UPDATE ON public.refunds FOR EACH ROW EXECUTE FUNCTION private.tg_refunds__sales_rollup();

--
-- Name: settings tg_settings__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_settings__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.settings FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: shop_branding tg_shop_branding__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_shop_branding__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.shop_branding FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: variants tg_variants__sold_out; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_variants__sold_out AFTER INSERT OR UPDATE OF sold_out ON public.variants FOR EACH ROW EXECUTE FUNCTION private.tg_variants__sold_out();

--
-- Name: variants tg_variants__storefront_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tg_variants__storefront_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.variants FOR EACH STATEMENT EXECUTE FUNCTION private.tg_storefront__changed();

--
-- Name: admin_recovery_codes admin_recovery_codes_admin_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admin_recovery_codes
    ADD CONSTRAINT admin_recovery_codes_admin_user_id_fkey FOREIGN KEY (admin_user_id) REFERENCES public.admin_users(id) ON DELETE CASCADE;

--
-- Name: audit_log audit_log_admin_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_admin_user_id_fkey FOREIGN KEY (admin_user_id) REFERENCES public.admin_users(id) ON DELETE SET NULL;

--
-- Name: cart_items cart_items_cart_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_cart_id_fkey FOREIGN KEY (cart_id) REFERENCES public.carts(id) ON DELETE CASCADE;

--
-- Name: cart_items cart_items_variant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES public.variants(id) ON DELETE CASCADE;

--
-- Name: carts carts_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.carts
    ADD CONSTRAINT carts_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE SET NULL;

--
-- Name: counter_payments counter_payments_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.counter_payments
    ADD CONSTRAINT counter_payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id);

--
-- Name: counter_payments counter_payments_recorded_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.counter_payments
    ADD CONSTRAINT counter_payments_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES public.admin_users(id);

--
-- Name: customer_accounts customer_accounts_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_accounts
    ADD CONSTRAINT customer_accounts_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;

--
-- Name: customer_first_days customer_first_days_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_first_days
    ADD CONSTRAINT customer_first_days_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;

--
-- Name: customer_sales_days customer_sales_days_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_sales_days
    ADD CONSTRAINT customer_sales_days_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;

--
-- Name: customer_sales_days customer_sales_days_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_sales_days
    ADD CONSTRAINT customer_sales_days_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: customer_sales_months customer_sales_months_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_sales_months
    ADD CONSTRAINT customer_sales_months_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;

--
-- Name: customer_visits customer_visits_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_visits
    ADD CONSTRAINT customer_visits_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;

--
-- Name: daily_limit_uses daily_limit_uses_limit_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_limit_uses
    ADD CONSTRAINT daily_limit_uses_limit_id_fkey FOREIGN KEY (limit_id) REFERENCES public.daily_limits(id) ON DELETE CASCADE;

--
-- Name: daily_limit_uses daily_limit_uses_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_limit_uses
    ADD CONSTRAINT daily_limit_uses_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: daily_limits daily_limits_product_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_limits
    ADD CONSTRAINT daily_limits_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE CASCADE;

--
-- Name: daily_limits daily_limits_variant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.daily_limits
    ADD CONSTRAINT daily_limits_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES public.variants(id) ON DELETE CASCADE;

--
-- Name: delivery_zone_postal_codes delivery_zone_postal_codes_zone_id_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.delivery_zone_postal_codes
    ADD CONSTRAINT delivery_zone_postal_codes_zone_id_location_id_fkey FOREIGN KEY (zone_id, location_id) REFERENCES public.delivery_zones(id, location_id) ON DELETE CASCADE;

--
-- Name: delivery_zones delivery_zones_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.delivery_zones
    ADD CONSTRAINT delivery_zones_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: email_outbox email_outbox_incident_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_outbox
    ADD CONSTRAINT email_outbox_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id) ON DELETE CASCADE;

--
-- Name: email_outbox email_outbox_order_event_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_outbox
    ADD CONSTRAINT email_outbox_order_event_id_fkey FOREIGN KEY (order_event_id) REFERENCES public.order_events(id) ON DELETE SET NULL;

--
-- Name: email_outbox email_outbox_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_outbox
    ADD CONSTRAINT email_outbox_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE SET NULL;

--
-- Name: email_outbox email_outbox_refund_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_outbox
    ADD CONSTRAINT email_outbox_refund_id_fkey FOREIGN KEY (refund_id) REFERENCES public.refunds(id) ON DELETE SET NULL;

--
-- Name: email_outbox email_outbox_sign_in_code_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_outbox
    ADD CONSTRAINT email_outbox_sign_in_code_id_fkey FOREIGN KEY (sign_in_code_id) REFERENCES public.customer_sign_in_codes(id) ON DELETE SET NULL;

--
-- Name: email_outbox email_outbox_staff_invite_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_outbox
    ADD CONSTRAINT email_outbox_staff_invite_id_fkey FOREIGN KEY (staff_invite_id) REFERENCES public.staff_invites(id) ON DELETE SET NULL;

--
-- Name: email_outbox email_outbox_summary_email_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_outbox
    ADD CONSTRAINT email_outbox_summary_email_id_fkey FOREIGN KEY (summary_email_id) REFERENCES public.summary_emails(id) ON DELETE CASCADE;

--
-- Name: funnel_days funnel_days_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.funnel_days
    ADD CONSTRAINT funnel_days_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: image_variants image_variants_image_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.image_variants
    ADD CONSTRAINT image_variants_image_id_fkey FOREIGN KEY (image_id) REFERENCES public.images(id) ON DELETE CASCADE;

--
-- Name: inventory_levels inventory_levels_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inventory_levels
    ADD CONSTRAINT inventory_levels_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: inventory_levels inventory_levels_variant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inventory_levels
    ADD CONSTRAINT inventory_levels_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES public.variants(id) ON DELETE CASCADE;

--
-- Name: location_closures location_closures_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.location_closures
    ADD CONSTRAINT location_closures_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: location_hours location_hours_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.location_hours
    ADD CONSTRAINT location_hours_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: modifier_sales_days modifier_sales_days_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.modifier_sales_days
    ADD CONSTRAINT modifier_sales_days_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: modifier_sales_days modifier_sales_days_modifier_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.modifier_sales_days
    ADD CONSTRAINT modifier_sales_days_modifier_id_fkey FOREIGN KEY (modifier_id) REFERENCES public.modifiers(id) ON DELETE SET NULL;

--
-- Name: modifiers modifiers_modifier_list_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.modifiers
    ADD CONSTRAINT modifiers_modifier_list_id_fkey FOREIGN KEY (modifier_list_id) REFERENCES public.modifier_lists(id) ON DELETE CASCADE;

--
-- Name: operations_days operations_days_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.operations_days
    ADD CONSTRAINT operations_days_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: order_events order_events_admin_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_events
    ADD CONSTRAINT order_events_admin_user_id_fkey FOREIGN KEY (admin_user_id) REFERENCES public.admin_users(id) ON DELETE SET NULL;

--
-- Name: order_events order_events_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_events
    ADD CONSTRAINT order_events_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;

--
-- Name: order_item_modifiers order_item_modifiers_modifier_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_item_modifiers
    ADD CONSTRAINT order_item_modifiers_modifier_id_fkey FOREIGN KEY (modifier_id) REFERENCES public.modifiers(id) ON DELETE SET NULL;

--
-- Name: order_item_modifiers order_item_modifiers_order_item_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_item_modifiers
    ADD CONSTRAINT order_item_modifiers_order_item_id_fkey FOREIGN KEY (order_item_id) REFERENCES public.order_items(id) ON DELETE CASCADE;

--
-- Name: order_items order_items_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;

--
-- Name: order_items order_items_variant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES public.variants(id) ON DELETE SET NULL;

--
-- Name: orders orders_accepted_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES public.admin_users(id) ON DELETE SET NULL;

--
-- Name: orders orders_cart_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_cart_id_fkey FOREIGN KEY (cart_id) REFERENCES public.carts(id) ON DELETE SET NULL;

--
-- Name: orders orders_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE SET NULL;

--
-- Name: orders orders_delivery_zone_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_delivery_zone_id_fkey FOREIGN KEY (delivery_zone_id) REFERENCES public.delivery_zones(id) ON DELETE SET NULL;

--
-- Name: orders orders_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE RESTRICT;

--
-- Name: orders orders_no_show_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_no_show_by_fkey FOREIGN KEY (no_show_by) REFERENCES public.admin_users(id) ON DELETE SET NULL;

--
-- Name: orders orders_placed_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_placed_by_fkey FOREIGN KEY (placed_by) REFERENCES public.admin_users(id) ON DELETE SET NULL;

--
-- Name: orders orders_promo_code_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_promo_code_id_fkey FOREIGN KEY (promo_code_id) REFERENCES public.promo_codes(id) ON DELETE SET NULL;

--
-- Name: payment_attempt_days payment_attempt_days_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_attempt_days
    ADD CONSTRAINT payment_attempt_days_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: payment_attempts payment_attempts_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_attempts
    ADD CONSTRAINT payment_attempts_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;

--
-- Name: payments payments_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE RESTRICT;

--
-- Name: payments payments_payment_attempt_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_payment_attempt_id_fkey FOREIGN KEY (payment_attempt_id) REFERENCES public.payment_attempts(id) ON DELETE SET NULL;

--
-- Name: slot_reservations pickup_slot_reservations_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.slot_reservations
    ADD CONSTRAINT pickup_slot_reservations_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: product_modifier_lists product_modifier_lists_modifier_list_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_modifier_lists
    ADD CONSTRAINT product_modifier_lists_modifier_list_id_fkey FOREIGN KEY (modifier_list_id) REFERENCES public.modifier_lists(id) ON DELETE CASCADE;

--
-- Name: product_modifier_lists product_modifier_lists_product_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_modifier_lists
    ADD CONSTRAINT product_modifier_lists_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE CASCADE;

--
-- Name: product_sales_days product_sales_days_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_sales_days
    ADD CONSTRAINT product_sales_days_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: product_sales_days product_sales_days_product_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_sales_days
    ADD CONSTRAINT product_sales_days_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE SET NULL;

--
-- Name: product_sales_days product_sales_days_variant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_sales_days
    ADD CONSTRAINT product_sales_days_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES public.variants(id) ON DELETE SET NULL;

--
-- Name: production_made production_made_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_made
    ADD CONSTRAINT production_made_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: production_made production_made_made_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_made
    ADD CONSTRAINT production_made_made_by_fkey FOREIGN KEY (made_by) REFERENCES public.admin_users(id) ON DELETE RESTRICT;

--
-- Name: production_made production_made_variant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_made
    ADD CONSTRAINT production_made_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES public.variants(id) ON DELETE CASCADE;

--
-- Name: production_prints production_prints_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_prints
    ADD CONSTRAINT production_prints_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: production_prints production_prints_printed_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_prints
    ADD CONSTRAINT production_prints_printed_by_fkey FOREIGN KEY (printed_by) REFERENCES public.admin_users(id) ON DELETE RESTRICT;

--
-- Name: products products_category_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.categories(id) ON DELETE RESTRICT;

--
-- Name: products products_image_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_image_id_fkey FOREIGN KEY (image_id) REFERENCES public.images(id) ON DELETE SET NULL;

--
-- Name: promo_redemptions promo_redemptions_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.promo_redemptions
    ADD CONSTRAINT promo_redemptions_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;

--
-- Name: promo_redemptions promo_redemptions_promo_code_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.promo_redemptions
    ADD CONSTRAINT promo_redemptions_promo_code_id_fkey FOREIGN KEY (promo_code_id) REFERENCES public.promo_codes(id) ON DELETE RESTRICT;

--
-- Name: refunds refunds_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE RESTRICT;

--
-- Name: refunds refunds_payment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES public.payments(id) ON DELETE RESTRICT;

--
-- Name: refunds refunds_requested_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES public.admin_users(id) ON DELETE SET NULL;

--
-- Name: sales_days sales_days_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales_days
    ADD CONSTRAINT sales_days_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: sales_hours sales_hours_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sales_hours
    ADD CONSTRAINT sales_hours_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: sessions sessions_admin_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_admin_user_id_fkey FOREIGN KEY (admin_user_id) REFERENCES public.admin_users(id) ON DELETE CASCADE;

--
-- Name: sessions sessions_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customer_accounts(customer_id) ON DELETE CASCADE;

--
-- Name: shop_branding shop_branding_logo_image_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shop_branding
    ADD CONSTRAINT shop_branding_logo_image_id_fkey FOREIGN KEY (logo_image_id) REFERENCES public.images(id) ON DELETE SET NULL;

--
-- Name: sms_outbox sms_outbox_incident_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sms_outbox
    ADD CONSTRAINT sms_outbox_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id) ON DELETE CASCADE;

--
-- Name: sms_outbox sms_outbox_order_event_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sms_outbox
    ADD CONSTRAINT sms_outbox_order_event_id_fkey FOREIGN KEY (order_event_id) REFERENCES public.order_events(id) ON DELETE SET NULL;

--
-- Name: sms_outbox sms_outbox_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sms_outbox
    ADD CONSTRAINT sms_outbox_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;

--
-- Name: sold_out_periods sold_out_periods_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sold_out_periods
    ADD CONSTRAINT sold_out_periods_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.locations(id) ON DELETE CASCADE;

--
-- Name: sold_out_periods sold_out_periods_variant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sold_out_periods
    ADD CONSTRAINT sold_out_periods_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES public.variants(id) ON DELETE CASCADE;

--
-- Name: staff_invites staff_invites_admin_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_invites
    ADD CONSTRAINT staff_invites_admin_user_id_fkey FOREIGN KEY (admin_user_id) REFERENCES public.admin_users(id) ON DELETE CASCADE;

--
-- Name: staff_invites staff_invites_invited_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_invites
    ADD CONSTRAINT staff_invites_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES public.admin_users(id) ON DELETE SET NULL;

--
-- Name: summary_email_settings summary_email_settings_admin_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_email_settings
    ADD CONSTRAINT summary_email_settings_admin_user_id_fkey FOREIGN KEY (admin_user_id) REFERENCES public.admin_users(id) ON DELETE CASCADE;

--
-- Name: summary_emails summary_emails_admin_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_emails
    ADD CONSTRAINT summary_emails_admin_user_id_fkey FOREIGN KEY (admin_user_id) REFERENCES public.admin_users(id) ON DELETE CASCADE;

--
-- Name: variants variants_product_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.variants
    ADD CONSTRAINT variants_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE CASCADE;

--
-- PostgreSQL database dump complete
--
