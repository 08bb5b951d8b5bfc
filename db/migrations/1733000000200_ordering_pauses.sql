-- Up Migration
-- A busy kitchen slows down or stops online orders (issue 10): pickup and delivery can each be
-- paused until a time ('infinity': until someone resumes it), and a busy period adds minutes to the
-- lead time of both until it ends. Slots are offered from the end of a pause plus the lead time.
alter table locations
  add column pickup_paused_until timestamptz,
  add column delivery_paused_until timestamptz,
  add column busy_extra_minutes integer not null default 0
    constraint locations_busy_extra_minutes_check check (busy_extra_minutes between 0 and 240),
  add column busy_until timestamptz,
  add constraint locations_busy_needs_until check ((busy_extra_minutes = 0) = (busy_until is null));

-- Down Migration
alter table locations
  drop constraint locations_busy_needs_until,
  drop column busy_until,
  drop column busy_extra_minutes,
  drop column delivery_paused_until,
  drop column pickup_paused_until;
