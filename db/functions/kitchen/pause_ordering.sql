-- Pauses online ordering of pickup, delivery or both at a location, for p_minutes (15, 30 or 60) or,
-- with null, until someone resumes it; returns when it ends ('infinity' for until resumed). A timed
-- pause ends by itself (fulfillment_slots offers slots from its end) and a resume_ordering job,
-- queued for that moment in this transaction, clears it and records that it resumed. Orders already
-- placed are not touched. Who may pause for how long is the app's rule (staff up to an hour).
create or replace function pause_ordering(p_location_id bigint, p_kinds text[], p_minutes integer) returns timestamptz
language plpgsql volatile as $$
declare
  v_until timestamptz;
  kind text;
begin
  if p_kinds is null or cardinality(p_kinds) = 0 or not (p_kinds <@ array['pickup', 'delivery']) then
    raise exception 'Choose pickup, delivery or both.' using errcode = 'LR422', column = 'kinds';
  end if;
  if p_minutes is not null and p_minutes not in (15, 30, 60) then
    raise exception 'Pause for 15, 30 or 60 minutes, or until you resume.' using errcode = 'LR422', column = 'minutes';
  end if;
  perform 1 from locations where id = p_location_id for no key update;
  if not found then
    raise exception 'That location does not exist.' using errcode = 'LR404';
  end if;
  -- Whole seconds: the resume job carries this through JSON and JavaScript, which keep milliseconds only.
  v_until := coalesce(date_trunc('second', now()) + make_interval(mins => p_minutes), 'infinity');
  update locations
     set pickup_paused_until = case when 'pickup' = any (p_kinds) then v_until else pickup_paused_until end,
         delivery_paused_until = case when 'delivery' = any (p_kinds) then v_until else delivery_paused_until end
   where id = p_location_id;
  if p_minutes is not null then
    foreach kind in array p_kinds loop
      perform private.enqueue_job('resume_ordering',
        jsonb_build_object('location_id', p_location_id, 'kind', kind, 'until', v_until),
        p_job_key => 'resume_ordering:' || p_location_id || ':' || kind, p_run_at => v_until);
    end loop;
  end if;
  return v_until;
end
$$;
