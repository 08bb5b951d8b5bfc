-- The digits of a phone number that identify it across the ways it is written ('(217) 555-0142',
-- '+1 217 555 0142', '12175550142' are one number): its last ten digits, or all of them when it has
-- fewer; null when it has fewer than seven (too short to be anyone's number).
create or replace function private.privacy_phone_key(p_phone text) returns text
language sql immutable as $$
  select case when length(d) >= 7 then right(d, 10) end
    from (select regexp_replace(coalesce(p_phone, ''), '[^0-9]', '', 'g') as d) digits
$$;
