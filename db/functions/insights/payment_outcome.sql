-- What a payment attempt's status and error code say for the dashboard: succeeded, declined (the
-- card's answer), failed (ours: Square unavailable or refusing the request without a card code, an
-- outcome never learnt) or pending; null for an attempt that gave way to another payment.
create or replace function private.payment_outcome(p_status text, p_error_code text) returns text
language sql immutable as $$
  select case
    when p_status = 'completed' then 'succeeded'
    when p_status in ('created', 'pending') then 'pending'
    when p_error_code in ('PAID_AT_COUNTER', 'ORDER_CHANGED') then null
    when p_status = 'unknown' or p_error_code in ('UNAVAILABLE', 'OUTCOME_UNKNOWN', 'REFUSED') then 'failed'
    else 'declined'
  end
$$;
