-- An online order placed, and an online order paid (once, when paid_at is first set), counted in
-- funnel_days in the transaction that places or pays it. Orders staff take are not the storefront's.
create or replace function private.tg_orders__funnel() returns trigger
language plpgsql as $$
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

create trigger tg_orders__funnel after insert or update of paid_at on orders
for each row execute function private.tg_orders__funnel();
