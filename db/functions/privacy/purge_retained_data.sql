-- The daily purge (workers/tasks/purge_retained_data.ts): deletes what is kept only for a while.
-- Webhook payloads past their retention lose the payload but keep the row and event id (a replayed
-- delivery is still a duplicate); only events done with (processed, ignored) are purged. Emails and
-- texts past theirs lose their bodies but keep the row (template, addressee, status, when) for the
-- order's history; queued ones are left alone. Expired sessions are deleted, and so are carts never
-- checked out and not touched within their retention that no order and no live session refers to.
-- An order's client address and session key are kept only to count a customer's open unpaid orders
-- (place_order's cap): a day after it stops being unpaid they go. Customers' sign-in codes go a
-- day after they expired.
-- Idempotent: a second run finds nothing more. Returns what it did.
create or replace function purge_retained_data() returns jsonb
language plpgsql volatile as $$
declare
  webhook_cutoff timestamptz := now() - make_interval(days => private.retention_days('retention.webhook_payload_days'));
  outbox_cutoff timestamptz := now() - make_interval(days => private.retention_days('retention.outbox_body_days'));
  cart_cutoff timestamptz := now() - make_interval(days => private.retention_days('retention.abandoned_cart_days'));
  n_webhooks integer;
  n_emails integer;
  n_texts integer;
  n_sessions integer;
  n_carts integer;
  n_order_addresses integer;
  n_sign_in_codes integer;
begin
  update webhook_events set payload = null, payload_purged_at = now()
   where payload is not null and state in ('processed', 'ignored') and received_at < webhook_cutoff;
  get diagnostics n_webhooks = row_count;

  update email_outbox set subject = null, text_body = null, html_body = null, body_purged_at = now()
   where body_purged_at is null and status <> 'queued' and created_at < outbox_cutoff;
  get diagnostics n_emails = row_count;
  update sms_outbox set body = null, body_purged_at = now()
   where body_purged_at is null and status <> 'queued' and created_at < outbox_cutoff;
  get diagnostics n_texts = row_count;

  delete from sessions where expires_at < now();
  get diagnostics n_sessions = row_count;

  delete from carts c
   where c.checked_out_at is null and c.updated_at < cart_cutoff
     and not exists (select 1 from orders o where o.cart_id = c.id)
     and not exists (select 1 from sessions s
                      where s.expires_at >= now() and c.id::text in (s.data ->> 'cartId', s.data ->> 'staffCartId'));
  get diagnostics n_carts = row_count;

  update orders set client_ip = null, session_key = null
   where (client_ip is not null or session_key is not null) and state <> 'pending_payment' and updated_at < now() - interval '1 day';
  get diagnostics n_order_addresses = row_count;

  -- A customer's sign-in code is of no use a day after it expired (it names their email).
  delete from customer_sign_in_codes where expires_at < now() - interval '1 day';
  get diagnostics n_sign_in_codes = row_count;

  return jsonb_build_object('webhook_payloads', n_webhooks, 'email_bodies', n_emails, 'text_bodies', n_texts,
                            'sessions', n_sessions, 'carts', n_carts, 'order_addresses', n_order_addresses,
                            'sign_in_codes', n_sign_in_codes);
end
$$;
