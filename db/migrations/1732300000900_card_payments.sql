-- Up Migration
-- Paying by card in the page (Square's Web Payments SDK): each Larder order is mirrored as one Square
-- order, and each card tried is its own payment attempt, keyed by the attempt's id.

alter table orders add column square_order_id text unique;

-- Several card attempts can pay towards the same Square order.
alter table payment_attempts drop constraint payment_attempts_square_order_id_key;
create index payment_attempts_square_order_idx on payment_attempts (square_order_id);
-- A card token from the Web Payments SDK pays for one thing only.
alter table payment_attempts add column source_id text unique;

create function set_square_order_id(p_order_id bigint, p_square_order_id text) returns text
language plpgsql volatile as $$
declare
  current_id text;
begin
  update orders set square_order_id = p_square_order_id
   where id = p_order_id and square_order_id is null
  returning square_order_id into current_id;
  if current_id is null then
    select square_order_id into current_id from orders where id = p_order_id;
  end if;
  return current_id;
end
$$;

-- The attempt for paying an order with one card token: the same token again (a double submit)
-- gets the same attempt and so the same idempotency key; a token already used for another order
-- is refused.
create function start_card_attempt(p_order_id bigint, p_source_id text) returns payment_attempts
language plpgsql volatile as $$
declare
  o orders;
  attempt payment_attempts;
begin
  select * into o from orders where id = p_order_id for update;
  if not found then
    raise exception 'Order not found.' using errcode = 'LR404';
  end if;
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

-- What Square answered to a card payment: the payment's id when there was one, and whether the
-- outcome is known. A declined attempt keeps Square's reason for the customer.
create function record_card_attempt(
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

-- Down Migration
drop function record_card_attempt(uuid, text, text, text, text);
drop function start_card_attempt(bigint, text);
drop function set_square_order_id(bigint, text);
alter table payment_attempts drop column source_id;
drop index payment_attempts_square_order_idx;
alter table payment_attempts add constraint payment_attempts_square_order_id_key unique (square_order_id);
alter table orders drop column square_order_id;
