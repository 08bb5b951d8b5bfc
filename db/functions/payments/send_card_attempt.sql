-- Records that CreatePayment is being sent for a card attempt; true only for its first sending. An
-- answer to a later sending (the same card entry submitted twice, the first still in flight) cannot
-- say on its own that the card was not charged.
create or replace function send_card_attempt(p_attempt_id uuid) returns boolean
language plpgsql volatile as $$
declare
  first_send boolean;
begin
  update payment_attempts
     set sent_at = coalesce(sent_at, now()), updated_at = now()
   where id = p_attempt_id and method = 'card'
  returning sent_at = now() into first_send;
  if not found then
    raise exception 'Card payment attempt % not found.', p_attempt_id using errcode = 'LR404';
  end if;
  return first_send;
end
$$;
