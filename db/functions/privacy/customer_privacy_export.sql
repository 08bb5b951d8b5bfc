-- An owner downloads everything Larder holds about a customer (private.customer_privacy_data); the
-- download is audit-logged in the same transaction, naming the orders it covered (not the person).
create or replace function customer_privacy_export(p_email text, p_phone text, p_admin_user_id bigint, p_request_id text, p_ip inet)
returns jsonb
language plpgsql volatile as $$
declare
  actor_email text := private.privacy_actor(p_admin_user_id);
  export jsonb;
  customer bigint;
begin
  perform private.privacy_check_request(p_email, p_phone);
  export := private.customer_privacy_data(p_email, p_phone);
  select min(c) into customer from private.privacy_subject_customers(p_email, p_phone) c;
  insert into audit_log (admin_user_id, actor, action, subject_type, subject_id, before, after, request_id, ip)
  values (p_admin_user_id, actor_email, 'privacy.export', 'customer', coalesce(customer::text, 'guest'), null,
          jsonb_build_object('order_numbers', coalesce((select jsonb_agg(o -> 'number') from jsonb_array_elements(export -> 'orders') o), '[]'),
                             'emails', jsonb_array_length(export -> 'emails'), 'texts', jsonb_array_length(export -> 'texts'),
                             'webhook_events', jsonb_array_length(export -> 'square_webhook_events')),
          p_request_id, p_ip);
  return export;
end
$$;
