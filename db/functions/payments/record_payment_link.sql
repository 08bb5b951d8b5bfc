create or replace function record_payment_link(
  p_attempt_id uuid, p_payment_link_id text, p_checkout_url text, p_square_order_id text
) returns void
language plpgsql volatile as $$
begin
  update payment_attempts
     set square_payment_link_id = p_payment_link_id,
         checkout_url = p_checkout_url,
         square_order_id = p_square_order_id,
         status = case when status = 'created' then 'pending' else status end,
         updated_at = now()
   where id = p_attempt_id;
  if not found then
    raise exception 'Payment attempt % not found.', p_attempt_id using errcode = 'LR404';
  end if;
end
$$;
