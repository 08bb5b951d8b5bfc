-- Up Migration
-- The inbox of provider webhooks and the outbox of email, both worked off by jobs.

create table webhook_events (
  id bigint generated always as identity primary key,
  provider text not null check (provider in ('square')),
  event_id text not null,
  type text not null,
  payload jsonb not null,
  state text not null default 'received' check (state in ('received', 'processed', 'ignored', 'failed', 'dead')),
  attempts integer not null default 0,
  last_error text,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  unique (provider, event_id)
);
create index webhook_events_state_idx on webhook_events (state, received_at desc);

create table email_outbox (
  id bigint generated always as identity primary key,
  template text not null check (template in ('order_confirmation')),
  to_address text not null,
  order_id bigint references orders (id) on delete set null,
  -- Rendered when sent, so the message reflects the order as it was then.
  subject text,
  text_body text,
  html_body text,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  -- 'smtp' when handed to an SMTP server, 'outbox' when kept here for development.
  transport text check (transport in ('smtp', 'outbox')),
  message_id text,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index email_outbox_created_idx on email_outbox (created_at desc);
-- One confirmation per order, however often payment is reported.
create unique index email_outbox_one_confirmation on email_outbox (order_id) where template = 'order_confirmation';

-- Down Migration
drop table email_outbox;
drop table webhook_events;
