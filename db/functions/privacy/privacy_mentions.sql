-- Whether free text mentions any of the given terms (case-insensitive).
create or replace function private.privacy_mentions(p_text text, p_terms text[]) returns boolean
language sql immutable as $$
  select p_text is not null and exists (select 1 from unnest(coalesce(p_terms, '{}')) term where strpos(lower(p_text), lower(btrim(term))) > 0)
$$;
