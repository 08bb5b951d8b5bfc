-- Unlocks the jobs of workers that have not been seen for p_dead_after_seconds (by the database's
-- clock), through graphile-worker's own force_unlock_workers, so another worker runs them within a
-- minute instead of graphile-worker's four hours. A lock held by a worker id with no heartbeat at
-- all (it crashed before its first one) counts as dead once the lock is that old. Returns each
-- rescued worker with the jobs it held, for the log; forgets its heartbeat.
create or replace function rescue_crashed_jobs(p_dead_after_seconds integer default 60)
returns table (worker_id text, process text, last_seen_at timestamptz, jobs integer)
language plpgsql volatile as $$
#variable_conflict use_column
declare
  dead record;
  dead_ids text[] := '{}';
begin
  if p_dead_after_seconds is null or p_dead_after_seconds < 1 then
    raise exception 'A worker is dead after at least 1 second of silence.' using errcode = 'LR422', column = 'dead_after_seconds';
  end if;
  -- One rescuer at a time (every worker runs this cron); the second waits and finds nothing left.
  perform pg_advisory_xact_lock(hashtext('larder.rescue_crashed_jobs'));
  for dead in
    select h.worker_id as id, h.process as process, h.seen_at as seen_at,
           (select count(*)::int from graphile_worker._private_jobs j where j.locked_by = h.worker_id) as jobs
      from worker_heartbeats h
     where h.seen_at < now() - make_interval(secs => p_dead_after_seconds)
    union all
    select j.locked_by, null, null, count(*)::int
      from graphile_worker._private_jobs j
     where j.locked_by is not null
       and j.locked_at < now() - make_interval(secs => p_dead_after_seconds)
       and not exists (select 1 from worker_heartbeats h where h.worker_id = j.locked_by)
     group by j.locked_by
  loop
    dead_ids := dead_ids || dead.id;
    worker_id := dead.id;
    process := dead.process;
    last_seen_at := dead.seen_at;
    jobs := dead.jobs;
    return next;
  end loop;
  if cardinality(dead_ids) > 0 then
    perform graphile_worker.force_unlock_workers(dead_ids);
    delete from worker_heartbeats h where h.worker_id = any (dead_ids);
  end if;
end
$$;
