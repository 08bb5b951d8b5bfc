-- The one way a business function queues follow-up work: graphile-worker's add_job, inside the
-- caller's transaction, with the id of the request that caused it (set by the app for its
-- transaction, see app/lib/request-context.server.ts) carried in the payload so the job's log
-- lines tie back to it. Null values (and a missing request id) are left out of the payload: the
-- tasks' payload schemas refuse null. A job key replaces a queued or retrying job of that key;
-- p_run_at schedules it for later.
create or replace function private.enqueue_job(
  p_task text,
  p_payload jsonb,
  p_job_key text default null,
  p_max_attempts integer default null,
  p_queue_name text default null,
  p_request_id text default null,
  p_run_at timestamptz default null
) returns void
language plpgsql volatile as $$
begin
  perform graphile_worker.add_job(
    identifier => p_task,
    payload => json_strip_nulls((p_payload || jsonb_build_object(
      'request_id', coalesce(p_request_id, nullif(current_setting('larder.request_id', true), ''))))::json),
    queue_name => p_queue_name,
    run_at => p_run_at,
    max_attempts => p_max_attempts,
    job_key => p_job_key);
end
$$;
