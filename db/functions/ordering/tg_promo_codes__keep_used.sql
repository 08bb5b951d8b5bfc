-- A code that orders used stays, for their history: deactivate it instead.
create or replace function private.tg_promo_codes__keep_used() returns trigger
language plpgsql as $$
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

create trigger tg_promo_codes__keep_used before delete on promo_codes
for each row execute function private.tg_promo_codes__keep_used();
