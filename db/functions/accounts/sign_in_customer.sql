-- Uses a sign-in code (p_email and p_code_hash) or link (p_link_hash) once, and signs the customer
-- in, in one transaction: the code is spent (its row locked, so of two uses at once one wins), the
-- account is made on first use (from the shop's customer record for the email, its saved details
-- taken from their latest order), the past orders with that email, now verified, are linked to it,
-- and the new session row (p_session_id, made by the app) is written. A wrong code is LR422 on
-- `code`; a used or expired one is LR409, saying to ask for a new one.
create or replace function sign_in_customer(
  p_email text, p_code_hash bytea, p_link_hash bytea, p_session_id text, p_session_expires timestamptz
) returns bigint
language plpgsql volatile as $$
declare
  v_code customer_sign_in_codes;
  v_what text := case when p_link_hash is not null then 'link' else 'code' end;
  v_customer bigint;
begin
  if p_link_hash is not null then
    select * into v_code from customer_sign_in_codes where link_hash = p_link_hash for update;
    if v_code.id is null then
      raise exception 'This sign-in link is not one we sent. Ask for a new one.' using errcode = 'LR404';
    end if;
  else
    select * into v_code from customer_sign_in_codes
     where email = lower(btrim(coalesce(p_email, ''))) and code_hash = p_code_hash
     order by created_at desc limit 1 for update;
    if v_code.id is null then
      raise exception 'That code is not right. Check the latest email from us and try again.' using errcode = 'LR422', column = 'code';
    end if;
  end if;
  if v_code.used_at is not null then
    raise exception 'This % has already been used. Ask for a new one.', v_what using errcode = 'LR409';
  end if;
  if v_code.expires_at <= now() then
    raise exception 'This % has expired (codes and links work for 10 minutes, and only the latest one). Ask for a new one.', v_what
      using errcode = 'LR409';
  end if;
  update customer_sign_in_codes set used_at = now() where id = v_code.id;

  insert into customers (email, name, phone) values (v_code.email, '', '')
  on conflict ((lower(email))) do update set updated_at = customers.updated_at
  returning id into v_customer;
  insert into customer_accounts (customer_id, name, phone, address_line1, address_line2, address_city, address_region, address_postal_code)
  select c.id, left(coalesce(latest.customer_name, c.name), 100), left(coalesce(latest.customer_phone, c.phone), 20),
         addressed.address_line1, addressed.address_line2, addressed.address_city, addressed.address_region, addressed.address_postal_code
    from customers c
    left join lateral (select o.customer_name, o.customer_phone from orders o
                        where lower(o.customer_email) = v_code.email order by o.created_at desc limit 1) latest on true
    left join lateral (select left(o.address_line1, 200) as address_line1, left(o.address_line2, 200) as address_line2,
                              left(o.address_city, 100) as address_city, left(o.address_region, 100) as address_region,
                              left(o.address_postal_code, 12) as address_postal_code
                         from orders o
                        where lower(o.customer_email) = v_code.email and o.address_line1 is not null
                        order by o.created_at desc limit 1) addressed on true
   where c.id = v_customer
  on conflict (customer_id) do nothing;
  update orders set customer_id = v_customer
   where lower(customer_email) = v_code.email and customer_id is distinct from v_customer;

  insert into sessions (id, data, customer_id, expires_at)
  values (p_session_id, jsonb_build_object('kind', 'customer', 'customerId', v_customer), v_customer, p_session_expires);
  return v_customer;
end
$$;
