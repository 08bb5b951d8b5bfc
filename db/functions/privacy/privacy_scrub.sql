-- Free text with every occurrence of the given terms (case-insensitive) replaced by '[erased]'.
create or replace function private.privacy_scrub(p_text text, p_terms text[]) returns text
language plpgsql immutable as $$
declare
  scrubbed text := p_text;
  term text;
begin
  if scrubbed is null then
    return null;
  end if;
  foreach term in array coalesce(p_terms, '{}') loop
    scrubbed := regexp_replace(scrubbed, regexp_replace(btrim(term), '([.*+?^${}()|\[\]\\])', '\\\1', 'g'), '[erased]', 'gi');
  end loop;
  return scrubbed;
end
$$;
