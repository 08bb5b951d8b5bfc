-- Up Migration
-- An erased order keeps no client address or session key either (orders.client_ip and
-- orders.session_key, kept for the unpaid-order cap; docs/decisions/008 and 009).
update orders set client_ip = null, session_key = null where erased_at is not null;
alter table orders
  drop constraint orders_erased_has_no_identity,
  add constraint orders_erased_has_no_identity check (
    erased_at is null
    or (customer_email is null and customer_phone = '' and address_line1 is null and address_line2 is null
        and customer_note is null and sms_phone is null and customer_id is null and client_ip is null and session_key is null));

-- Down Migration
alter table orders
  drop constraint orders_erased_has_no_identity,
  add constraint orders_erased_has_no_identity check (
    erased_at is null
    or (customer_email is null and customer_phone = '' and address_line1 is null and address_line2 is null
        and customer_note is null and sms_phone is null and customer_id is null));
