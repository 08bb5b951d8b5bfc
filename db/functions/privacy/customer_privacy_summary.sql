-- What the privacy page shows about a customer before an export or erasure (reading only, so not
-- audit-logged): the orders it covers and how many records of each other kind it would include.
create or replace function customer_privacy_summary(p_email text, p_phone text) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'customers', jsonb_array_length(d -> 'customers'),
    'orders', coalesce((select jsonb_agg(jsonb_build_object('number', o -> 'number', 'placed_at', o -> 'placed_at', 'state', o -> 'state',
                                                            'name', o -> 'name', 'email', o -> 'email', 'phone', o -> 'phone',
                                                            'total_cents', o -> 'total_cents', 'currency', o -> 'currency'))
                          from jsonb_array_elements(d -> 'orders') o), '[]'),
    'emails', jsonb_array_length(d -> 'emails'),
    'texts', jsonb_array_length(d -> 'texts'),
    'sessions', jsonb_array_length(d -> 'sessions'),
    'webhook_events', jsonb_array_length(d -> 'square_webhook_events'))
  from (select private.customer_privacy_data(p_email, p_phone) as d) data
$$;
