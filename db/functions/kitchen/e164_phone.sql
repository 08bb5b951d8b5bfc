-- A phone number as typed at checkout, in the E.164 form texts are sent to ('+12175550142'), or null
-- when it cannot be one. A number without '+' or '00' is read as the given country's (its one
-- leading trunk '0' dropped); for country 1 (US, Canada: NANP) it must be ten digits whose area code
-- and exchange start with 2-9, an optional leading 1 allowed. Not proof the number takes texts:
-- Twilio answers that (21211, 21614).
create or replace function private.e164_phone(p_phone text, p_country_code text) returns text
language plpgsql immutable as $$
declare
  typed text := btrim(coalesce(p_phone, ''));
  digits text;
begin
  if typed !~ '^\+?[0-9 ().-]+$' then
    return null;
  end if;
  digits := regexp_replace(typed, '[^0-9]', '', 'g');
  if left(typed, 1) = '+' then
    null;
  elsif left(digits, 2) = '00' then
    digits := substr(digits, 3);
  elsif p_country_code = '1' then
    if length(digits) = 11 and left(digits, 1) = '1' then
      digits := substr(digits, 2);
    end if;
    if digits !~ '^[2-9][0-9]{2}[2-9][0-9]{6}$' then
      return null;
    end if;
    digits := '1' || digits;
  else
    digits := p_country_code || regexp_replace(digits, '^0', '');
  end if;
  if digits !~ '^[1-9][0-9]{7,14}$' then
    return null;
  end if;
  -- A NANP number written with its +1 follows the same rule as one typed without.
  if left(digits, 1) = '1' and digits !~ '^1[2-9][0-9]{2}[2-9][0-9]{6}$' then
    return null;
  end if;
  return '+' || digits;
end
$$;
