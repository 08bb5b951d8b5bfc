-- How an invite's or reset's token is kept: its SHA-256, so the table alone opens no account.
create or replace function private.staff_token_hash(p_token text)
returns bytea
language sql immutable as $$
  select sha256(convert_to(p_token, 'UTF8'));
$$;
