-- Up Migration
-- An admin's replay of a stored webhook: the event goes back to 'received' (its attempts and last
-- error stay as history) and its processing job is queued again, in one transaction.

create function replay_webhook_event(p_id bigint, p_request_id text default null) returns text
language plpgsql volatile as $$
declare
  v_event_id text;
  v_job_key text := 'process_square_webhook:' || p_id;
begin
  update webhook_events
     set state = 'received', processed_at = null
   where id = p_id
  returning event_id into v_event_id;
  if v_event_id is null then
    raise exception 'Webhook event % not found.', p_id using errcode = 'LR404';
  end if;
  -- add_job's 'replace' mode resets a queued or retrying job in place, but only takes the key off a
  -- permanently failed one and adds a second job beside it. Remove that failure first so a replay
  -- replaces it too. A job a worker is running now is left to finish; add_job stops it retrying.
  perform graphile_worker.complete_jobs(array(
    select id from graphile_worker.jobs
     where key = v_job_key and attempts >= max_attempts and locked_at is null));
  perform graphile_worker.add_job(
    identifier => 'process_square_webhook',
    -- No request_id key at all when there is none: the task's payload schema refuses null.
    payload => json_strip_nulls(json_build_object('webhook_event_id', p_id, 'request_id', p_request_id)),
    max_attempts => 10,
    job_key => v_job_key,
    job_key_mode => 'replace');
  return v_event_id;
end
$$;

-- Down Migration
drop function replay_webhook_event(bigint, text);
