-- The customer records of the person a privacy request is about: by email, by phone, or linked to
-- one of their orders.
create or replace function private.privacy_subject_customers(p_email text, p_phone text) returns setof bigint
language sql stable as $$
  select c.id
    from customers c
   where (nullif(btrim(p_email), '') is not null and lower(c.email) = lower(btrim(p_email)))
      or (private.privacy_phone_key(p_phone) is not null and private.privacy_phone_key(c.phone) = private.privacy_phone_key(p_phone))
      or c.id in (select o.customer_id from orders o where o.id in (select private.privacy_subject_orders(p_email, p_phone)))
$$;
