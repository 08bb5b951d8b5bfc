-- Staff correct an unpaid order's items (a phone order the customer changes, a wrong option) from a
-- cart holding what it should now be, in one transaction: the old items go back in stock, the new
-- ones are taken under the storefront's rules (take_cart_stock, write_order_items, the daily item
-- limits moved from the old items to the new: shift_daily_limits), the order is
-- priced again with the tax, fees, tip and promo code it was placed with, and an event names who
-- changed it. Any payment link or card attempt for the old total is closed, and the next one is
-- made for the new order (orders.revision keys its Square order). A paid order is changed by
-- refunding part of it instead.
create or replace function revise_unpaid_order(p_order_id bigint, p_cart_id uuid, p_admin_user_id bigint) returns void
language plpgsql volatile as $$
declare
  o orders;
  zone delivery_zones;
  promo promo_codes;
  priced record;
  line record;
  v_gross bigint[];
  v_subtotal bigint;
  v_held jsonb;
begin
  if not exists (select 1 from admin_users where id = p_admin_user_id) then
    raise exception 'Sign in to change an order.' using errcode = 'LR422';
  end if;
  o := private.lock_order(p_order_id);
  perform private.check_order_revisable(o);
  perform private.lock_open_cart(p_cart_id);
  if not exists (select 1 from cart_items where cart_id = p_cart_id) then
    raise exception 'An order needs at least one item: cancel it instead.' using errcode = 'LR422';
  end if;
  if o.fulfillment = 'shipping' then
    select cl.product_name into line from cart_lines cl where cl.cart_id = p_cart_id and not cl.shippable limit 1;
    if found then
      raise exception '% cannot be shipped.', line.product_name using errcode = 'LR422';
    end if;
  end if;

  select array_agg(cl.line_total_cents order by cl.line_id), sum(cl.line_total_cents)
    into v_gross, v_subtotal
    from cart_lines cl where cl.cart_id = p_cart_id;
  select * into zone from delivery_zones where id = o.delivery_zone_id;
  if zone.id is not null and v_subtotal < zone.minimum_cents then
    raise exception 'Delivery to % needs an order of at least % before fees (this one is %).', zone.name,
      private.format_money(zone.minimum_cents, o.currency), private.format_money(v_subtotal, o.currency)
      using errcode = 'LR422';
  end if;
  select * into promo from promo_codes where id = o.promo_code_id;
  if promo.id is not null and v_subtotal < promo.minimum_subtotal_cents then
    raise exception 'Promo code % needs an order of at least % (this one is %).', promo.code,
      private.format_money(promo.minimum_subtotal_cents, o.currency), private.format_money(v_subtotal, o.currency)
      using errcode = 'LR422';
  end if;
  select * into priced
    from price_order(v_gross, promo.kind, coalesce(promo.percent_bps::bigint, promo.amount_cents),
                     o.tax_rate_bps, o.tax_inclusive,
                     case when o.fulfillment = 'delivery' then o.delivery_fee_cents end,
                     case when o.fulfillment = 'shipping' then o.shipping_cents end,
                     null, nullif(o.tip_cents, 0));

  v_held := private.order_item_counts(o.id);
  perform private.release_order_stock(o);
  delete from order_items where order_id = o.id;
  perform private.take_cart_stock(p_cart_id, o.location_id, o.currency);
  perform private.write_order_items(o.id, p_cart_id, priced.line_discount_cents, priced.line_tax_cents);
  -- Old to new in one step: only the difference moves, in the limits' lock order.
  perform private.shift_daily_limits(o, v_held, private.order_item_counts(o.id));
  update orders
     set subtotal_cents = priced.subtotal_cents, discount_cents = priced.discount_cents, tax_cents = priced.tax_cents,
         delivery_fee_cents = priced.delivery_fee_cents, shipping_cents = priced.shipping_cents,
         tip_cents = priced.tip_cents, total_cents = priced.total_cents,
         revision = revision + 1, square_order_id = null, updated_at = now()
   where id = o.id;
  update payment_attempts
     set status = 'failed', error_code = 'ORDER_CHANGED', error_message = 'The order was changed after this attempt.', updated_at = now()
   where order_id = o.id and status in ('created', 'pending', 'unknown');
  update carts set checked_out_at = now(), updated_at = now() where id = p_cart_id;
  insert into order_events (order_id, type, message, detail, admin_user_id)
  values (o.id, 'items_changed',
          'Items changed: the total was ' || private.format_money(o.total_cents, o.currency) || ', now '
            || private.format_money(priced.total_cents, o.currency) || '.',
          jsonb_build_object('total_before', o.total_cents, 'total_after', priced.total_cents, 'revision', o.revision + 1),
          p_admin_user_id);
end
$$;
