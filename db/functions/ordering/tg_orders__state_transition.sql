-- Every state change is checked here and recorded as an order event, whichever code made it, naming
-- the member of staff when the transaction says who it is (larder.admin_user_id, set by the
-- function that made the change).
create or replace function private.tg_orders__state_transition() returns trigger
language plpgsql as $$
begin
  if new.state is distinct from old.state then
    if not private.order_transition_allowed(old.state, new.state) then
      raise exception 'order #% cannot go from % to %', old.number, old.state, new.state
        using errcode = 'LR409';
    end if;
    if old.state = 'pending_payment' and new.state in ('preparing', 'ready') and not new.pay_at_pickup then
      raise exception 'Order #% is not paid yet: it goes to the kitchen once it is.', old.number using errcode = 'LR409';
    end if;
    if old.state in ('preparing', 'ready') and new.state = 'cancelled' and (new.paid_at is not null or not new.pay_at_pickup) then
      raise exception 'Order #% is paid: refund it instead of cancelling.', old.number using errcode = 'LR409';
    end if;
    if new.state = 'completed' and new.pay_at_pickup and new.paid_at is null then
      raise exception 'Order #% still owes %: take the payment first.', old.number,
        private.format_money(new.total_cents, new.currency) using errcode = 'LR409';
    end if;
    new.updated_at := now();
    insert into order_events (order_id, type, from_state, to_state, admin_user_id)
    values (new.id, 'state_changed', old.state, new.state,
            nullif(current_setting('larder.admin_user_id', true), '')::bigint);
  end if;
  return new;
end
$$;

create trigger tg_orders__state_transition before update of state on orders
for each row execute function private.tg_orders__state_transition();
