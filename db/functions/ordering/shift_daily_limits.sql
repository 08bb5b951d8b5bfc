-- Moves an order's use of the daily item limits from the items it held (p_from) to the items it
-- now holds (p_to), both [{variant_id, quantity}], on its location and fulfilment day (and slot or
-- window), in the caller's transaction: placing is '[]' → items, expiry items → '[]', a correction
-- old → new. Each limit changes by the difference only, in limit id order, day before slot, so
-- concurrent orders lock the same rows in the same order and never deadlock. Every limit row
-- touched is share-locked first, so set_daily_limit (which locks it for update) never recounts
-- while an order is half-way. More than is left is refused, naming the item and the day, with
-- nothing taken (the caller's transaction rolls back); daily_limit_uses_used_check backs it.
create or replace function private.shift_daily_limits(o orders, p_from jsonb, p_to jsonb) returns void
language plpgsql volatile as $$
declare
  v_tz text;
  v_slot timestamptz := coalesce(o.pickup_at, o.delivery_at);
  v_day date;
  v_column text := case o.fulfillment when 'pickup' then 'pickupAt' when 'delivery' then 'deliveryAt' else 'shipOn' end;
  v_day_label text;
  v_time_label text;
  change record;
  v_scope record;
  v_taken integer;
  v_left integer;
begin
  select timezone into v_tz from locations where id = o.location_id;
  v_day := private.fulfillment_day(o.location_id, v_slot, o.ship_on);
  if v_day is null then
    return;
  end if;
  v_day_label := to_char(v_day, 'FMDay, Mon FMDD');
  v_time_label := to_char(v_slot at time zone v_tz, 'FMHH12:MI am');

  for change in
    with items as (
      select (i ->> 'variant_id')::bigint as variant_id, -(i ->> 'quantity')::integer as quantity from jsonb_array_elements(p_from) i
      union all
      select (i ->> 'variant_id')::bigint, (i ->> 'quantity')::integer from jsonb_array_elements(p_to) i
    ), deltas as (
      select dl.id, sum(items.quantity)::integer as delta,
             coalesce(-sum(items.quantity) filter (where items.quantity < 0), 0)::integer as held
        from items
        join variants v on v.id = items.variant_id
        join daily_limits dl on dl.variant_id = v.id or dl.product_id = v.product_id
       group by dl.id
    )
    select dl.id, dl.per_day, dl.per_slot, d.delta, d.held,
           coalesce(p.name || ' (' || v.name || ')', p.name) as label
      from deltas d
      join daily_limits dl on dl.id = d.id
      left join variants v on v.id = dl.variant_id
      join products p on p.id = coalesce(dl.product_id, v.product_id)
     where d.delta <> 0
     order by dl.id
       for share of dl
  loop
    for v_scope in
      select null::timestamptz as slot_at, change.per_day as capacity
       where change.per_day is not null
      union all
      select v_slot, change.per_slot
       where change.per_slot is not null and v_slot is not null
      order by 1 nulls first
    loop
      if change.delta < 0 then
        -- A use counted before the limit existed was never added: never below zero.
        update daily_limit_uses set used = greatest(used + change.delta, 0)
         where limit_id = change.id and location_id = o.location_id and day = v_day and slot_at is not distinct from v_scope.slot_at;
        continue;
      end if;
      insert into daily_limit_uses (limit_id, location_id, day, slot_at, used, capacity)
      values (change.id, o.location_id, v_day, v_scope.slot_at, 0, v_scope.capacity)
      on conflict (limit_id, location_id, day, slot_at) do nothing;
      update daily_limit_uses set used = used + change.delta, capacity = v_scope.capacity
       where limit_id = change.id and location_id = o.location_id and day = v_day and slot_at is not distinct from v_scope.slot_at
         and used + change.delta <= v_scope.capacity
      returning used into v_taken;
      if v_taken is null then
        -- What the order may have: what is left plus what it already holds (a correction).
        select greatest(v_scope.capacity - used + change.held, 0) into v_left
          from daily_limit_uses
         where limit_id = change.id and location_id = o.location_id and day = v_day and slot_at is not distinct from v_scope.slot_at;
        if v_scope.slot_at is null and v_left = 0 then
          raise exception '% is sold out for %. Choose another day.', change.label, v_day_label
            using errcode = 'LR409', column = v_column;
        elsif v_scope.slot_at is null then
          raise exception 'Only % % left for %. Change the quantity or choose another day.', v_left, change.label, v_day_label
            using errcode = 'LR409', column = v_column;
        elsif v_left = 0 then
          raise exception '% is sold out for % on %. Choose another time.', change.label, v_time_label, v_day_label
            using errcode = 'LR409', column = v_column;
        else
          raise exception 'Only % % left for % on %. Change the quantity or choose another time.', v_left, change.label,
            v_time_label, v_day_label using errcode = 'LR409', column = v_column;
        end if;
      end if;
      v_taken := null;
    end loop;
  end loop;
end
$$;
