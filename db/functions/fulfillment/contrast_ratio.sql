-- WCAG 2 contrast ratio of two hex colours (#rrggbb): 1 (same) to 21 (black on white).
create or replace function private.contrast_ratio(p_a text, p_b text) returns numeric
language sql immutable as $$
  with lum as (
    select c, (0.2126 * ch[1] + 0.7152 * ch[2] + 0.0722 * ch[3]) as l
      from (values (1, p_a), (2, p_b)) v(c, hex),
           lateral (select array_agg(case when s <= 0.04045 then s / 12.92 else power((s + 0.055) / 1.055, 2.4) end order by i) as ch
                      from (select i, ('x' || substr(hex, 2 * i, 2))::bit(8)::int / 255.0 as s from generate_series(1, 3) i) parts) channels
  )
  select (max(l) + 0.05) / (min(l) + 0.05) from lum
$$;
