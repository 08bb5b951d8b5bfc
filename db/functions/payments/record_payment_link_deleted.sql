-- Square has deleted the attempt's payment link (or it was already gone): it can no longer be paid.
-- Recorded before an unpaid order is expired (reconciliation), so a retry does not ask Square again.
create or replace function record_payment_link_deleted(p_attempt_id uuid) returns void
language plpgsql volatile as $$
begin
  update payment_attempts
     set payment_link_deleted_at = coalesce(payment_link_deleted_at, now()), updated_at = now()
   where id = p_attempt_id and square_payment_link_id is not null;
  if not found then
    raise exception 'Payment attempt % has no payment link.', p_attempt_id using errcode = 'LR404';
  end if;
end
$$;
