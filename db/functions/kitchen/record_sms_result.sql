-- What became of one queued text, recorded once (a row already sent, failed or undeliverable is
-- left as it is, so a job that runs again changes nothing): sent (through Twilio with its message
-- sid, or kept in the outbox), a try that failed and will be retried (queued, the reason kept),
-- or failed / undeliverable for good. Twilio's 21610 (the recipient replied STOP) also records the
-- number's opt-out, so no later text goes to it for consent given before. Returns the row's status.
create or replace function record_sms_result(
  p_sms_id bigint,
  p_status text,
  p_transport text default null,
  p_provider_message_sid text default null,
  p_provider_status text default null,
  p_error_code integer default null,
  p_error text default null
) returns text
language plpgsql volatile as $$
declare
  sms sms_outbox;
begin
  if p_status is null or p_status not in ('queued', 'sent', 'failed', 'undeliverable') then
    raise exception 'Not an outcome of sending a text: %', p_status using errcode = 'LR422';
  end if;
  update sms_outbox
     set status = p_status,
         transport = coalesce(p_transport, transport),
         provider_message_sid = coalesce(p_provider_message_sid, provider_message_sid),
         provider_status = coalesce(p_provider_status, provider_status),
         error_code = p_error_code,
         last_error = p_error,
         attempts = attempts + 1,
         sent_at = case when p_status = 'sent' then now() else sent_at end
   where id = p_sms_id and status = 'queued'
  returning * into sms;
  if not found then
    select * into sms from sms_outbox where id = p_sms_id;
    if not found then
      raise exception 'No text %.', p_sms_id using errcode = 'LR404';
    end if;
    return sms.status;
  end if;
  if p_error_code = 21610 then
    insert into sms_opt_outs (phone, opted_out_at, source) values (sms.to_number, now(), 'twilio_21610')
    on conflict (phone) do update set opted_out_at = excluded.opted_out_at, source = excluded.source;
  end if;
  return sms.status;
end
$$;
