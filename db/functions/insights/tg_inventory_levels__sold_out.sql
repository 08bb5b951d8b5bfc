-- A variation's stock at a location reaching zero opens a sold-out period for that location; stock
-- coming back closes it.
create or replace function private.tg_inventory_levels__sold_out() returns trigger
language plpgsql as $$
begin
  if new.quantity = 0 and (tg_op = 'INSERT' or old.quantity > 0) then
    insert into sold_out_periods (variant_id, location_id) values (new.variant_id, new.location_id)
    on conflict (variant_id, coalesce(location_id, 0)) where back_at is null do nothing;
  elsif tg_op = 'UPDATE' and old.quantity = 0 and new.quantity > 0 then
    update sold_out_periods set back_at = now()
     where variant_id = new.variant_id and location_id = new.location_id and back_at is null;
  end if;
  return null;
end
$$;

create trigger tg_inventory_levels__sold_out after insert or update of quantity on inventory_levels
for each row execute function private.tg_inventory_levels__sold_out();
