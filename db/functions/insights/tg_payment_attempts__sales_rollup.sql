-- A payment attempt made or changing outcome queues the rollup of its order's location on the
-- attempt's local day (payment_attempt_days), in the same transaction.
create or replace function private.tg_payment_attempts__sales_rollup() returns trigger
language plpgsql as $$
declare
  v_location bigint;
  v_day date;
begin
  if tg_op = 'UPDATE' and (old.status, old.error_code, old.amount_cents) is not distinct from (new.status, new.error_code, new.amount_cents) then
    return null;
  end if;
  select o.location_id, (new.created_at at time zone l.timezone)::date into v_location, v_day
    from orders o join locations l on l.id = o.location_id where o.id = new.order_id;
  perform private.enqueue_job('rollup_sales', jsonb_build_object('location_id', v_location, 'day', v_day),
                              p_job_key => 'rollup_sales:' || v_location || ':' || v_day);
  return null;
end
$$;

create trigger tg_payment_attempts__sales_rollup after insert or update on payment_attempts
for each row execute function private.tg_payment_attempts__sales_rollup();
