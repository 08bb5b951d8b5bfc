-- Up Migration
-- Square as it really behaves (issue 14).
-- payment_attempts.sent_at: when CreatePayment was first sent for a card attempt; an answer to a
-- later sending (a double submit, a retry) cannot say "not charged" on its own.
-- payment_attempts.payment_link_deleted_at: Larder deleted the attempt's payment link at Square
-- before giving up on the order, so it can no longer be paid there.
-- owner_late_payment_refunded: the owners' email when a payment that came after its order expired
-- was refunded automatically.
alter table payment_attempts
  add column sent_at timestamptz,
  add column payment_link_deleted_at timestamptz,
  add constraint payment_attempts_link_deleted_has_link check (payment_link_deleted_at is null or square_payment_link_id is not null);
-- Webhooks name payments: telling Larder's from in-store sales is one index lookup (square_object_is_larders).
create index payment_attempts_square_payment_idx on payment_attempts (square_payment_id) where square_payment_id is not null;

alter table email_outbox
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order', 'order_cancelled', 'payment_link', 'staff_invite', 'staff_reset',
    'owner_incident_opened', 'owner_incident_resolved', 'owner_summary', 'owner_late_payment_refunded')),
  add constraint email_outbox_late_payment_has_refund check (template <> 'owner_late_payment_refunded' or (order_id is not null and refund_id is not null));
create unique index email_outbox_one_late_payment_alert on email_outbox (refund_id, to_address)
  where template = 'owner_late_payment_refunded';

-- Down Migration
delete from email_outbox where template = 'owner_late_payment_refunded';
drop index email_outbox_one_late_payment_alert;
alter table email_outbox
  drop constraint email_outbox_late_payment_has_refund,
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order', 'order_cancelled', 'payment_link', 'staff_invite', 'staff_reset',
    'owner_incident_opened', 'owner_incident_resolved', 'owner_summary'));
drop index payment_attempts_square_payment_idx;
alter table payment_attempts
  drop constraint payment_attempts_link_deleted_has_link,
  drop column payment_link_deleted_at,
  drop column sent_at;
