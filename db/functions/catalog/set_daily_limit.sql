-- Sets, changes or (both numbers null) removes the daily item limit of a product (its variations
-- summed) or of one variation: at most p_per_day items per location and fulfilment day, and
-- p_per_slot per pickup slot or delivery window. The limit's uses from today on are recounted from
-- the orders standing, so a new limit counts what was sold before it; a limit below what is
-- already sold for a day (or a time) is refused with the number sold, and no order is ever
-- cancelled by it. Returns the limit before and after, for the caller's audit entry. It is the
-- shop's own setting, changed whichever catalog the menu comes from.
create or replace function set_daily_limit(p_product_id bigint, p_variant_id bigint, p_per_day integer, p_per_slot integer)
returns table (before jsonb, after jsonb)
language plpgsql volatile as $$
declare
  v_limit daily_limits;
  v_before jsonb;
  v_over record;
begin
  if num_nonnulls(p_product_id, p_variant_id) <> 1 then
    raise exception 'Choose a product or one of its variations.' using errcode = 'LR422';
  end if;
  if p_product_id is not null and not exists (select 1 from products where id = p_product_id) then
    raise exception 'That product does not exist (any more).' using errcode = 'LR404';
  end if;
  if p_variant_id is not null and not exists (select 1 from variants where id = p_variant_id) then
    raise exception 'That variation does not exist (any more).' using errcode = 'LR404';
  end if;
  if p_per_day not between 0 and 1000000 then
    raise exception 'Enter a whole number of zero or more, or leave it empty for no limit.' using errcode = 'LR422', column = 'perDay';
  end if;
  if p_per_slot not between 0 and 1000000 then
    raise exception 'Enter a whole number of zero or more, or leave it empty for no limit.' using errcode = 'LR422', column = 'perSlot';
  end if;

  -- Orders write their items before they take a limit's share lock: waiting here for those in
  -- flight (and holding new ones back until this commits, a few milliseconds) makes the recount
  -- below exact even for a limit that did not exist when they started. Taken before the limit's
  -- row, the same order as place_order's, so the two never deadlock.
  lock table order_items in share mode;
  select * into v_limit from daily_limits dl
   where dl.product_id = p_product_id or dl.variant_id = p_variant_id
     for update;
  v_before := case when v_limit.id is not null
                   then jsonb_build_object('per_day', v_limit.per_day, 'per_slot', v_limit.per_slot) end;

  if p_per_day is null and p_per_slot is null then
    delete from daily_limits where id = v_limit.id;
    return query select v_before, null::jsonb;
    return;
  end if;
  if v_limit.id is null then
    insert into daily_limits (product_id, variant_id, per_day, per_slot)
    values (p_product_id, p_variant_id, p_per_day, p_per_slot)
    returning * into v_limit;
  else
    update daily_limits set per_day = p_per_day, per_slot = p_per_slot, updated_at = now()
     where id = v_limit.id returning * into v_limit;
  end if;

  select s.day, s.sold into v_over from private.daily_limit_sold(v_limit.id) s
   where s.slot_at is null and s.sold > p_per_day order by s.sold desc, s.day limit 1;
  if found then
    raise exception 'Already % sold for %: the limit cannot be below %.', v_over.sold, to_char(v_over.day, 'FMDay, Mon FMDD'), v_over.sold
      using errcode = 'LR409', column = 'perDay';
  end if;
  select s.day, s.slot_at, s.sold, l.timezone into v_over
    from private.daily_limit_sold(v_limit.id) s join locations l on l.id = s.location_id
   where s.slot_at is not null and s.sold > p_per_slot order by s.sold desc, s.slot_at limit 1;
  if found then
    raise exception 'Already % sold for % on %: the limit per time cannot be below %.', v_over.sold,
      to_char(v_over.slot_at at time zone v_over.timezone, 'FMHH12:MI am'), to_char(v_over.day, 'FMDay, Mon FMDD'), v_over.sold
      using errcode = 'LR409', column = 'perSlot';
  end if;

  delete from daily_limit_uses u using locations l
   where u.limit_id = v_limit.id and l.id = u.location_id and u.day >= (now() at time zone l.timezone)::date;
  insert into daily_limit_uses (limit_id, location_id, day, slot_at, used, capacity)
  select v_limit.id, s.location_id, s.day, s.slot_at, s.sold, case when s.slot_at is null then p_per_day else p_per_slot end
    from private.daily_limit_sold(v_limit.id) s
   where case when s.slot_at is null then p_per_day else p_per_slot end is not null;

  return query select v_before, jsonb_build_object('per_day', v_limit.per_day, 'per_slot', v_limit.per_slot);
end
$$;
