-- The owners' alarm (the evaluate_incidents cron, every minute): opens an incident for each
-- problem found now, resolves the open ones no longer found, and tells the owners once when an
-- incident opens and once when it is resolved — outside quiet hours; what opened during them is
-- told when they end if it is still open, and an incident opened and resolved inside them is
-- never told. The problems: dead webhooks; jobs failed for good; a Square breaker open in any
-- process in the last 15 minutes; fewer than 95 % of the last 20 payment attempts (a week at
-- most) ending without a failure of ours (Square unavailable, outcome unknown; declines are the
-- card's, not ours); no worker heartbeat for p_worker_dead_after_seconds, once any was seen.
-- Unaccepted paid orders have their own per-order alert (alert_unaccepted_orders). Returns how
-- many messages it queued.
create or replace function evaluate_incidents(p_worker_dead_after_seconds integer default 60, p_now timestamptz default now())
returns integer
language plpgsql volatile as $$
declare
  incident record;
  queued integer := 0;
begin
  -- One evaluation at a time (every worker runs the cron).
  perform pg_advisory_xact_lock(hashtext('larder.evaluate_incidents'));

  create temporary table if not exists pg_temp.current_problems (kind text, subject text, summary text) on commit drop;
  truncate pg_temp.current_problems;
  insert into pg_temp.current_problems (kind, subject, summary)
  select 'webhooks_dead', '', n || ' Square webhook(s) gave up (dead): replay them from Webhooks.'
    from (select count(*) as n from webhook_events where state = 'dead') x where n > 0
  union all
  select 'jobs_failed', '', n || ' job(s) failed for good: see Jobs.'
    from (select count(*) as n from graphile_worker.jobs where locked_at is null and attempts >= max_attempts) x where n > 0
  union all
  select 'breaker_open', b.family, 'Square ' || replace(b.family, '_', ' ') || ' calls are paused after repeated failures (circuit open).'
    from (select distinct family from square_breaker_states
           where state <> 'closed' and changed_at > p_now - interval '15 minutes') b
  union all
  select 'payments_failing', '', 'Only ' || (total - failures) || ' of the last ' || total
         || ' payment attempts went through without a failure on our side (Square unavailable or no answer).'
    from (select count(*) as total,
                 count(*) filter (where status = 'unknown' or error_code in ('UNAVAILABLE', 'OUTCOME_UNKNOWN')) as failures
            from (select status, error_code from payment_attempts
                   where status <> 'created' and created_at > p_now - interval '7 days'
                   order by created_at desc, id limit 20) last_attempts) x
   where total = 20 and (total - failures) * 100 < 95 * total
  union all
  select 'worker_silent', '', 'No job worker has been heard from for over ' || p_worker_dead_after_seconds
         || ' seconds: emails, payment confirmations and other jobs are not running.'
   where not exists (select 1 from worker_heartbeats where seen_at > p_now - make_interval(secs => p_worker_dead_after_seconds))
     and exists (select 1 from graphile_worker.jobs where run_at < p_now - make_interval(secs => p_worker_dead_after_seconds) and locked_at is null and attempts < max_attempts);

  update incidents i set resolved_at = p_now
   where i.resolved_at is null
     and not exists (select 1 from pg_temp.current_problems p where p.kind = i.kind and p.subject = i.subject);

  insert into incidents (kind, subject, summary, opened_at)
  select kind, subject, summary, p_now from pg_temp.current_problems order by kind, subject
  on conflict (kind, subject) where resolved_at is null do update set summary = excluded.summary;

  if private.in_quiet_hours(p_now) then
    return 0;
  end if;
  for incident in select id from incidents where notified_at is null and resolved_at is null order by id loop
    queued := queued + private.notify_owners_of_incident(incident.id, 'owner_incident_opened');
    update incidents set notified_at = p_now where id = incident.id;
  end loop;
  for incident in select id from incidents where notified_at is not null and resolved_at is not null and resolution_notified_at is null order by id loop
    queued := queued + private.notify_owners_of_incident(incident.id, 'owner_incident_resolved');
    update incidents set resolution_notified_at = p_now where id = incident.id;
  end loop;
  return queued;
end
$$;
