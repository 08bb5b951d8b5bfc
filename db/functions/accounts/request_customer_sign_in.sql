-- A customer asks to sign in: a one-time code (six digits) and link for the email, good for 10
-- minutes, emailed by a job queued in the same transaction. Any well-formed address gets one (the
-- account is made when the code is first used), so the answer never says whether the shop knows
-- the email. A newer code replaces the older ones. The code and the link's token travel in the
-- job's payload only; the row keeps their hashes (made by the app, app/accounts/customer-sign-in.server.ts).
create or replace function request_customer_sign_in(
  p_email text, p_code text, p_code_hash bytea, p_link_token text, p_link_hash bytea
) returns void
language plpgsql volatile as $$
declare
  v_email text := lower(btrim(coalesce(p_email, '')));
  v_code_id bigint;
  v_email_id bigint;
begin
  if v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or char_length(v_email) > 254 then
    raise exception 'Enter an email address like name@example.com.' using errcode = 'LR422', column = 'email';
  end if;
  update customer_sign_in_codes set expires_at = now()
   where email = v_email and used_at is null and expires_at > now();
  insert into customer_sign_in_codes (email, code_hash, link_hash, expires_at)
  values (v_email, p_code_hash, p_link_hash, now() + interval '10 minutes')
  returning id into v_code_id;
  insert into email_outbox (template, to_address, sign_in_code_id)
  values ('customer_sign_in', v_email, v_code_id)
  returning id into v_email_id;
  perform private.enqueue_job('send_email', jsonb_build_object('email_id', v_email_id, 'code', p_code, 'token', p_link_token),
                              p_job_key => 'send_email:' || v_email_id);
end
$$;
