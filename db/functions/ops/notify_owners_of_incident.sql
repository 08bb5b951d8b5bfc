-- Queues one incident message (opened or resolved) to every owner by email, and by text to the
-- alerts phone when one is set (settings 'alerts'.sms_to), with their jobs, in the caller's
-- transaction; unique indexes make a second call for the same incident and template a no-op.
-- Returns how many messages it queued.
create or replace function private.notify_owners_of_incident(p_incident_id bigint, p_template text) returns integer
language plpgsql volatile as $$
declare
  message record;
  queued integer := 0;
begin
  for message in
    insert into email_outbox (template, to_address, incident_id)
    select p_template, a.email, p_incident_id from admin_users a where a.role = 'owner'
    on conflict do nothing
    returning id
  loop
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', message.id), p_job_key => 'send_email:' || message.id);
    queued := queued + 1;
  end loop;
  for message in
    insert into sms_outbox (template, to_number, incident_id, body)
    select p_template, s.value ->> 'sms_to', i.id,
           left(coalesce(nullif(shop.value #>> '{}', ''), 'Larder') || ': '
                || case p_template when 'owner_incident_resolved' then 'resolved: ' else 'needs attention: ' end || i.summary, 1600)
      from incidents i
      join settings s on s.key = 'alerts' and coalesce(s.value ->> 'sms_to', '') <> ''
      left join settings shop on shop.key = 'shop.name'
     where i.id = p_incident_id
    on conflict do nothing
    returning id
  loop
    perform private.enqueue_job('send_sms', jsonb_build_object('sms_id', message.id), p_job_key => 'send_sms:' || message.id, p_max_attempts => 7);
    queued := queued + 1;
  end loop;
  return queued;
end
$$;
