-- Up Migration
-- Refunds: asked for by staff, sent to Square by a job (the row's id is the idempotency key), and
-- completed by Square's refund webhooks. The order becomes refunded or partially_refunded.

create table refunds (
  id uuid primary key default gen_random_uuid(),
  order_id bigint not null references orders (id) on delete restrict,
  payment_id bigint not null references payments (id) on delete restrict,
  amount_cents bigint not null check (amount_cents > 0),
  currency char(3) not null,
  reason text not null check (length(reason) between 1 and 192),
  status text not null default 'requested' check (status in ('requested', 'pending', 'completed', 'failed')),
  square_refund_id text unique,
  error_message text,
  requested_by bigint references admin_users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index refunds_order_idx on refunds (order_id, created_at);

alter table email_outbox drop constraint email_outbox_template_check;
alter table email_outbox add constraint email_outbox_template_check
  check (template in ('order_confirmation', 'refund_confirmation'));
alter table email_outbox add column refund_id uuid references refunds (id) on delete set null;
create unique index email_outbox_one_per_refund on email_outbox (refund_id) where template = 'refund_confirmation';

-- What can still be refunded on an order: captured minus every refund not failed.
create function refundable_cents(p_order_id bigint) returns bigint
language sql stable as $$
  select coalesce((select sum(amount_cents) from payments where order_id = p_order_id and status = 'COMPLETED'), 0)
       - coalesce((select sum(amount_cents) from refunds where order_id = p_order_id and status <> 'failed'), 0)
$$;

-- Records a refund request and queues the job that sends it to Square, in one transaction.
create function request_refund(p_order_id bigint, p_amount_cents bigint, p_reason text, p_admin_user_id bigint)
returns refunds
language plpgsql volatile as $$
declare
  o orders;
  captured payments;
  available bigint;
  refund refunds;
begin
  select * into o from orders where id = p_order_id for update;
  if not found then
    raise exception 'Order not found.' using errcode = 'LR404';
  end if;
  select * into captured from payments where order_id = o.id and status = 'COMPLETED';
  if not found then
    raise exception 'Order #% has no captured payment to refund.', o.number using errcode = 'LR409';
  end if;
  if p_reason is null or length(trim(p_reason)) not between 1 and 192 then
    raise exception 'Give a reason (up to 192 characters); the customer sees it.' using errcode = 'LR422', column = 'reason';
  end if;
  available := refundable_cents(o.id);
  if p_amount_cents is null or p_amount_cents <= 0 then
    raise exception 'Enter an amount greater than zero.' using errcode = 'LR422', column = 'amount';
  end if;
  if p_amount_cents > available then
    raise exception 'At most % can be refunded on this order.', to_char(available / 100.0, 'FM999999990.00')
      using errcode = 'LR422', column = 'amount';
  end if;
  insert into refunds (order_id, payment_id, amount_cents, currency, reason, requested_by)
  values (o.id, captured.id, p_amount_cents, o.currency, trim(p_reason), p_admin_user_id)
  returning * into refund;
  insert into order_events (order_id, type, message, detail)
  values (o.id, 'refund_requested', 'Refund of ' || to_char(p_amount_cents / 100.0, 'FM999999990.00') || ' requested: ' || trim(p_reason),
          jsonb_build_object('refund_id', refund.id, 'amount_cents', p_amount_cents));
  perform graphile_worker.add_job(
    identifier => 'refund_payment',
    payload => json_strip_nulls(json_build_object('refund_id', refund.id, 'request_id', nullif(current_setting('larder.request_id', true), ''))),
    max_attempts => 10,
    job_key => 'refund_payment:' || refund.id);
  return refund;
end
$$;

-- Applies what Square says about a refund. Idempotent: completing a refund twice does nothing more.
-- A completed refund moves the order to refunded (everything captured is refunded) or
-- partially_refunded, and queues the customer's refund email.
create function apply_square_refund(
  p_refund_id uuid, p_square_refund_id text, p_square_payment_id text, p_status text, p_amount_cents bigint
) returns text
language plpgsql volatile as $$
declare
  refund refunds;
  o orders;
  email_id bigint;
begin
  if p_refund_id is not null then
    select * into refund from refunds where id = p_refund_id for update;
  else
    select * into refund from refunds where square_refund_id = p_square_refund_id for update;
  end if;
  if not found then
    return 'unknown_refund';
  end if;
  select * into o from orders where id = refund.order_id for update;
  update refunds set square_refund_id = coalesce(square_refund_id, p_square_refund_id), updated_at = now()
   where id = refund.id;

  if refund.status in ('completed', 'failed') then
    return 'already_final';
  end if;
  if p_status = 'COMPLETED' then
    update refunds set status = 'completed', error_message = null, updated_at = now() where id = refund.id;
    update orders
       set state = case when refundable_cents(o.id) = 0 then 'refunded' else 'partially_refunded' end
     where id = o.id;
    insert into order_events (order_id, type, message, detail)
    values (o.id, 'refunded', 'Refund of ' || to_char(refund.amount_cents / 100.0, 'FM999999990.00') || ' completed.',
            jsonb_build_object('refund_id', refund.id, 'square_refund_id', p_square_refund_id));
    insert into email_outbox (template, to_address, order_id, refund_id)
    values ('refund_confirmation', o.customer_email, o.id, refund.id)
    on conflict do nothing
    returning id into email_id;
    if email_id is not null then
      perform graphile_worker.add_job(
        identifier => 'send_email', payload => json_strip_nulls(json_build_object('email_id', email_id, 'request_id', nullif(current_setting('larder.request_id', true), ''))),
        job_key => 'send_email:' || email_id);
    end if;
    return 'completed';
  elsif p_status in ('REJECTED', 'FAILED') then
    update refunds set status = 'failed', error_message = 'Square ' || lower(p_status) || ' the refund.', updated_at = now()
     where id = refund.id;
    insert into order_events (order_id, type, message, detail)
    values (o.id, 'refund_failed', 'Square ' || lower(p_status) || ' a refund.', jsonb_build_object('refund_id', refund.id));
    return 'failed';
  end if;
  update refunds set status = 'pending', updated_at = now() where id = refund.id and status = 'requested';
  return 'pending';
end
$$;

-- A refund Square refused outright (a 4xx answer): nothing was sent, so nothing will complete it.
create function fail_refund(p_refund_id uuid, p_message text) returns void
language plpgsql volatile as $$
declare
  refund refunds;
begin
  update refunds set status = 'failed', error_message = p_message, updated_at = now()
   where id = p_refund_id and status in ('requested', 'pending')
  returning * into refund;
  if refund.id is not null then
    insert into order_events (order_id, type, message, detail)
    values (refund.order_id, 'refund_failed', 'Refund refused: ' || p_message, jsonb_build_object('refund_id', refund.id));
  end if;
end
$$;

-- Down Migration
drop function fail_refund(uuid, text);
drop function apply_square_refund(uuid, text, text, text, bigint);
drop function request_refund(bigint, bigint, text, bigint);
drop function refundable_cents(bigint);
drop index email_outbox_one_per_refund;
delete from email_outbox where template = 'refund_confirmation';
alter table email_outbox drop column refund_id;
alter table email_outbox drop constraint email_outbox_template_check;
alter table email_outbox add constraint email_outbox_template_check check (template in ('order_confirmation'));
drop table refunds;
