-- Up Migration
-- Fixes found by the ordering integration tests (tests/integration/sql-{modifiers,delivery-shipping,pricing}.test.ts):
--   * cart_lines.unavailable now follows every rule place_order applies to a line's choices: a
--     line whose list was taken off its product, or whose product gained a list it must choose
--     from (or whose list's minimum or maximum changed), showed as available on the cart page and
--     then failed at checkout;
--   * normalize_postal_code trims tabs and line breaks, not only spaces;
--   * quote_cart reads a tip amount of 0 as no amount, as place_order does (it refused a
--     percentage sent with amount 0 that place_order accepts).

-- Whether a line's choices still pass check_modifier_selection (the menu may have changed since
-- the line was added); the one rule, reused rather than restated.
create function modifier_selection_valid(p_variant_id bigint, p_modifier_ids bigint[]) returns boolean
language plpgsql stable as $$
begin
  perform check_modifier_selection(p_variant_id, p_modifier_ids);
  return true;
exception when sqlstate 'LR422' then
  return false;
end
$$;

create or replace view cart_lines as
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
        or not modifier_selection_valid(ci.variant_id, ci.modifier_ids)
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

create or replace function normalize_postal_code(p_postal_code text) returns text
language sql immutable as $$
  -- Whitespace of any kind (tabs, line breaks) is collapsed before trimming, so a pasted code
  -- with a stray tab or line break still matches its zone.
  select nullif(upper(btrim(regexp_replace(coalesce(p_postal_code, ''), '\s+', ' ', 'g'))), '')
$$;

create or replace function quote_cart(
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
  -- An amount of 0 is no amount, as place_order reads it.
  perform check_tip(loc, p_tip_percent, nullif(p_tip_cents, 0));
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

-- Down Migration
create or replace function quote_cart(
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

create or replace function normalize_postal_code(p_postal_code text) returns text
language sql immutable as $$
  select nullif(upper(regexp_replace(trim(coalesce(p_postal_code, '')), '\s+', ' ', 'g')), '')
$$;

create or replace view cart_lines as
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

drop function modifier_selection_valid(bigint, bigint[]);
