-- The orders of the person a privacy request is about: every order with that email (or made by the
-- customer record with it), and every order whose contact or texting number is that phone number.
-- Already erased orders have neither, so a second erasure finds nothing.
create or replace function private.privacy_subject_orders(p_email text, p_phone text) returns setof bigint
language sql stable as $$
  select o.id
    from orders o
   where (nullif(btrim(p_email), '') is not null
          and (lower(o.customer_email) = lower(btrim(p_email))
               or o.customer_id in (select c.id from customers c where lower(c.email) = lower(btrim(p_email)))))
      or (private.privacy_phone_key(p_phone) is not null
          and private.privacy_phone_key(p_phone) in (private.privacy_phone_key(o.customer_phone), private.privacy_phone_key(o.sms_phone)))
$$;
