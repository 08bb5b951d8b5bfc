-- Up Migration
-- Rate limits in Postgres and holding stock without paying (issue 13, docs/decisions/008): one
-- counter row per key, shared by every app machine (GCRA: the key's "theoretical arrival time");
-- unlogged, as a crash that forgets the counters only forgives a few minutes of attempts. Orders
-- remember the address and the session that placed them, so open unpaid orders can be capped per
-- customer (place_order).
create unlogged table rate_limits (
  key text primary key check (length(key) between 1 and 300),
  tat timestamptz not null
);
create index rate_limits_tat_idx on rate_limits (tat);

alter table orders
  add column client_ip inet,
  -- sha256 (hex) of the browser session's id: never the id itself, which would sign the customer in.
  add column session_key text check (session_key ~ '^[0-9a-f]{64}$');

create index orders_unpaid_email_idx on orders (customer_email) where state = 'pending_payment' and not pay_at_pickup;
create index orders_unpaid_ip_idx on orders (client_ip) where state = 'pending_payment' and not pay_at_pickup;
create index orders_unpaid_session_idx on orders (session_key) where state = 'pending_payment' and not pay_at_pickup;

-- A limit is {"limit": attempts, "minutes": window}; a hold is a whole number.
alter table settings
  add constraint settings_limits_check check (
    key !~ '^limits\.' or (
      jsonb_typeof(value) = 'object' and jsonb_typeof(value -> 'limit') = 'number' and jsonb_typeof(value -> 'minutes') = 'number'
      and (value ->> 'limit') ~ '^[0-9]{1,6}$' and (value ->> 'minutes') ~ '^[0-9]{1,4}$'
      and (value ->> 'limit')::int >= 1 and (value ->> 'minutes')::int between 1 and 1440)),
  add constraint settings_holds_check check (
    key !~ '^holds\.' or (jsonb_typeof(value) = 'number' and value::text ~ '^[0-9]{1,4}$' and value::text::int between 1 and 1440));

-- Down Migration
alter table settings drop constraint settings_holds_check, drop constraint settings_limits_check;
drop index orders_unpaid_session_idx;
drop index orders_unpaid_ip_idx;
drop index orders_unpaid_email_idx;
alter table orders drop column session_key, drop column client_ip;
drop table rate_limits;
