-- Takes orders again for the kinds named. With p_paused_until (the resume_ordering job's), only a
-- pause that still ends then is cleared, so a job for an earlier pause never ends a newer one; its
-- resumption is recorded in the audit log. Returns the kinds that were paused and now are not.
create or replace function resume_ordering(p_location_id bigint, p_kinds text[], p_paused_until timestamptz default null)
returns text[]
language plpgsql volatile as $$
declare
  before locations;
  resumed text[] := '{}';
begin
  if p_kinds is null or not (p_kinds <@ array['pickup', 'delivery']) then
    raise exception 'Choose pickup, delivery or both.' using errcode = 'LR422', column = 'kinds';
  end if;
  select * into before from locations where id = p_location_id for no key update;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  if 'pickup' = any (p_kinds) and before.pickup_paused_until is not null
     and (p_paused_until is null or before.pickup_paused_until = p_paused_until) then
    resumed := array_append(resumed, 'pickup');
  end if;
  if 'delivery' = any (p_kinds) and before.delivery_paused_until is not null
     and (p_paused_until is null or before.delivery_paused_until = p_paused_until) then
    resumed := array_append(resumed, 'delivery');
  end if;
  update locations
     set pickup_paused_until = case when 'pickup' = any (resumed) then null else pickup_paused_until end,
         delivery_paused_until = case when 'delivery' = any (resumed) then null else delivery_paused_until end
   where id = p_location_id;
  if p_paused_until is not null and cardinality(resumed) > 0 then
    insert into audit_log (actor, action, subject_type, subject_id, before, after, request_id)
    values ('worker', 'location.resume_ordering', 'location', p_location_id::text,
            jsonb_build_object('pickup_paused_until', before.pickup_paused_until, 'delivery_paused_until', before.delivery_paused_until),
            jsonb_build_object('resumed', to_jsonb(resumed)), nullif(current_setting('larder.request_id', true), ''));
  end if;
  return resumed;
end
$$;
