-- Up Migration
-- Operations (issue 14): worker heartbeats, so a crashed worker's jobs are unlocked within a minute
-- (graphile-worker leaves them locked ~4 hours); Square breaker states recorded from every process
-- (they live in each process's memory); incidents, one per problem while it lasts, each emailed to
-- the owners once when it opens and once when it is resolved.
create table worker_heartbeats (
  worker_id text primary key check (worker_id ~ '^[A-Za-z0-9_-]{1,100}$'),
  process text not null check (char_length(process) between 1 and 200),
  started_at timestamptz not null default now(),
  seen_at timestamptz not null default now(),
  check (seen_at >= started_at)
);

create table square_breaker_states (
  process text not null check (char_length(process) between 1 and 200),
  family text not null check (family ~ '^[a-z_]{1,40}$'),
  state text not null check (state in ('closed', 'open', 'half_open')),
  changed_at timestamptz not null default now(),
  primary key (process, family)
);

create table incidents (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('webhooks_dead', 'jobs_failed', 'breaker_open', 'payments_failing', 'worker_silent')),
  -- What the incident is about within its kind (a breaker's family); '' when the kind is enough.
  subject text not null default '' check (subject ~ '^[a-z_]{0,40}$'),
  summary text not null check (char_length(summary) between 1 and 500),
  opened_at timestamptz not null default now(),
  resolved_at timestamptz,
  -- When the owners were told (null: not yet, e.g. quiet hours).
  notified_at timestamptz,
  resolution_notified_at timestamptz,
  check (resolved_at is null or resolved_at >= opened_at),
  check (resolution_notified_at is null or resolved_at is not null)
);
create unique index incidents_one_open_per_problem on incidents (kind, subject) where resolved_at is null;
create index incidents_opened_idx on incidents (opened_at desc);

alter table email_outbox
  add column incident_id bigint references incidents (id) on delete cascade,
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order', 'order_cancelled', 'payment_link', 'staff_invite', 'staff_reset',
    'owner_incident_opened', 'owner_incident_resolved')),
  add constraint email_outbox_incident_has_id check (template not like 'owner_incident_%' or incident_id is not null);
create unique index email_outbox_one_incident_email on email_outbox (incident_id, template, to_address)
  where incident_id is not null;

alter table sms_outbox
  add column incident_id bigint references incidents (id) on delete cascade,
  drop constraint sms_outbox_template_check,
  add constraint sms_outbox_template_check check (template in (
    'order_ready', 'order_out_for_delivery', 'payment_link', 'owner_incident_opened', 'owner_incident_resolved'));
create unique index sms_outbox_one_incident_text on sms_outbox (incident_id, template, to_number)
  where incident_id is not null;

-- Alert settings: quiet hours (shop's local time, HH:MM to HH:MM) and a phone for texts.
alter table settings
  add constraint settings_alerts_check check (
    key <> 'alerts' or (
      jsonb_typeof(value) = 'object'
      and coalesce(value ->> 'quiet_from', '') ~ '^(([01][0-9]|2[0-3]):[0-5][0-9])?$'
      and coalesce(value ->> 'quiet_until', '') ~ '^(([01][0-9]|2[0-3]):[0-5][0-9])?$'
      and ((value ->> 'quiet_from') is null) = ((value ->> 'quiet_until') is null)
      and coalesce(value ->> 'sms_to', '') ~ '^(\+[1-9][0-9]{7,14})?$'));

-- Down Migration
alter table settings drop constraint settings_alerts_check;
delete from settings where key = 'alerts';
drop index sms_outbox_one_incident_text;
delete from sms_outbox where incident_id is not null;
alter table sms_outbox
  drop constraint sms_outbox_template_check,
  add constraint sms_outbox_template_check check (template in ('order_ready', 'order_out_for_delivery', 'payment_link')),
  drop column incident_id;
drop index email_outbox_one_incident_email;
delete from email_outbox where incident_id is not null;
alter table email_outbox
  drop constraint email_outbox_incident_has_id,
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order', 'order_cancelled', 'payment_link', 'staff_invite', 'staff_reset')),
  drop column incident_id;
drop table incidents;
drop table square_breaker_states;
drop table worker_heartbeats;
