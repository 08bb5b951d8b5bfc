-- When an order is promised: its pickup slot or the start of its delivery window, plus any delay the
-- kitchen added since (null for shipping, which has a day, not a time). The one definition the
-- board, the customer's page and the emails read.
create or replace function promised_at(o orders) returns timestamptz
language sql stable as $$
  select coalesce(o.pickup_at, o.delivery_at) + make_interval(mins => o.delay_minutes)
$$;
