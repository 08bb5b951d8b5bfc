-- A worker process stopped cleanly: its heartbeats go, so its silence is not taken for a crash.
create or replace function forget_workers(p_process text) returns void
language sql volatile as $$
  delete from worker_heartbeats where process = p_process
$$;
