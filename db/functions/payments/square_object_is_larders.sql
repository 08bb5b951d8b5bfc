-- Whether a Square payment, order or refund named by a webhook is one of Larder's: a Square order an
-- attempt paid for, a payment or refund Larder recorded. Every in-store sale also sends webhooks; the
-- worker asks this before asking Square anything about them (process_square_webhook).
create or replace function square_object_is_larders(
  p_square_payment_id text, p_square_order_id text, p_square_refund_id text
) returns boolean
language sql stable as $$
  select exists (select 1 from payment_attempts where p_square_order_id is not null and square_order_id = p_square_order_id)
      or exists (select 1 from orders where p_square_order_id is not null and square_order_id = p_square_order_id)
      or exists (select 1 from payment_attempts where p_square_payment_id is not null and square_payment_id = p_square_payment_id)
      or exists (select 1 from payments where p_square_payment_id is not null and square_payment_id = p_square_payment_id)
      or exists (select 1 from refunds where p_square_refund_id is not null and square_refund_id = p_square_refund_id)
$$;
