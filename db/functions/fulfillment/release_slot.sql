-- Gives back an order's place (expired or cancelled orders).
create or replace function private.release_slot(p_location_id bigint, p_kind text, p_slot_at timestamptz) returns void
language sql volatile as $$
  update slot_reservations set reserved = reserved - 1
   where location_id = p_location_id and kind = p_kind and slot_at = p_slot_at and reserved > 0
$$;
