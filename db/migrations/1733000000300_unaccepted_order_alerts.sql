-- Up Migration
-- An order the kitchen has not accepted within the location's accept_alert_minutes emails each
-- owner once (the board flags it too): alert emails name their order and their recipient.
alter table email_outbox
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order'));
create unique index email_outbox_one_alert_per_owner on email_outbox (order_id, to_address)
  where template = 'owner_unaccepted_order';

-- Down Migration
drop index email_outbox_one_alert_per_owner;
delete from email_outbox where template = 'owner_unaccepted_order';
alter table email_outbox
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped'));
