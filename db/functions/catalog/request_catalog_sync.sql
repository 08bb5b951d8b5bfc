-- Queues a catalog sync. One job per mode at a time (a request while one waits replaces it; one that
-- comes while it runs queues another), and every sync job in one queue, so runs never overlap.
create or replace function request_catalog_sync(p_mode text, p_trigger text) returns void
language plpgsql volatile as $$
begin
  if p_mode not in ('full', 'incremental') then
    raise exception 'Choose a full or an incremental sync.' using errcode = 'LR422', column = 'mode';
  end if;
  if p_trigger not in ('cron', 'webhook', 'admin') then
    raise exception 'Unknown sync trigger %.', p_trigger using errcode = 'LR422', column = 'trigger';
  end if;
  perform private.enqueue_job('sync_catalog', jsonb_build_object('mode', p_mode, 'trigger', p_trigger),
    p_job_key => 'sync_catalog:' || p_mode, p_max_attempts => 5, p_queue_name => 'catalog_sync');
end
$$;
