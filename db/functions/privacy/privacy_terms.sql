-- What identifies the person of a privacy request, as it is written in their records (orders,
-- customer records, saved account details): names, emails, phone numbers (as typed and in E.164
-- form) and street lines. Free text (a refund's reason, an event's message, a webhook's payload)
-- is scrubbed of these on erasure. Terms shorter than three
-- characters are left out: they would match inside ordinary words.
create or replace function private.privacy_terms(p_email text, p_phone text) returns text[]
language sql stable as $$
  select coalesce(array_agg(distinct term order by term), '{}')
    from (
      select unnest(array[o.customer_name, o.customer_email, o.customer_phone, o.sms_phone,
                          private.e164_phone(o.customer_phone, l.phone_country_code), o.address_line1, o.address_line2]) as term
        from orders o join locations l on l.id = o.location_id
       where o.id in (select private.privacy_subject_orders(p_email, p_phone))
      union all
      select unnest(array[c.name, c.email, nullif(c.phone, '')])
        from customers c where c.id in (select private.privacy_subject_customers(p_email, p_phone))
      union all
      select unnest(array[a.name, nullif(a.phone, ''), a.address_line1, a.address_line2])
        from customer_accounts a where a.customer_id in (select private.privacy_subject_customers(p_email, p_phone))
      union all
      select unnest(array[nullif(btrim(p_email), ''), nullif(btrim(p_phone), '')])
    ) t
   where length(btrim(term)) >= 3
$$;
