-- Up Migration
-- Phone and walk-in orders (issue 10): staff take an order for a customer, who pays at pickup
-- (cash or card on the shop's own reader, recorded with who took it) or through a payment link.
alter table orders
  add column source text not null default 'online',
  add column placed_by bigint references admin_users (id) on delete set null,
  add column pay_at_pickup boolean not null default false,
  -- How many times staff corrected the unpaid order's items: its Square order is keyed by it.
  add column revision integer not null default 0 check (revision >= 0),
  alter column customer_email drop not null,
  add constraint orders_source_check check (source in ('online', 'phone', 'walk_in')),
  add constraint orders_placed_by_staff check (placed_by is null or source <> 'online'),
  -- Only staff take an order that is paid at the counter, and only for pickup.
  add constraint orders_pay_at_pickup_check check (not pay_at_pickup or (source <> 'online' and fulfillment = 'pickup')),
  -- A customer ordering online always gives an email; a walk-in customer need not.
  add constraint orders_online_email check (source <> 'online' or customer_email is not null);

create table counter_payments (
  order_id bigint primary key references orders (id),
  method text not null check (method in ('cash', 'card_present')),
  amount_cents bigint not null check (amount_cents >= 0),
  currency character(3) not null check (currency ~ '^[A-Z]{3}$'),
  recorded_by bigint not null references admin_users (id),
  recorded_at timestamptz not null default now()
);
comment on table counter_payments is
  'Payment taken in the shop for a staff-placed order: cash, or a card on the shop''s own reader (not through Larder''s Square account).';

alter table email_outbox
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order', 'order_cancelled', 'payment_link'));

-- Staff text a phone customer who agreed to texts the payment link too.
alter table sms_outbox
  drop constraint sms_outbox_template_check,
  add constraint sms_outbox_template_check check (template in ('order_ready', 'order_out_for_delivery', 'payment_link'));

-- Down Migration
delete from sms_outbox where template = 'payment_link';
alter table sms_outbox
  drop constraint sms_outbox_template_check,
  add constraint sms_outbox_template_check check (template in ('order_ready', 'order_out_for_delivery'));
delete from email_outbox where template = 'payment_link';
alter table email_outbox
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order', 'order_cancelled'));
-- Rolling back must not lose what staff recorded: a walk-in order without an email, or who took
-- a payment at the counter, has nowhere to go in the previous schema.
do $$
begin
  if exists (select 1 from orders where customer_email is null) or exists (select 1 from counter_payments) then
    raise exception 'staff-taken orders or counter payments exist: rolling back would lose them';
  end if;
end
$$;
drop table counter_payments;
alter table orders
  drop constraint orders_online_email,
  drop constraint orders_pay_at_pickup_check,
  drop constraint orders_placed_by_staff,
  drop constraint orders_source_check,
  alter column customer_email set not null,
  drop column pay_at_pickup,
  drop column revision,
  drop column placed_by,
  drop column source;
