-- The promo code a customer typed, if it can be used on this order now, or a clear error.
-- Limits are checked again, under a row lock, when an order takes the code (redeem_promo_code).
create or replace function private.check_promo_code(
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
