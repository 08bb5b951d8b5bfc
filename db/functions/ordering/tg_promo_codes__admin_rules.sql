create or replace function private.tg_promo_codes__admin_rules() returns trigger
language plpgsql as $$
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

-- Only when an admin changes these columns; place_order's `uses` updates keep the plain CHECK.
create trigger tg_promo_codes__admin_rules before insert or update of code, max_uses on promo_codes
for each row execute function private.tg_promo_codes__admin_rules();
