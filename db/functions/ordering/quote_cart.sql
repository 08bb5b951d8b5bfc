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
