-- One of security_settings()' values, for the functions that apply it (place_order, the holds).
create or replace function private.security_setting(p_key text) returns jsonb
language sql stable as $$
  select value from security_settings() where key = p_key;
$$;
