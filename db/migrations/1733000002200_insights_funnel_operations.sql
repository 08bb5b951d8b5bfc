-- Up Migration
-- The rest of the owner's dashboard (issue 12; docs/decisions/017-funnel-operations-summaries.md).
-- funnel_days counts the storefront's steps as they happen (no tracker, no personal data: a count
-- per location, local day and step). The others are rollups that rollup_sales recomputes with the
-- sales ones (delete and re-sum a location's days), so any range is a sum of days.
alter table carts
  -- the storefront location a customer's cart was started for; null for carts staff make
  add column location_id bigint references locations (id) on delete set null,
  add column checkout_started_at timestamptz;

create table funnel_days (
  location_id bigint not null references locations (id) on delete cascade,
  day date not null,
  step text not null check (step in ('cart', 'checkout', 'placed', 'paid')),
  count integer not null check (count > 0),
  primary key (location_id, day, step)
);

-- Each customer's first day of buying (any location, per basis), kept by rollup_sales for the
-- customers whose days it recomputes: "new vs returning" joins it instead of searching each
-- buyer's history (ADR 013's read-time rule, one row per customer).
create table customer_first_days (
  customer_id bigint not null references customers (id) on delete cascade,
  basis text not null check (basis in ('ordered', 'fulfilled')),
  first_day date not null,
  primary key (customer_id, basis)
);

-- Per order day and lead time (days between placing and fulfilment day): orders, pickups, pickups
-- never collected (no-shows) and orders with a completed refund.
create table operations_days (
  location_id bigint not null references locations (id) on delete cascade,
  basis text not null check (basis in ('ordered', 'fulfilled')),
  day date not null,
  lead_days integer not null,
  orders integer not null check (orders > 0),
  pickups integer not null check (pickups >= 0),
  no_shows integer not null check (no_shows >= 0 and no_shows <= pickups),
  refunded_orders integer not null check (refunded_orders >= 0 and refunded_orders <= orders),
  primary key (location_id, basis, day, lead_days)
);
create index operations_days_basis_day_idx on operations_days (basis, day);

-- Online payment attempts by the local day they were made and their outcome: succeeded, declined
-- (the card or its bank said no), failed (ours: Square unreachable, an outcome we could not learn)
-- or pending. Attempts that gave way to another (paid at the counter, order changed) are left out.
create table payment_attempt_days (
  location_id bigint not null references locations (id) on delete cascade,
  day date not null,
  outcome text not null check (outcome in ('succeeded', 'declined', 'failed', 'pending')),
  attempts integer not null check (attempts > 0),
  amount_cents bigint not null check (amount_cents >= 0),
  primary key (location_id, day, outcome)
);
create index payment_attempts_created_idx on payment_attempts (created_at);

-- Modifiers chosen on the items of counted orders (times = the items' quantities).
create table modifier_sales_days (
  location_id bigint not null references locations (id) on delete cascade,
  basis text not null check (basis in ('ordered', 'fulfilled')),
  day date not null,
  modifier_key text not null,
  modifier_id bigint references modifiers (id) on delete set null,
  list_name text not null,
  name text not null,
  times integer not null check (times > 0),
  revenue_cents bigint not null check (revenue_cents >= 0),
  primary key (location_id, basis, day, modifier_key)
);
create index modifier_sales_days_basis_day_idx on modifier_sales_days (basis, day);

-- When a variation sold out and came back: a flag set by hand or the catalog sync, or its stock at
-- a location reaching zero. Larder kept no such history before this migration.
create table sold_out_periods (
  id bigint generated always as identity primary key,
  variant_id bigint not null references variants (id) on delete cascade,
  -- null: sold out everywhere (variants.sold_out); else that location's stock reached zero
  location_id bigint references locations (id) on delete cascade,
  sold_out_at timestamptz not null default now(),
  back_at timestamptz,
  check (back_at is null or back_at >= sold_out_at)
);
create unique index sold_out_periods_open_idx on sold_out_periods (variant_id, coalesce(location_id, 0)) where back_at is null;
create index sold_out_periods_sold_out_at_idx on sold_out_periods (sold_out_at);
insert into sold_out_periods (variant_id, location_id, sold_out_at)
select id, null, updated_at from variants where sold_out;
insert into sold_out_periods (variant_id, location_id, sold_out_at)
select variant_id, location_id, updated_at from inventory_levels where quantity = 0;
insert into customer_first_days (customer_id, basis, first_day)
select customer_id, basis, min(day) from customer_sales_days group by 1, 2;

-- Each owner's summary email: off, daily or weekly, at a local hour (the shop's first location's
-- time zone), and the periods already emailed (one row per owner and period: the job is idempotent).
create table summary_email_settings (
  admin_user_id bigint primary key references admin_users (id) on delete cascade,
  frequency text not null check (frequency in ('off', 'daily', 'weekly')),
  local_hour integer not null check (local_hour between 0 and 23),
  updated_at timestamptz not null default now()
);
create table summary_emails (
  id bigint generated always as identity primary key,
  admin_user_id bigint not null references admin_users (id) on delete cascade,
  frequency text not null check (frequency in ('daily', 'weekly')),
  period_from date not null,
  period_to date not null check (period_to >= period_from),
  created_at timestamptz not null default now(),
  unique (admin_user_id, frequency, period_from)
);
alter table email_outbox add column summary_email_id bigint references summary_emails (id) on delete cascade,
  add constraint email_outbox_summary_has_id check (template <> 'owner_summary' or summary_email_id is not null);
alter table email_outbox drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template = any (array['order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped', 'owner_unaccepted_order',
    'order_cancelled', 'payment_link', 'staff_invite', 'staff_reset', 'owner_incident_opened', 'owner_incident_resolved',
    'owner_summary']));

-- Down Migration
delete from email_outbox where template = 'owner_summary';
alter table email_outbox drop constraint email_outbox_summary_has_id, drop column summary_email_id;
alter table email_outbox drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template = any (array['order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped', 'owner_unaccepted_order',
    'order_cancelled', 'payment_link', 'staff_invite', 'staff_reset', 'owner_incident_opened', 'owner_incident_resolved']));
drop table summary_emails, summary_email_settings, sold_out_periods, modifier_sales_days, payment_attempt_days,
  operations_days, customer_first_days, funnel_days;
drop index payment_attempts_created_idx;
alter table carts drop column checkout_started_at, drop column location_id;
