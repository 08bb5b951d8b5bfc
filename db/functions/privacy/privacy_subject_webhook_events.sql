-- Square's webhook events about the person of a privacy request: those whose payload names one of
-- their orders, payments or refunds at Square, or mentions them (their email, name, phone, street).
create or replace function private.privacy_subject_webhook_events(p_email text, p_phone text) returns setof bigint
language sql stable as $$
  with subject_orders as (select private.privacy_subject_orders(p_email, p_phone) as id),
  square_ids as (
    select o.square_order_id as id from orders o where o.id in (select id from subject_orders) and o.square_order_id is not null
    union select a.square_order_id from payment_attempts a where a.order_id in (select id from subject_orders) and a.square_order_id is not null
    union select a.square_payment_id from payment_attempts a where a.order_id in (select id from subject_orders) and a.square_payment_id is not null
    union select a.square_payment_link_id from payment_attempts a where a.order_id in (select id from subject_orders) and a.square_payment_link_id is not null
    union select p.square_payment_id from payments p where p.order_id in (select id from subject_orders)
    union select r.square_refund_id from refunds r where r.order_id in (select id from subject_orders) and r.square_refund_id is not null
  ),
  terms as (select private.privacy_terms(p_email, p_phone) || coalesce((select array_agg(id) from square_ids), '{}') as list)
  select w.id
    from webhook_events w, terms
   where w.payload is not null and cardinality(terms.list) > 0 and private.privacy_mentions(w.payload::text, terms.list)
$$;
