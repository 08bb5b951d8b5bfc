-- The shop's rate limits and holds (docs/decisions/008), each the owner's setting or its default:
-- limits.* are {"limit": attempts, "minutes": window}; holds.* are whole numbers. The defaults
-- live here only; /admin/security lists these rows and set_security_settings changes them.
create or replace function security_settings() returns table (key text, value jsonb, default_value jsonb)
language sql stable as $$
  select d.key, coalesce(s.value, d.value), d.value
    from (values
      ('limits.sign_in_per_account', '{"limit": 10, "minutes": 15}'::jsonb, 1),
      ('limits.sign_in_per_ip', '{"limit": 20, "minutes": 15}'::jsonb, 2),
      ('limits.place_order_per_ip', '{"limit": 20, "minutes": 60}'::jsonb, 3),
      ('limits.place_order_per_email', '{"limit": 10, "minutes": 60}'::jsonb, 4),
      ('limits.payment_per_ip', '{"limit": 20, "minutes": 60}'::jsonb, 5),
      ('limits.payment_per_email', '{"limit": 10, "minutes": 60}'::jsonb, 6),
      ('limits.promo_code_per_cart', '{"limit": 10, "minutes": 15}'::jsonb, 7),
      ('limits.promo_code_per_ip', '{"limit": 30, "minutes": 15}'::jsonb, 8),
      ('limits.post_per_ip', '{"limit": 300, "minutes": 5}'::jsonb, 9),
      ('limits.account_code_email_per_email', '{"limit": 5, "minutes": 15}'::jsonb, 10),
      ('limits.account_code_email_per_ip', '{"limit": 20, "minutes": 15}'::jsonb, 11),
      ('limits.account_code_wrong_per_email', '{"limit": 10, "minutes": 15}'::jsonb, 12),
      ('limits.account_code_wrong_per_ip', '{"limit": 20, "minutes": 15}'::jsonb, 13),
      ('holds.unpaid_orders', '2'::jsonb, 14),
      ('holds.card_minutes', '15'::jsonb, 15),
      ('holds.payment_link_minutes', '30'::jsonb, 16)
    ) as d (key, value, position)
    left join settings s on s.key = d.key
   order by d.position;
$$;
