-- A variation flagged sold out opens a sold-out period (sold_out_periods, location null); cleared,
-- it closes it. Larder kept no such history before migration 1733000002200.
create or replace function private.tg_variants__sold_out() returns trigger
language plpgsql as $$
begin
  if new.sold_out and (tg_op = 'INSERT' or not old.sold_out) then
    insert into sold_out_periods (variant_id, location_id) values (new.id, null)
    on conflict (variant_id, coalesce(location_id, 0)) where back_at is null do nothing;
  elsif tg_op = 'UPDATE' and old.sold_out and not new.sold_out then
    update sold_out_periods set back_at = now() where variant_id = new.id and location_id is null and back_at is null;
  end if;
  return null;
end
$$;

create trigger tg_variants__sold_out after insert or update of sold_out on variants
for each row execute function private.tg_variants__sold_out();
