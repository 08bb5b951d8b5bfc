-- How many days a kind of personal data is kept: the owner's setting, or its default. The defaults
-- live here only (README "Privacy" states them): webhook payloads 30 days, email and text bodies 90,
-- carts never checked out 30.
create or replace function private.retention_days(p_key text) returns integer
language sql stable as $$
  select coalesce((select (value)::integer from settings where key = p_key),
                  case p_key when 'retention.webhook_payload_days' then 30
                             when 'retention.outbox_body_days' then 90
                             when 'retention.abandoned_cart_days' then 30 end)
$$;
