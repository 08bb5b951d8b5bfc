-- Queues one email to an order's customer, in the caller's transaction: at most one per order event
-- (and one confirmation per order), so a step made twice or a job run twice sends it once. A
-- walk-in customer who gave no email gets none.
create or replace function private.email_customer(p_order_id bigint, p_template text, p_order_event_id bigint default null)
returns void
language plpgsql volatile as $$
declare
  email_id bigint;
begin
  insert into email_outbox (template, to_address, order_id, order_event_id)
  select p_template, customer_email, id, p_order_event_id from orders where id = p_order_id and customer_email is not null
  on conflict do nothing
  returning id into email_id;
  if email_id is not null then
    perform private.enqueue_job('send_email', jsonb_build_object('email_id', email_id), p_job_key => 'send_email:' || email_id);
  end if;
end
$$;
