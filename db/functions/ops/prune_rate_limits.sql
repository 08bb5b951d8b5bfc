-- Forgets rate-limit keys whose time has passed (a key without a row is a key with no hits); run
-- by the prune_rate_limits task. Returns how many were removed.
create or replace function prune_rate_limits() returns integer
language sql volatile as $$
  with gone as (delete from rate_limits where tat < clock_timestamp() returning 1)
  select count(*)::integer from gone;
$$;
