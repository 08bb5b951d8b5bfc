-- The orders one browser placed (by its session key) that wait for payment online, newest first,
-- with when each one's hold on stock, slot and promo code ends: the cart and checkout offer to pay
-- or change them.
create or replace function browser_unpaid_orders(p_session_key text)
returns table (number integer, public_token text, total_cents bigint, currency character(3), held_until timestamptz, timezone text)
language sql stable as $$
  select o.number, o.public_token, o.total_cents, o.currency, private.hold_ends_at(o.id, o.created_at), l.timezone
    from orders o join locations l on l.id = o.location_id
   where o.session_key = p_session_key and o.state = 'pending_payment' and not o.pay_at_pickup
   order by o.created_at desc
   limit 5;
$$;
