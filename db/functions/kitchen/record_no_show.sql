-- A pickup nobody collected, recorded by a member of staff at the end of the day: once per order,
-- with an event naming who, and counted on the customer (customers.no_shows) for follow-up. The
-- order itself is left as it is: a paid one stays paid (refund it if the shop wishes), an unpaid
-- one paid at pickup can still be cancelled.
create or replace function record_no_show(p_order_id bigint, p_admin_user_id bigint) returns void
language plpgsql volatile as $$
declare
  o orders;
begin
  o := private.lock_order(p_order_id);
  if o.fulfillment <> 'pickup' then
    raise exception 'Order #% is not a pickup: only a pickup can be a no-show.', o.number using errcode = 'LR409';
  end if;
  if o.no_show_at is not null then
    raise exception 'Order #% is already recorded as not collected.', o.number using errcode = 'LR409';
  end if;
  if o.state not in ('paid', 'preparing', 'ready') and not (o.pay_at_pickup and o.state = 'pending_payment') then
    raise exception 'Order #% is % and cannot be a no-show.', o.number, replace(o.state, '_', ' ') using errcode = 'LR409';
  end if;
  if promised_at(o) > now() then
    raise exception 'Order #% is not due until later: it cannot be a no-show yet.', o.number using errcode = 'LR409';
  end if;
  update orders set no_show_at = now(), no_show_by = p_admin_user_id, updated_at = now() where id = o.id;
  update customers set no_shows = no_shows + 1, updated_at = now() where id = o.customer_id;
  insert into order_events (order_id, type, message, admin_user_id)
  values (o.id, 'no_show', 'Not collected.', p_admin_user_id);
end
$$;
