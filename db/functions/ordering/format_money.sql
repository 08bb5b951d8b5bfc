create or replace function private.format_money(p_cents bigint, p_currency text) returns text
language sql immutable as $$
  select case when p_currency = 'USD' then '$' else p_currency || ' ' end
         || to_char(p_cents / 100.0, 'FM999999990.00')
$$;
