-- Unpaid orders whose hold has ended (private.hold_ends_at), oldest first, for reconciliation to
-- expire; with the minutes they were held, for the order's event.
create or replace function unpaid_orders_past_hold(p_limit integer) returns table (order_id bigint, hold_minutes integer)
language sql stable as $$
  select o.id, (extract(epoch from private.hold_ends_at(o.id, o.created_at) - o.created_at) / 60)::integer
    from orders o
   where o.state = 'pending_payment' and not o.pay_at_pickup
     and o.created_at < now() - make_interval(mins => least(private.security_setting('holds.card_minutes')::text::integer,
                                                            private.security_setting('holds.payment_link_minutes')::text::integer))
     and private.hold_ends_at(o.id, o.created_at) < now()
   order by o.created_at
   limit p_limit;
$$;
