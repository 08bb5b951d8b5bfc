-- Refuses a privacy request that names nobody: an email address or a phone number is needed.
create or replace function private.privacy_check_request(p_email text, p_phone text) returns void
language plpgsql immutable as $$
begin
  if nullif(btrim(p_email), '') is null and private.privacy_phone_key(p_phone) is null then
    raise exception 'Say whose data it is: an email address, or a phone number with at least 7 digits.' using errcode = 'LR422', column = 'email';
  end if;
end
$$;
