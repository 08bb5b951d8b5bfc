create or replace function price_order(
  p_line_gross_cents bigint[],
  p_discount_kind text,            -- null, 'percent' or 'fixed'
  p_discount_value bigint,         -- basis points for percent, cents for fixed
  p_tax_rate_bps integer,
  p_tax_inclusive boolean,
  p_delivery_fee_cents bigint,
  p_shipping_cents bigint,
  p_tip_percent integer,           -- a preset percentage, or null
  p_tip_cents bigint               -- a custom amount, or null
) returns table (
  subtotal_cents bigint,
  discount_cents bigint,
  tax_cents bigint,
  delivery_fee_cents bigint,
  shipping_cents bigint,
  tip_cents bigint,
  total_cents bigint,
  line_discount_cents bigint[],
  line_tax_cents bigint[]
)
language plpgsql immutable as $$
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
