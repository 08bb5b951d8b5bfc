-- Queues the email carrying an invite's or a reset's one-time link, in the caller's transaction.
-- The link's token travels in the job's payload only (the invite keeps its hash): graphile-worker
-- deletes the job once the email is sent.
create or replace function private.queue_staff_email(p_invite_id bigint, p_token text)
returns void
language plpgsql volatile as $$
declare
  email_id bigint;
begin
  insert into email_outbox (template, to_address, staff_invite_id)
  select case kind when 'invite' then 'staff_invite' else 'staff_reset' end, email, id
    from staff_invites where id = p_invite_id
  returning id into email_id;
  perform private.enqueue_job('send_email', jsonb_build_object('email_id', email_id, 'token', p_token),
                              p_job_key => 'send_email:' || email_id);
end
$$;
