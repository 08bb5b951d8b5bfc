-- The retention periods the privacy page shows: each kind's days now and its default.
create or replace function retention_settings()
returns table (key text, days integer, default_days integer, is_default boolean)
language sql stable as $$
  select k.key, private.retention_days(k.key), k.default_days, not exists (select 1 from settings s where s.key = k.key)
    from (values ('retention.webhook_payload_days', 30, 1), ('retention.outbox_body_days', 90, 2), ('retention.abandoned_cart_days', 30, 3))
         k (key, default_days, position)
   order by k.position
$$;
