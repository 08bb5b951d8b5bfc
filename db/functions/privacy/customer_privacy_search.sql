-- The privacy page's search: the people Larder holds data about whose email is p_query (any case)
-- or whose phone number is p_query (however it is written). One row per email, and one per phone
-- number for orders taken without an email; newest first.
create or replace function customer_privacy_search(p_query text)
returns table (email text, phone text, name text, orders integer, last_order_at timestamptz, customer_id bigint)
language plpgsql stable as $$
declare
  q text := btrim(coalesce(p_query, ''));
  by_email boolean := position('@' in q) > 0;
begin
  if q = '' or length(q) > 254 then
    raise exception 'Enter the customer''s email address or phone number.' using errcode = 'LR422', column = 'q';
  end if;
  if not by_email and private.privacy_phone_key(q) is null then
    raise exception 'Enter a whole email address, or a phone number with at least 7 digits.' using errcode = 'LR422', column = 'q';
  end if;
  return query
    with matched as (
      select o.id, o.customer_email, o.customer_phone, o.customer_name, o.created_at, o.customer_id
        from orders o
       where o.id in (select private.privacy_subject_orders(case when by_email then q end, case when not by_email then q end))
    ),
    people as (
      select lower(m.customer_email) as email, m.customer_phone as phone, m.customer_name as name, m.created_at, m.customer_id,
             coalesce(lower(m.customer_email), 'phone:' || private.privacy_phone_key(m.customer_phone)) as person, true as is_order
        from matched m
      union all
      select lower(c.email), nullif(c.phone, ''), c.name, c.updated_at, c.id, lower(c.email), false
        from customers c
       where c.id in (select private.privacy_subject_customers(case when by_email then q end, case when not by_email then q end))
         and not exists (select 1 from matched m where lower(m.customer_email) = lower(c.email))
    )
    select (array_agg(p.email order by p.created_at desc))[1],
           (array_agg(p.phone order by p.created_at desc) filter (where p.phone is not null and p.phone <> ''))[1],
           (array_agg(p.name order by p.created_at desc))[1],
           (count(*) filter (where p.is_order))::integer,
           max(p.created_at),
           max(p.customer_id)
      from people p
     group by p.person
     order by max(p.created_at) desc
     limit 50;
end
$$;
