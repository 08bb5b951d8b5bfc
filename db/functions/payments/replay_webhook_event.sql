create or replace function replay_webhook_event(p_id bigint, p_request_id text default null) returns text
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
  perform private.enqueue_job('process_square_webhook', jsonb_build_object('webhook_event_id', p_id),
    p_job_key => v_job_key, p_max_attempts => 10, p_request_id => p_request_id);
  return v_event_id;
end
$$;
