-- Up Migration
-- The one place an order's money is computed: the cart page, the checkout and place_order all call
-- price_order(). It follows what Square's Orders API does with the order Larder mirrors to it
-- (one order-scoped discount, one order-scoped percentage tax, the delivery fee or shipping as a
-- non-taxable SUBTOTAL_PHASE service charge, the tip as a TOTAL_PHASE service charge), so the
-- amount Square charges is the amount shown. Rounding (see README "Pricing and rounding"):
--   * every division rounds half to even ("bankers' rounding"), as Square's Orders API does;
--   * a percentage discount is computed per line: round(line × rate);
--   * a fixed discount (capped at the subtotal) is shared out in proportion to each line's gross:
--     whole cents first, then the cents left over one each to the lines with the largest
--     remainders (the earlier line first among equals), so the shares add up to the discount;
--   * tax is computed per line on the line after its discount share: exclusive
--     round(net × rate), inclusive round(net × rate / (1 + rate)), and summed;
--   * a percentage tip is round((subtotal − discount) × percent / 100).

-- numerator / denominator rounded half to even, for non-negative amounts.
create function round_half_even(p_numerator numeric, p_denominator numeric) returns bigint
language plpgsql immutable strict as $$
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

create function price_order(
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
      discounts[i] := least(round_half_even(p_line_gross_cents[i]::numeric * p_discount_value, 10000), p_line_gross_cents[i]);
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
                       then round_half_even(net::numeric * p_tax_rate_bps, 10000 + p_tax_rate_bps)
                       else round_half_even(net::numeric * p_tax_rate_bps, 10000) end;
    end if;
    tax := tax + taxes[i];
  end loop;

  if p_tip_percent is not null then
    tip := round_half_even((subtotal - discount)::numeric * p_tip_percent, 100);
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

-- Down Migration
drop function price_order(bigint[], text, bigint, integer, boolean, bigint, bigint, integer, bigint);
drop function round_half_even(numeric, numeric);
