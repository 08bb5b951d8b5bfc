-- Up Migration
-- The kitchen's day (issue 10, first part): staff accept an order (or the location accepts it
-- automatically when paid), may push its promised time, start it, mark it ready and hand it over;
-- each step names who made it, and the customer is emailed where the step concerns them.

-- A location accepts paid orders by itself unless the shop wants to look at each one first; an
-- order left unaccepted this long is flagged on the board.
alter table locations
  add column auto_accept boolean not null default true,
  add column accept_alert_minutes integer not null default 10
    constraint locations_accept_alert_minutes_check check (accept_alert_minutes between 1 and 240);

-- Accepted by whom (null with auto-accept: the shop itself); the minutes the promised time was
-- pushed back from the slot the customer chose (the promised time is slot + delay, never stored twice).
alter table orders
  add column accepted_at timestamptz,
  add column accepted_by bigint references admin_users (id) on delete set null,
  add column delay_minutes integer not null default 0
    constraint orders_delay_minutes_check check (delay_minutes between 0 and 720),
  add constraint orders_accepted_by_needs_accepted_at check (accepted_by is null or accepted_at is not null);

-- Who made a step (the trigger that records state changes reads it from the transaction).
alter table order_events
  add column admin_user_id bigint references admin_users (id) on delete set null;

-- The board reads a day's orders by when they are due.
create index orders_pickup_at_idx on orders (pickup_at) where pickup_at is not null;
create index orders_delivery_at_idx on orders (delivery_at) where delivery_at is not null;
create index orders_ship_on_idx on orders (ship_on) where ship_on is not null;

-- The customer's emails about the kitchen's steps, one per step: each is tied to the order event
-- that caused it, so a job that runs twice, or two staff clicking at once, sends it once.
alter table email_outbox
  add column order_event_id bigint references order_events (id) on delete set null,
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped'));
create unique index email_outbox_one_per_event on email_outbox (order_event_id) where order_event_id is not null;

-- Down Migration
drop index email_outbox_one_per_event;
delete from email_outbox where template in ('order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped');
alter table email_outbox
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in ('order_confirmation', 'refund_confirmation')),
  drop column order_event_id;
drop index orders_ship_on_idx;
drop index orders_delivery_at_idx;
drop index orders_pickup_at_idx;
alter table order_events drop column admin_user_id;
alter table orders
  drop constraint orders_accepted_by_needs_accepted_at,
  drop column delay_minutes,
  drop column accepted_by,
  drop column accepted_at;
alter table locations
  drop column accept_alert_minutes,
  drop column auto_accept;
