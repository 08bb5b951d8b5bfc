create or replace function private.normalize_postal_code(p_postal_code text) returns text
language sql immutable as $$
  -- Whitespace of any kind (tabs, line breaks) is collapsed before trimming, so a pasted code
  -- with a stray tab or line break still matches its zone.
  select nullif(upper(btrim(regexp_replace(coalesce(p_postal_code, ''), '\s+', ' ', 'g'))), '')
$$;
