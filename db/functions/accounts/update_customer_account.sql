-- A signed-in customer saves their details: name, phone, delivery address (p_address: {"line1",
-- "line2", "city", "region", "postalCode"}, all empty for none) and their consents, each kept as
-- the time it was given (a consent already given keeps its time; taking it back clears it).
-- Texts need a phone number. Errors name the account form's fields.
create or replace function update_customer_account(
  p_customer_id bigint, p_name text, p_phone text, p_address jsonb, p_marketing_consent boolean, p_sms_consent boolean
) returns void
language plpgsql volatile as $$
declare
  v_phone text := btrim(coalesce(p_phone, ''));
  v_line1 text := nullif(btrim(p_address ->> 'line1'), '');
  v_line2 text := nullif(btrim(p_address ->> 'line2'), '');
  v_city text := nullif(btrim(p_address ->> 'city'), '');
  v_region text := nullif(btrim(p_address ->> 'region'), '');
  v_postal text := private.normalize_postal_code(p_address ->> 'postalCode');
begin
  if v_phone <> '' and v_phone !~ '^\+?[0-9 ().-]{7,20}$' then
    raise exception 'Enter a phone number like (555) 123-4567.' using errcode = 'LR422', column = 'phone';
  end if;
  if p_sms_consent and v_phone = '' then
    raise exception 'Add a phone number to get texts about your orders.' using errcode = 'LR422', column = 'phone';
  end if;
  if v_line1 is null and (v_line2 is not null or v_city is not null or v_region is not null or v_postal is not null) then
    raise exception 'Enter the street address, or clear the whole address.' using errcode = 'LR422', column = 'addressLine1';
  end if;
  if v_line1 is not null and v_postal is null then
    raise exception 'Enter the ZIP or postal code.' using errcode = 'LR422', column = 'addressPostalCode';
  end if;
  update customer_accounts
     set name = btrim(coalesce(p_name, '')), phone = v_phone,
         address_line1 = v_line1, address_line2 = v_line2, address_city = v_city, address_region = v_region,
         address_postal_code = v_postal,
         marketing_consent_at = case when p_marketing_consent then coalesce(marketing_consent_at, now()) end,
         sms_consent_at = case when p_sms_consent then coalesce(sms_consent_at, now()) end,
         updated_at = now()
   where customer_id = p_customer_id;
  if not found then
    raise exception 'Your account was not found. Sign in again.' using errcode = 'LR404';
  end if;
end
$$;
