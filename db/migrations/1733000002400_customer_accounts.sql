-- Up Migration
-- Customer accounts without passwords (issue 15, docs/decisions/019): a one-time code (and link) by
-- email signs a customer in; the account is made on the first code used and is the shop's existing
-- customer record (customers, by email) plus what the customer saves. Only hashes of the code and
-- the link are kept. The signed-in customer has their own session rows (sessions.customer_id).
create table customer_accounts (
  customer_id bigint primary key references customers (id) on delete cascade,
  name text not null default '' check (char_length(name) <= 100),
  phone text not null default '' check (char_length(phone) <= 20),
  address_line1 text check (char_length(address_line1) between 1 and 200),
  address_line2 text check (char_length(address_line2) between 1 and 200),
  address_city text check (char_length(address_city) between 1 and 100),
  address_region text check (char_length(address_region) between 1 and 100),
  address_postal_code text check (char_length(address_postal_code) between 1 and 12),
  -- When the customer said yes (cleared when they say no): news by email, order texts by SMS.
  marketing_consent_at timestamptz,
  sms_consent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table customer_sign_in_codes (
  id bigint generated always as identity primary key,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and email = lower(email)),
  -- HMAC-SHA256 of the email and the six digits, keyed from SESSION_SECRET (a bare hash of six
  -- digits is reversed by trying all million); the link's token by its SHA-256 (32 random bytes).
  code_hash bytea not null check (length(code_hash) = 32),
  link_hash bytea not null unique check (length(link_hash) = 32),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  constraint customer_sign_in_codes_used_in_time check (used_at is null or used_at <= expires_at)
);
create index customer_sign_in_codes_email_idx on customer_sign_in_codes (email, created_at desc);

alter table sessions
  add column customer_id bigint references customer_accounts (customer_id) on delete cascade,
  add constraint sessions_one_kind check (customer_id is null or admin_user_id is null);
create index sessions_customer_idx on sessions (customer_id) where customer_id is not null;

alter table email_outbox
  add column sign_in_code_id bigint references customer_sign_in_codes (id) on delete set null,
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order', 'order_cancelled', 'payment_link', 'staff_invite', 'staff_reset',
    'owner_incident_opened', 'owner_incident_resolved', 'owner_summary', 'owner_late_payment_refunded',
    'customer_sign_in'));

-- Down Migration
delete from email_outbox where template = 'customer_sign_in';
alter table email_outbox
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order', 'order_cancelled', 'payment_link', 'staff_invite', 'staff_reset',
    'owner_incident_opened', 'owner_incident_resolved', 'owner_summary', 'owner_late_payment_refunded')),
  drop column sign_in_code_id;
delete from sessions where customer_id is not null;
drop index sessions_customer_idx;
alter table sessions drop constraint sessions_one_kind, drop column customer_id;
drop table customer_sign_in_codes;
drop table customer_accounts;
