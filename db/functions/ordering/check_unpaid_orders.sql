-- Refuses a customer's new online order while they already hold holds.unpaid_orders unpaid ones,
-- online orders counted by email, by client address and by browser session (any of them: a bot that changes its
-- email still shares its address). Concurrent checkouts of the same customer take turns on an
-- advisory lock per key (in one order, so two never wait on each other), so none can count before
-- the other's order exists. LR429's DETAIL is the seconds until the first of them is released.
create or replace function private.check_unpaid_orders(p_email text, p_ip inet, p_session_key text) returns void
language plpgsql volatile as $$
declare
  v_cap integer := private.security_setting('holds.unpaid_orders')::text::integer;
  v_lock bigint;
  v_open integer;
  v_released timestamptz;
  v_minutes integer;
begin
  for v_lock in
    select distinct hashtextextended(k, 0) from unnest(array['unpaid:email:' || p_email, 'unpaid:ip:' || host(p_ip),
                                                             'unpaid:session:' || p_session_key]) k
     where k is not null order by 1
  loop
    perform pg_advisory_xact_lock(v_lock);
  end loop;
  select count(*), min(private.hold_ends_at(o.id, o.created_at)) into v_open, v_released
    from orders o
   where o.state = 'pending_payment' and not o.pay_at_pickup and o.source = 'online'
     and (o.customer_email = p_email or o.client_ip = p_ip or o.session_key = p_session_key);
  if v_open >= v_cap then
    v_minutes := greatest(1, ceil(extract(epoch from v_released - now()) / 60))::integer;
    raise exception '%', format(
      'You already have %s waiting for payment. Pay for %s first, or try again in %s, when %s released.',
      case when v_open = 1 then 'an unpaid order' else v_open || ' unpaid orders' end,
      case when v_open = 1 then 'it' else 'them' end,
      case when v_minutes = 1 then '1 minute' else v_minutes || ' minutes' end,
      case when v_open = 1 then 'it is' else 'the first is' end)
      using errcode = 'LR429', detail = greatest(1, ceil(extract(epoch from v_released - now())))::integer::text;
  end if;
end
$$;
