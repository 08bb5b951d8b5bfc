-- An owner erases a customer (right to erasure), in one transaction with its audit row. Their orders
-- stay for the books — number, dates, items, amounts, tax, payments, refunds, and the postal code,
-- city and region (tax jurisdiction) — and lose the name, email, phone, street lines, note and text
-- consent; their customer record and account (saved details, consents, sign-in codes) go; emails
-- and texts to them lose their bodies and addressee (one still queued is dropped); the browser
-- sessions and carts that held their orders, and those signed in to their account, go; staff's free
-- text and Square's webhook payloads are scrubbed of them (payloads already processed are deleted).
-- Their number stays in sms_opt_outs if they replied STOP: the opt-out must outlive the erasure.
-- Square's own records are not touched (the export names them). p_confirm must repeat the email (or
-- the phone number when there is no email). Erasing again finds nothing and changes nothing.
create or replace function erase_customer(
  p_email text, p_phone text, p_confirm text, p_admin_user_id bigint, p_request_id text, p_ip inet
) returns jsonb
language plpgsql volatile as $$
declare
  actor_email text := private.privacy_actor(p_admin_user_id);
  v_email text := nullif(lower(btrim(p_email)), '');
  v_phone text := nullif(btrim(p_phone), '');
  order_ids bigint[];
  customer_ids bigint[];
  event_ids bigint[];
  terms text[];
  emails text[];
  phone_keys text[];
  open_order orders;
  counts jsonb;
  n_emails integer;
  n_texts integer;
  n_sessions integer;
  n_carts integer;
  n_events integer;
