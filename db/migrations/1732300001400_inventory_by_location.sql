-- Up Migration
-- Stock is kept per location for tracked variations. `quantity` is what can still be sold there:
-- orders take from it in their transaction and give back what an unpaid order held. A variation
-- with no row at a location is not tracked there (made to order). For a shop on Square's
-- catalog, the sync sets quantity to Square's IN_STOCK count less what unpaid orders still hold.

create table inventory_levels (
  variant_id bigint not null references variants (id) on delete cascade,
  location_id bigint not null references locations (id) on delete cascade,
  quantity integer not null check (quantity >= 0),
  -- When Square computed the count last applied; an older count arriving later is ignored.
  square_calculated_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (variant_id, location_id)
);
create index inventory_levels_location_idx on inventory_levels (location_id);

-- At or below this many left, the dashboard flags the variation as running low.
alter table variants add column low_stock_threshold integer check (low_stock_threshold >= 0);

insert into inventory_levels (variant_id, location_id, quantity)
select v.id, l.id, v.stock
  from variants v cross join locations l
 where v.stock is not null;

-- Down Migration
alter table variants drop column low_stock_threshold;
drop table inventory_levels;
