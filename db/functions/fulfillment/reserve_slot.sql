create or replace function private.reserve_slot(p_location_id bigint, p_kind text, p_slot_at timestamptz) returns void
language plpgsql volatile as $$
declare
  taken integer;
begin
  insert into slot_reservations (location_id, kind, slot_at, capacity, reserved)
  select id, p_kind, p_slot_at,
         case p_kind when 'pickup' then pickup_slot_capacity else delivery_window_capacity end, 1
    from locations where id = p_location_id
  on conflict (location_id, kind, slot_at) do update
    set reserved = slot_reservations.reserved + 1, capacity = excluded.capacity
    where slot_reservations.reserved < excluded.capacity
  returning reserved into taken;
  if taken is null then
    if p_kind = 'pickup' then
      raise exception 'That pickup time just filled up. Please choose another.'
        using errcode = 'LR409', column = 'pickupAt';
    end if;
    raise exception 'That delivery window just filled up. Please choose another.'
      using errcode = 'LR409', column = 'deliveryAt';
  end if;
end
$$;
