-- An order takes a use of a promo code. The row lock on the code serialises buyers of the same
-- code, so neither the total nor the per-customer limit can be passed by racing.
create or replace function private.redeem_promo_code(p_promo_id bigint, p_order_id bigint, p_customer_email text) returns void
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
