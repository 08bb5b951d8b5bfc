-- Stores a webhook once and queues its processing in the same transaction.
-- Returns false for a duplicate delivery, which is acknowledged and otherwise ignored.
create or replace function record_webhook_event(
  p_provider text, p_event_id text, p_type text, p_payload jsonb, p_request_id text
) returns boolean
language plpgsql volatile as $$
declare
  new_id bigint;
begin
  insert into webhook_events (provider, event_id, type, payload)
  values (p_provider, p_event_id, p_type, p_payload)
  on conflict (provider, event_id) do nothing
  returning id into new_id;
  if new_id is null then
    return false;
  end if;
  perform private.enqueue_job('process_square_webhook', jsonb_build_object('webhook_event_id', new_id),
    p_job_key => 'process_square_webhook:' || new_id, p_max_attempts => 10, p_request_id => p_request_id);
  return true;
end
$$;
