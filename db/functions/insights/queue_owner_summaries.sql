-- The owners' summary emails that are due (the send_owner_summaries cron, hourly): daily ones for
-- yesterday once the owner's local hour has come, weekly ones for last Monday–Sunday from Monday at
-- that hour (or later that week if a run was missed). Days are the shop's first location's. Each
-- owner and period is emailed once (summary_emails' unique key), so a repeated run queues nothing.
-- The email's figures are rendered when it is sent, from the rollups. Returns how many it queued.
create or replace function queue_owner_summaries(p_now timestamptz default now()) returns integer
language plpgsql volatile as $$
declare
  local_now timestamp := p_now at time zone coalesce((select timezone from locations where id = shop_location_id()), 'UTC');
  today date := local_now::date;
  monday date := date_trunc('week', local_now)::date;
  due record;
  v_summary bigint;
  v_email bigint;
  queued integer := 0;
begin
  for due in
    select a.id, a.email, s.frequency,
           case s.frequency when 'daily' then today - 1 else monday - 7 end as period_from,
           case s.frequency when 'daily' then today - 1 else monday - 1 end as period_to
      from summary_email_settings s join admin_users a on a.id = s.admin_user_id
     where a.role = 'owner' and a.deactivated_at is null
       and ((s.frequency = 'daily' and extract(hour from local_now) >= s.local_hour)
            or (s.frequency = 'weekly' and (today > monday or extract(hour from local_now) >= s.local_hour)))
     order by a.id
  loop
    v_summary := null;
    insert into summary_emails (admin_user_id, frequency, period_from, period_to)
    values (due.id, due.frequency, due.period_from, due.period_to)
    on conflict (admin_user_id, frequency, period_from) do nothing
    returning id into v_summary;
    continue when v_summary is null;
    insert into email_outbox (template, to_address, summary_email_id)
    values ('owner_summary', due.email, v_summary) returning id into v_email;
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', v_email), p_job_key => 'send_email:' || v_email);
    queued := queued + 1;
  end loop;
  return queued;
end
$$;
