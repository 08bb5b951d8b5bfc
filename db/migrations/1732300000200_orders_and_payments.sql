-- Up Migration
-- Orders, their line snapshots and history, and the payment attempts and payments against them.

create sequence order_number_seq start with 1001;

-- Orders held by each pickup slot. The check is what stops a slot being oversold, however many
-- buyers race for its last place.
create table pickup_slot_reservations (
  location_id bigint not null references locations (id) on delete cascade,
  slot_at timestamptz not null,
  capacity integer not null check (capacity > 0),
  reserved integer not null default 0,
  primary key (location_id, slot_at),
  check (reserved between 0 and capacity)
);

create table orders (
  id bigint generated always as identity primary key,
  number integer not null unique default nextval('order_number_seq'),
  -- Unguessable id for the customer's status page: 32 random bytes, base64url.
  public_token text not null unique default translate(
    encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'base64'), '+/=', '-_'),
  -- One order per checkout submission: the form's key and the cart can each be placed once.
  checkout_key uuid not null unique,
  cart_id uuid unique references carts (id) on delete set null,
  location_id bigint not null references locations (id) on delete restrict,
  customer_id bigint references customers (id) on delete set null,
  customer_name text not null,
  customer_email text not null,
  customer_phone text not null,
  state text not null default 'pending_payment' check (state in (
    'pending_payment', 'paid', 'preparing', 'ready', 'out_for_delivery', 'completed',
    'cancelled', 'refunded', 'partially_refunded')),
  fulfillment text not null default 'pickup' check (fulfillment in ('pickup', 'delivery', 'shipping')),
  pickup_at timestamptz,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  subtotal_cents bigint not null check (subtotal_cents >= 0),
  total_cents bigint not null check (total_cents >= 0),
  paid_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (fulfillment <> 'pickup' or pickup_at is not null)
);
create index orders_created_idx on orders (created_at desc);
create index orders_state_idx on orders (state, created_at desc);

create table order_items (
  id bigint generated always as identity primary key,
  order_id bigint not null references orders (id) on delete cascade,
  variant_id bigint references variants (id) on delete set null,
  product_name text not null,
  variant_name text not null,
  unit_price_cents bigint not null check (unit_price_cents >= 0),
  quantity integer not null check (quantity between 1 and 99),
  line_total_cents bigint not null generated always as (unit_price_cents * quantity) stored
);
create index order_items_order_idx on order_items (order_id);

create table order_events (
  id bigint generated always as identity primary key,
  order_id bigint not null references orders (id) on delete cascade,
  type text not null,
  from_state text,
  to_state text,
  message text not null default '',
  detail jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index order_events_order_idx on order_events (order_id, id);

create function order_transition_allowed(from_state text, to_state text) returns boolean
language sql immutable as $$
  select (from_state, to_state) in (
    ('pending_payment', 'paid'), ('pending_payment', 'cancelled'),
    ('paid', 'preparing'), ('paid', 'ready'), ('paid', 'cancelled'),
    ('paid', 'refunded'), ('paid', 'partially_refunded'),
    ('preparing', 'ready'), ('preparing', 'out_for_delivery'), ('preparing', 'refunded'),
    ('preparing', 'partially_refunded'),
    ('ready', 'completed'), ('ready', 'out_for_delivery'), ('ready', 'refunded'),
    ('ready', 'partially_refunded'),
    ('out_for_delivery', 'completed'),
    ('completed', 'refunded'), ('completed', 'partially_refunded'),
    ('partially_refunded', 'partially_refunded'), ('partially_refunded', 'refunded'))
$$;

-- Every state change is checked here and recorded as an order event, whichever code made it.
create function tg_orders__state_transition() returns trigger
language plpgsql as $$
begin
  if new.state is distinct from old.state then
    if not order_transition_allowed(old.state, new.state) then
      raise exception 'order #% cannot go from % to %', old.number, old.state, new.state
        using errcode = 'LR409';
    end if;
    new.updated_at := now();
    insert into order_events (order_id, type, from_state, to_state)
    values (new.id, 'state_changed', old.state, new.state);
  end if;
  return new;
end
$$;
create trigger tg_orders__state_transition before update of state on orders
for each row execute function tg_orders__state_transition();

create table payment_attempts (
  -- The id is the idempotency key of every Square call made for this attempt.
  id uuid primary key default gen_random_uuid(),
  order_id bigint not null references orders (id) on delete cascade,
  method text not null check (method in ('payment_link', 'card')),
  status text not null default 'created' check (status in ('created', 'pending', 'completed', 'failed', 'unknown')),
  amount_cents bigint not null check (amount_cents >= 0),
  currency char(3) not null,
  square_payment_link_id text unique,
  square_order_id text unique,
  checkout_url text,
  square_payment_id text,
  error_code text,
  error_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index payment_attempts_order_idx on payment_attempts (order_id, created_at desc);

create table payments (
  id bigint generated always as identity primary key,
  order_id bigint not null references orders (id) on delete restrict,
  payment_attempt_id uuid references payment_attempts (id) on delete set null,
  square_payment_id text not null unique,
  status text not null check (status in ('APPROVED', 'PENDING', 'COMPLETED', 'CANCELED', 'FAILED')),
  amount_cents bigint not null check (amount_cents >= 0),
  currency char(3) not null,
  card_brand text,
  card_last4 text,
  receipt_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- At most one captured payment per order.
create unique index payments_one_completed_per_order on payments (order_id) where status = 'COMPLETED';

-- Down Migration
drop table payments;
drop table payment_attempts;
drop trigger tg_orders__state_transition on orders;
drop function tg_orders__state_transition();
drop function order_transition_allowed(text, text);
drop table order_events;
drop table order_items;
drop table orders;
drop table pickup_slot_reservations;
drop sequence order_number_seq;
