-- The attempt for paying an order with one card token: the same token again (a double submit)
-- gets the same attempt and so the same idempotency key; a token already used for another order
-- is refused.
create or replace function start_card_attempt(p_order_id bigint, p_source_id text) returns payment_attempts
language plpgsql volatile as $$
declare
  o orders;
  attempt payment_attempts;
begin
  o := private.lock_order(p_order_id);
  select * into attempt from payment_attempts where source_id = p_source_id;
  if found then
    if attempt.order_id <> p_order_id then
      raise exception 'This card entry was already used. Please enter your card again.'
        using errcode = 'LR409', column = 'sourceId';
    end if;
    return attempt;
  end if;
  if o.state <> 'pending_payment' then
    raise exception 'Order #% is % and cannot be paid again.', o.number, replace(o.state, '_', ' ')
      using errcode = 'LR409';
  end if;
  if p_source_id is null or length(p_source_id) not between 1 and 500 then
    raise exception 'Enter your card details.' using errcode = 'LR422', column = 'sourceId';
  end if;
  insert into payment_attempts (order_id, method, amount_cents, currency, source_id, square_order_id)
  values (o.id, 'card', o.total_cents, o.currency, p_source_id, o.square_order_id)
  returning * into attempt;
  return attempt;
end
$$;
