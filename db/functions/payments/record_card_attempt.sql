-- What Square answered to a card payment: the payment's id when there was one, and whether the
-- outcome is known. A declined attempt keeps Square's reason for the customer.
create or replace function record_card_attempt(
  p_attempt_id uuid, p_status text, p_square_payment_id text, p_error_code text, p_error_message text
) returns void
language plpgsql volatile as $$
begin
  update payment_attempts
     set status = case when status = 'completed' then status else p_status end,
         square_payment_id = coalesce(p_square_payment_id, square_payment_id),
         error_code = p_error_code,
         error_message = p_error_message,
         updated_at = now()
   where id = p_attempt_id;
  if not found then
    raise exception 'Payment attempt % not found.', p_attempt_id using errcode = 'LR404';
  end if;
end
$$;
