-- When an unpaid order's hold on stock, slot and promo code ends: holds.card_minutes after it was
-- placed when its latest payment attempt is by card (the customer is on the page, paying),
-- holds.payment_link_minutes otherwise (Square's hosted checkout, or no attempt yet).
create or replace function private.hold_ends_at(p_order_id bigint, p_created_at timestamptz) returns timestamptz
language sql stable as $$
  select p_created_at + make_interval(mins => (case
           when (select a.method from payment_attempts a where a.order_id = p_order_id order by a.created_at desc limit 1) = 'card'
           then private.security_setting('holds.card_minutes')
           else private.security_setting('holds.payment_link_minutes') end)::text::integer);
$$;