begin
  perform private.privacy_check_request(v_email, v_phone);
  if (v_email is not null and lower(btrim(coalesce(p_confirm, ''))) is distinct from v_email)
     or (v_email is null and private.privacy_phone_key(p_confirm) is distinct from private.privacy_phone_key(v_phone)) then
    raise exception 'Type % exactly to confirm the erasure.', case when v_email is not null then 'the email address' else 'the phone number' end
      using errcode = 'LR422', column = 'confirm';
  end if;

  select array_agg(id order by id) into order_ids
    from (select id from orders where id in (select private.privacy_subject_orders(v_email, v_phone)) order by id for update) locked;
  order_ids := coalesce(order_ids, '{}');
  select * into open_order from orders
   where id = any(order_ids) and state in ('pending_payment', 'paid', 'preparing', 'ready', 'out_for_delivery')
   order by number limit 1;
  if found then
    raise exception 'Order #% is still %: erase the customer once it is completed, cancelled or refunded.', open_order.number,
      replace(open_order.state, '_', ' ') using errcode = 'LR409';
  end if;
  if exists (select 1 from refunds where order_id = any(order_ids) and status in ('requested', 'pending')) then
    raise exception 'A refund for this customer is still being processed: erase them once it is done.' using errcode = 'LR409';
  end if;

  select coalesce(array_agg(c), '{}') into customer_ids from private.privacy_subject_customers(v_email, v_phone) c;
  select coalesce(array_agg(e), '{}') into event_ids from private.privacy_subject_webhook_events(v_email, v_phone) e;
  terms := private.privacy_terms(v_email, v_phone);
  select coalesce(array_agg(distinct lower(e)), '{}') into emails
    from (select customer_email from orders where id = any(order_ids)
          union select email from customers where id = any(customer_ids)
          union select v_email) all_emails (e)
   where e is not null;
  select coalesce(array_agg(distinct k), '{}') into phone_keys
    from (select private.privacy_phone_key(p) from (
            select customer_phone from orders where id = any(order_ids)
            union select sms_phone from orders where id = any(order_ids)
            union select phone from customers where id = any(customer_ids)
            union select v_phone) phones (p)) keys (k)
   where k is not null;

  -- Messages: one not sent yet is dropped (its job finds nothing); one sent keeps its row.
  delete from email_outbox where status = 'queued' and lower(to_address) = any(emails);
  update email_outbox
     set subject = null, text_body = null, html_body = null, body_purged_at = coalesce(body_purged_at, now()),
         to_address = case when lower(to_address) = any(emails) then null else to_address end
   where status <> 'queued' and (order_id = any(order_ids) or lower(to_address) = any(emails));
  get diagnostics n_emails = row_count;
  delete from sms_outbox
   where status = 'queued' and (order_id = any(order_ids) or private.privacy_phone_key(to_number) = any(phone_keys));
  update sms_outbox
     set body = null, body_purged_at = coalesce(body_purged_at, now()), to_number = null
   where status <> 'queued' and (order_id = any(order_ids) or private.privacy_phone_key(to_number) = any(phone_keys));
  get diagnostics n_texts = row_count;

  -- The browsers that held their carts: a customer's session goes, an admin's only forgets the cart.
  update sessions set data = data - 'cartId'
   where admin_user_id is not null and data ->> 'cartId' in (select cart_id::text from orders where id = any(order_ids) and cart_id is not null);
  -- So do the sessions signed in to their account or signing in with their email.
  delete from sessions
   where admin_user_id is null
     and (data ->> 'cartId' in (select cart_id::text from orders where id = any(order_ids) and cart_id is not null)
          or customer_id = any(customer_ids) or lower(data ->> 'signInEmail') = any(emails));
  get diagnostics n_sessions = row_count;
  delete from customer_sign_in_codes where email = any(emails);
  -- Rate-limit counters keyed by their email (limit:email, app/ops/rate-limit.server.ts) go too.
  delete from rate_limits where substr(key, strpos(key, ':') + 1) = any(emails);
  delete from carts where id in (select cart_id from orders where id = any(order_ids) and cart_id is not null);
  get diagnostics n_carts = row_count;

  update promo_redemptions set customer_email = null where order_id = any(order_ids) or lower(customer_email) = any(emails);
  update order_events
     set message = private.privacy_scrub(message, terms), detail = private.privacy_scrub(detail::text, terms)::jsonb
   where order_id = any(order_ids) and (private.privacy_mentions(message, terms) or private.privacy_mentions(detail::text, terms));
  update refunds set reason = left(private.privacy_scrub(reason, terms), 192)
   where order_id = any(order_ids) and private.privacy_mentions(reason, terms);
  update payment_attempts set error_message = private.privacy_scrub(error_message, terms)
   where order_id = any(order_ids) and private.privacy_mentions(error_message, terms);

  -- Square's notifications: processed ones are not needed again; one still to process keeps its ids.
  update webhook_events set payload = null, payload_purged_at = now()
   where id = any(event_ids) and state in ('processed', 'ignored');
  update webhook_events set payload = private.privacy_scrub(payload::text, terms)::jsonb, last_error = private.privacy_scrub(last_error, terms)
   where id = any(event_ids) and state not in ('processed', 'ignored');
  n_events := cardinality(event_ids);

  update orders
     set customer_name = 'Erased customer', customer_email = null, customer_phone = '', customer_id = null,
         address_line1 = null, address_line2 = null, customer_note = null, sms_phone = null, sms_consent_at = null,
         client_ip = null, session_key = null, erased_at = coalesce(erased_at, now()), updated_at = now()
   where id = any(order_ids);
  -- An item's note may name someone ("for Maria's birthday"): it goes too.
  update order_items set note = '' where order_id = any(order_ids) and note <> '';
  -- The account's saved details and consents go with the customer record (on delete cascade).
  delete from customers where id = any(customer_ids);

  counts := jsonb_build_object(
    'order_numbers', coalesce((select jsonb_agg(number order by number) from orders where id = any(order_ids)), '[]'),
    'customers', cardinality(customer_ids), 'emails', n_emails, 'texts', n_texts, 'sessions', n_sessions, 'carts', n_carts,
    'webhook_events', n_events);
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, 'privacy.erase', 'customer',
          coalesce((select min(c)::text from unnest(customer_ids) c), 'guest'), null, counts, p_request_id, p_ip);
  return counts;
end
$$;
