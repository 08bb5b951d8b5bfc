-- Emails each owner, once per order, about paid orders the kitchen has left unaccepted for longer
-- than their location's accept_alert_minutes (the board flags them as well). Run by the
-- alert_unaccepted_orders cron job; orders paid more than a day ago are left alone (no storm of old
-- alerts the first time it runs). Returns how many alerts it queued.
create or replace function alert_unaccepted_orders(p_now timestamptz default now()) returns integer
language plpgsql volatile as $$
declare
  alert record;
  queued integer := 0;
begin
  for alert in
    insert into email_outbox (template, to_address, order_id)
    select 'owner_unaccepted_order', a.email, o.id
      from orders o
      join locations l on l.id = o.location_id
      cross join admin_users a
     where o.state = 'paid' and o.accepted_at is null
       and o.paid_at < p_now - make_interval(mins => l.accept_alert_minutes)
       and o.paid_at > p_now - interval '1 day'
       and a.role = 'owner'
    on conflict do nothing
    returning id
  loop
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', alert.id), p_job_key => 'send_email:' || alert.id);
    queued := queued + 1;
  end loop;
  return queued;
end
$$;
