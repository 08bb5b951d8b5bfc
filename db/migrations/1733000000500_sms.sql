-- Up Migration
-- The customer's note for the kitchen, and texts (SMS) when the order is ready or out for delivery
-- (issue 10). Texts go only to customers who ticked the (unticked) box at checkout: the order keeps
-- when they did and the number in E.164 form, as it is sent.

-- Phone numbers typed without a country code are read as this location's country (1: US/Canada).
alter table locations
  add column phone_country_code text not null default '1'
    constraint locations_phone_country_code_check check (phone_country_code ~ '^[1-9][0-9]{0,2}$');

alter table orders
  add column customer_note text
    constraint orders_customer_note_check check (char_length(customer_note) between 1 and 500),
  add column sms_consent_at timestamptz,
  add column sms_phone text
    constraint orders_sms_phone_check check (sms_phone ~ '^\+[1-9][0-9]{7,14}$'),
  add constraint orders_sms_consent_needs_phone check ((sms_consent_at is null) = (sms_phone is null));

-- Numbers whose owner told Twilio STOP (we learn it from error 21610): no text goes to them for
-- consent given before that; a later checkout with the box ticked is new consent.
create table sms_opt_outs (
  phone text primary key constraint sms_opt_outs_phone_check check (phone ~ '^\+[1-9][0-9]{7,14}$'),
  opted_out_at timestamptz not null default now(),
  source text not null constraint sms_opt_outs_source_check check (source in ('twilio_21610'))
);

-- Every text, sent or kept: one per order event and template, so a step made twice or a job run
-- twice texts once. Its body is written when it is queued (the order's state at that moment).
create table sms_outbox (
  id bigint generated always as identity primary key,
  template text not null constraint sms_outbox_template_check check (template in ('order_ready', 'order_out_for_delivery')),
  to_number text not null constraint sms_outbox_to_number_check check (to_number ~ '^\+[1-9][0-9]{7,14}$'),
  order_id bigint references orders (id) on delete cascade,
  order_event_id bigint references order_events (id) on delete set null,
  body text not null constraint sms_outbox_body_check check (char_length(body) between 1 and 1600),
  status text not null default 'queued'
    constraint sms_outbox_status_check check (status in ('queued', 'sent', 'delivered', 'failed', 'undeliverable')),
  transport text constraint sms_outbox_transport_check check (transport in ('twilio', 'outbox')),
  provider_message_sid text unique,
  provider_status text,
  error_code integer,
  attempts integer not null default 0 constraint sms_outbox_attempts_check check (attempts >= 0),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint sms_outbox_sent_is_recorded check (status not in ('sent', 'delivered') or (transport is not null and sent_at is not null)),
  constraint sms_outbox_twilio_has_sid check (transport is distinct from 'twilio' or provider_message_sid is not null)
);
create unique index sms_outbox_one_per_event on sms_outbox (order_event_id, template) where order_event_id is not null;
create index sms_outbox_order_id_idx on sms_outbox (order_id);
create index sms_outbox_created_at_idx on sms_outbox (created_at desc);

-- Down Migration
drop table sms_outbox;
drop table sms_opt_outs;
alter table orders
  drop constraint orders_sms_consent_needs_phone,
  drop column sms_phone,
  drop column sms_consent_at,
  drop column customer_note;
alter table locations drop column phone_country_code;
