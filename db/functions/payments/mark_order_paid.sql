-- Moves an unpaid order to paid and queues its confirmation email, in this transaction; a location
-- that accepts orders by itself (locations.auto_accept) accepts it at once, for the kitchen's board.
-- Returns false, changing nothing, when the order is not waiting for payment.
create or replace function private.mark_order_paid(p_order_id bigint) returns boolean
language plpgsql volatile as $$
declare
  o orders;
begin
  o := private.lock_order(p_order_id);
  if o.state <> 'pending_payment' then
    return false;
  end if;
  update orders set state = 'paid', paid_at = now() where id = p_order_id;
  if o.accepted_at is null and (select auto_accept from locations where id = o.location_id) then
    update orders set accepted_at = now() where id = p_order_id;
    insert into order_events (order_id, type, message, detail)
    values (o.id, 'accepted', 'Accepted automatically when paid.', jsonb_build_object('automatic', true));
  end if;
  perform private.email_customer(o.id, 'order_confirmation');
  return true;
end
$$;
