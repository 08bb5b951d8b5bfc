-- A refund that completes (or, corrected by hand, stops being completed) moves its order's refunds
-- and net sales: the order's days are queued for rollup in the same transaction.
create or replace function private.tg_refunds__sales_rollup() returns trigger
language plpgsql as $$
declare
  o orders;
begin
  if tg_op = 'UPDATE'
     and (old.status = 'completed') = (new.status = 'completed')
     and (new.status <> 'completed' or old.amount_cents = new.amount_cents) then
    return null;
  end if;
  if tg_op = 'INSERT' and new.status <> 'completed' then
    return null;
  end if;
  select * into o from orders where id = new.order_id;
  perform private.enqueue_order_sales_rollups(o);
  return null;
end
$$;

create trigger tg_refunds__sales_rollup after insert or update on refunds
for each row execute function private.tg_refunds__sales_rollup();
