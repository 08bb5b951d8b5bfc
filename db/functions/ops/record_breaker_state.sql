-- A process's Square circuit breaker changed state: kept per process and family, so the incident
-- check (which runs in the worker) sees breakers that open in the web processes too.
create or replace function record_breaker_state(p_process text, p_family text, p_state text) returns void
language sql volatile as $$
  insert into square_breaker_states (process, family, state, changed_at)
  values (p_process, p_family, p_state, now())
  on conflict (process, family) do update set state = excluded.state, changed_at = excluded.changed_at
$$;
