-- The rate limiter (docs/decisions/008): GCRA over one row per key. Each hit moves the key's
-- theoretical arrival time (tat) on by p_period_seconds / p_limit; a hit is allowed while the tat
-- stays within p_period_seconds of now, so a fresh key takes p_limit hits at once and then one per
-- interval. Returns 0 when allowed (and counted), else the seconds to wait (nothing counted).
-- p_cost -1 gives a hit back (a sign-in that succeeded, a promo code that was right).
create or replace function rate_limit(p_key text, p_limit integer, p_period_seconds integer, p_cost integer default 1) returns integer
language plpgsql volatile as $$
declare
  v_now timestamptz := clock_timestamp();
  v_step interval := make_interval(secs => p_period_seconds::double precision / p_limit);
  v_window interval := make_interval(secs => p_period_seconds);
  v_tat timestamptz;
begin
  insert into rate_limits as r (key, tat) values (p_key, v_now + greatest(p_cost, 0) * v_step)
  on conflict (key) do update
     set tat = greatest(r.tat, v_now) + p_cost * v_step
   where greatest(r.tat, v_now) + p_cost * v_step <= v_now + v_window
  returning r.tat into v_tat;
  if found then
    return 0;
  end if;
  select r.tat into v_tat from rate_limits r where r.key = p_key;
  return greatest(1, ceil(extract(epoch from (greatest(v_tat, v_now) + p_cost * v_step) - (v_now + v_window))))::integer;
end
$$;
