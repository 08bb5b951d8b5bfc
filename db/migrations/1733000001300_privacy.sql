-- Up Migration
-- Privacy (issue 13): a customer's personal data can be erased in place (docs/decisions/009-privacy-
-- export-erasure.md) and what is kept only for a while is purged by a daily job. An erased order keeps
-- its number, dates, items, amounts, tax and the postal code, city and region it went to (tax
-- jurisdiction); its name, email, phone, street lines, note and text consent go. The constraints that
-- asked for those fields now accept an erased order without them.
alter table orders add column erased_at timestamptz;
alter table orders
  drop constraint orders_online_email,
  add constraint orders_online_email check (source <> 'online' or customer_email is not null or erased_at is not null),
  drop constraint orders_delivery_details,
  add constraint orders_delivery_details check (
    fulfillment <> 'delivery'
    or (delivery_at is not null and address_postal_code is not null and (address_line1 is not null or erased_at is not null))),
  drop constraint orders_shipping_details,
  add constraint orders_shipping_details check (
    fulfillment <> 'shipping'
    or (ship_on is not null and address_city is not null and address_region is not null and address_postal_code is not null
        and (address_line1 is not null or erased_at is not null))),
  add constraint orders_erased_has_no_identity check (
    erased_at is null
    or (customer_email is null and customer_phone = '' and address_line1 is null and address_line2 is null
        and customer_note is null and sms_phone is null and customer_id is null));
-- Finding a customer's orders by email (the privacy page, export, erasure).
create index orders_customer_email_idx on orders (lower(customer_email)) where customer_email is not null;

-- An erased order's promo use still counts towards the code's total limit, no longer to a person.
alter table promo_redemptions alter column customer_email drop not null;

-- Outbox rows stay (template, status, when) for the order's history; their bodies go after the
-- retention period, and their addressee too when the customer is erased.
alter table email_outbox
  alter column to_address drop not null,
  add column body_purged_at timestamptz,
  add constraint email_outbox_purged_has_no_body check (
    body_purged_at is null or (subject is null and text_body is null and html_body is null));
alter table sms_outbox
  alter column to_number drop not null,
  alter column body drop not null,
  add column body_purged_at timestamptz,
  add constraint sms_outbox_body_or_purged check ((body is null) = (body_purged_at is not null));

-- A webhook's payload (Square's buyer email and addresses) goes after the retention period; the row
-- and its event id stay, so a replayed delivery is still recognised as a duplicate.
alter table webhook_events
  alter column payload drop not null,
  add column payload_purged_at timestamptz,
  add constraint webhook_events_payload_or_purged check ((payload is null) = (payload_purged_at is not null));

-- Retention periods, in whole days (defaults in private.retention_days; README "Privacy").
alter table settings add constraint settings_retention_days_check check (
  case
    when key !~ '^retention\.' then true
    when key not in ('retention.webhook_payload_days', 'retention.outbox_body_days', 'retention.abandoned_cart_days') then false
    when jsonb_typeof(value) <> 'number' then false
    else (value)::numeric between 1 and 3650 and (value)::numeric = trunc((value)::numeric)
  end);

-- Abandoned carts are found by age among those never checked out.
create index carts_open_updated_idx on carts (updated_at) where checked_out_at is null;

-- Down Migration
drop index carts_open_updated_idx;
delete from settings where key ~ '^retention\.';
alter table settings drop constraint settings_retention_days_check;
-- What was erased or purged cannot come back: the old NOT NULLs get stand-ins.
update webhook_events set payload = '{}'::jsonb where payload is null;
alter table webhook_events
  drop constraint webhook_events_payload_or_purged,
  drop column payload_purged_at,
  alter column payload set not null;
delete from sms_outbox where to_number is null;
update sms_outbox set body = '(deleted)' where body is null;
alter table sms_outbox
  drop constraint sms_outbox_body_or_purged,
  drop column body_purged_at,
  alter column body set not null,
  alter column to_number set not null;
update email_outbox set to_address = 'erased@invalid' where to_address is null;
alter table email_outbox
  drop constraint email_outbox_purged_has_no_body,
  drop column body_purged_at,
  alter column to_address set not null;
update promo_redemptions set customer_email = 'erased-' || order_id || '@invalid' where customer_email is null;
alter table promo_redemptions alter column customer_email set not null;
drop index orders_customer_email_idx;
update orders set customer_email = 'erased-' || id || '@invalid' where erased_at is not null and customer_email is null and source = 'online';
update orders set address_line1 = '(erased)' where erased_at is not null and address_line1 is null and fulfillment <> 'pickup';
alter table orders
  drop constraint orders_erased_has_no_identity,
  drop constraint orders_shipping_details,
  add constraint orders_shipping_details check (
    fulfillment <> 'shipping'
    or (ship_on is not null and address_line1 is not null and address_city is not null and address_region is not null
        and address_postal_code is not null)),
  drop constraint orders_delivery_details,
  add constraint orders_delivery_details check (
    fulfillment <> 'delivery' or (delivery_at is not null and address_line1 is not null and address_postal_code is not null)),
  drop constraint orders_online_email,
  add constraint orders_online_email check (source <> 'online' or customer_email is not null),
  drop column erased_at;
