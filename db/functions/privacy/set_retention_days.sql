-- An owner sets how long webhook payloads, email and text bodies, and carts never checked out are
-- kept (whole days, 1 to 3650), audit-logged in the same transaction with the values before.
create or replace function set_retention_days(
  p_webhook_payload_days integer, p_outbox_body_days integer, p_abandoned_cart_days integer,
  p_admin_user_id bigint, p_request_id text, p_ip inet
) returns void
language plpgsql volatile as $$
declare
  actor_email text := private.privacy_actor(p_admin_user_id);
  previous jsonb;
  next_value jsonb;
begin
  if p_webhook_payload_days is null or p_webhook_payload_days not between 1 and 3650 then
    raise exception 'Keep webhook payloads between 1 and 3650 days.' using errcode = 'LR422', column = 'webhookPayloadDays';
  end if;
  if p_outbox_body_days is null or p_outbox_body_days not between 1 and 3650 then
    raise exception 'Keep email and text bodies between 1 and 3650 days.' using errcode = 'LR422', column = 'outboxBodyDays';
  end if;
  if p_abandoned_cart_days is null or p_abandoned_cart_days not between 1 and 3650 then
    raise exception 'Keep abandoned carts between 1 and 3650 days.' using errcode = 'LR422', column = 'abandonedCartDays';
  end if;
  perform 1 from settings where key ~ '^retention\.' for update;
  select jsonb_object_agg(r.key, r.days) into previous from retention_settings() r;
  next_value := jsonb_build_object('retention.webhook_payload_days', p_webhook_payload_days,
                                   'retention.outbox_body_days', p_outbox_body_days,
                                   'retention.abandoned_cart_days', p_abandoned_cart_days);
  insert into settings (key, value)
  select n.key, n.value from jsonb_each(next_value) n
  on conflict (key) do update set value = excluded.value, updated_at = now();
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, 'privacy.retention', 'setting', 'retention', previous, next_value, p_request_id, p_ip);
end
$$;
