-- Up Migration
-- The production plan (issue 11): how many units of each variation the kitchen makes for a day.
-- A variation can be a pack (a dozen = 12 units); staff record how many units are made so far; a
-- printed plan is kept as it was printed, so the page can say what changed since.
alter table variants
  add column units_per_variation integer not null default 1
    constraint variants_units_per_variation_check check (units_per_variation between 1 and 1000);
comment on column variants.units_per_variation is
  'How many units the kitchen makes for one of this variation (Single 1, Half dozen 6, Dozen 12). Larder''s own: the Square catalog sync leaves it alone.';

-- Made so far, per location, fulfilment day and variation (the whole day, whatever the window).
create table production_made (
  location_id bigint not null references locations (id) on delete cascade,
  day date not null,
  variant_id bigint not null references variants (id) on delete cascade,
  made_units integer not null check (made_units between 0 and 100000),
  made_by bigint not null references admin_users (id) on delete restrict,
  made_at timestamptz not null default now(),
  primary key (location_id, day, variant_id)
);
comment on table production_made is
  'How many units of a variation the kitchen has made for a fulfilment day, and who recorded it last.';

-- A plan as printed: the lines it showed (production_plan's rows) and when, for one day and window
-- (fulfillment and window_start both null: the whole day; shipping: the ship day, no start).
create table production_prints (
  id bigint generated always as identity primary key,
  location_id bigint not null references locations (id) on delete cascade,
  day date not null,
  fulfillment text check (fulfillment in ('pickup', 'delivery', 'shipping')),
  window_start timestamptz,
  constraint production_prints_window_check check (
    (fulfillment is null and window_start is null)
    or (fulfillment = 'shipping' and window_start is null)
    or (fulfillment in ('pickup', 'delivery') and window_start is not null)),
  lines jsonb not null check (jsonb_typeof(lines) = 'array'),
  printed_by bigint not null references admin_users (id) on delete restrict,
  printed_at timestamptz not null default now()
);
create index production_prints_window_idx on production_prints (location_id, day, fulfillment, window_start, printed_at desc);
comment on table production_prints is
  'Each print of the production plan, with the lines as printed, so the plan shows what moved since.';

-- Down Migration
-- Rolling back must not lose what the shop entered: pack sizes, made counts, printed plans.
do $$
begin
  if exists (select 1 from variants where units_per_variation <> 1)
     or exists (select 1 from production_made) or exists (select 1 from production_prints) then
    raise exception 'variations with units per variation, made counts or printed plans exist: rolling back would lose them';
  end if;
end
$$;
drop table production_prints;
drop table production_made;
alter table variants drop column units_per_variation;
