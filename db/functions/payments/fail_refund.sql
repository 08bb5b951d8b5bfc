-- A refund Square refused outright (a 4xx answer): nothing was sent, so nothing will complete it.
create or replace function fail_refund(p_refund_id uuid, p_message text) returns void
language plpgsql volatile as $$
declare
  refund refunds;
begin
  update refunds set status = 'failed', error_message = p_message, updated_at = now()
   where id = p_refund_id and status in ('requested', 'pending')
  returning * into refund;
  if refund.id is not null then
    insert into order_events (order_id, type, message, detail)
    values (refund.order_id, 'refund_failed', 'Refund refused: ' || p_message, jsonb_build_object('refund_id', refund.id));
  end if;
end
$$;
