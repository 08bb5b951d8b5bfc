-- numerator / denominator rounded half to even, for non-negative amounts.
create or replace function private.round_half_even(p_numerator numeric, p_denominator numeric) returns bigint
language plpgsql immutable strict as $$
declare
  q numeric := p_numerator / p_denominator;
  f numeric := floor(q);
  r numeric := q - f;
begin
  if p_numerator < 0 or p_denominator <= 0 then
    raise exception 'round_half_even takes a non-negative numerator and a positive denominator';
  end if;
  -- numeric division keeps enough digits that an exact half stays exact for cent amounts.
  if r > 0.5 then return f + 1; end if;
  if r < 0.5 then return f; end if;
  return f + (f::bigint % 2);
end
$$;
