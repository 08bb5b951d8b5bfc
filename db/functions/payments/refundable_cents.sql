-- What can still be refunded on an order: captured minus every refund not failed.
create or replace function refundable_cents(p_order_id bigint) returns bigint
language sql stable as $$
  select coalesce((select sum(amount_cents) from payments where order_id = p_order_id and status = 'COMPLETED'), 0)
       - coalesce((select sum(amount_cents) from refunds where order_id = p_order_id and status <> 'failed'), 0)
$$;
