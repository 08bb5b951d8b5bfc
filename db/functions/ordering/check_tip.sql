-- A tip the customer chose: a preset percentage the location offers, or an amount.
create or replace function private.check_tip(p_location locations, p_tip_percent integer, p_tip_cents bigint) returns void
language plpgsql immutable as $$
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
