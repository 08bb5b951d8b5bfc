-- The checkout benchmark's baseline (bench/checkout.ts): the SQL one checkout of
-- bench/checkout-driver.ts sends, as one pgbench transaction script, with nothing between the
-- statements but the wire — no Node, no Square simulator round trips (its payment is the answer
-- the simulator gives, written straight back). Statement for statement, in the driver's order:
--   a cart with one line, place_order with the driver's arguments, payOrderWithCard's reads of the
--   order and its Square mirror's lines, set_square_order_id, start_card_attempt, send_card_attempt,
--   then apply_square_payment + record_card_attempt in one transaction (recordCardAnswer).
-- Variables from -D: variant, location, slots (rows in bench_slots, the driver's 200 latest slots).
\set slot random(0, :slots - 1)
insert into carts default values returning id as cart_id \gset
select cart_add_item(:cart_id::uuid, :variant::bigint, 1);
select order_id from place_order(:cart_id::uuid, gen_random_uuid(), :location::bigint, 'Bench Customer',
                                 'bench-' || :cart_id::text || '@example.com', '555 010 2030',
                                 (select slot from bench_slots where i = :slot::int)) \gset
select id, number, currency, total_cents, customer_email, square_order_id, revision from orders where id = :order_id::bigint \gset o_
select o.number, o.currency, o.discount_cents, o.promo_code, p.kind, p.percent_bps, o.tax_name, o.tax_rate_bps,
       o.tax_inclusive, o.delivery_fee_cents, o.shipping_cents, o.tip_cents, o.total_cents
  from orders o left join promo_codes p on p.id = o.promo_code_id where o.id = :order_id::bigint;
select i.product_name || ' (' || i.variant_name || ')' as name, i.quantity, i.unit_price_cents, v.square_variation_id,
       coalesce((select json_agg(json_build_object('name', m.modifier_list_name || ': ' || m.name, 'priceCents', m.price_cents,
                                                   'squareModifierId', md.square_modifier_id) order by m.sort_order)
                   from order_item_modifiers m left join modifiers md on md.id = m.modifier_id
                  where m.order_item_id = i.id), '[]') as modifiers
  from order_items i left join variants v on v.id = i.variant_id where i.order_id = :order_id::bigint order by i.id;
select set_square_order_id(:order_id::bigint, 'bench-sq-' || :order_id::text);
select id as attempt_id, amount_cents from start_card_attempt(:order_id::bigint, 'bench-src-' || :order_id::text) \gset
select send_card_attempt(:attempt_id::uuid);
begin;
select apply_square_payment('bench-pay-' || :order_id::text, 'bench-sq-' || :order_id::text, 'COMPLETED', :amount_cents::bigint,
                            :o_currency::text, 'VISA', '1111', 'https://example.com/receipt', null::text);
select record_card_attempt(:attempt_id::uuid, 'completed', 'bench-pay-' || :order_id::text, null::text, null::text);
commit;
