-- A worker process says it is alive: one row per graphile-worker worker id it runs, seen now by the
-- database's clock (never the process's, so clock skew between machines cannot make a live worker
-- look dead). Ids the process no longer runs (workers it released) are forgotten.
create or replace function record_worker_heartbeat(p_process text, p_worker_ids text[]) returns void
language plpgsql volatile as $$
begin
  if p_worker_ids is null or cardinality(p_worker_ids) = 0 or cardinality(p_worker_ids) > 200 then
    raise exception 'A heartbeat names between 1 and 200 worker ids.' using errcode = 'LR422', column = 'worker_ids';
  end if;
  delete from worker_heartbeats where process = p_process and worker_id <> all (p_worker_ids);
  insert into worker_heartbeats (worker_id, process)
  select distinct id, p_process from unnest(p_worker_ids) id
  on conflict (worker_id) do update set seen_at = now(), process = excluded.process;
end
$$;
