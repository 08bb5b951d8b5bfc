// Sales rollups (sales_days, product_sales_days, customer_sales_days; ADR 013): one location's day
// recomputed when its orders change (the rollup_sales job the triggers queue), the recent days of
// every location by the 15-minute sweep, everything by `npm run rollups:rebuild`.
import { sql } from "~/lib/db.server";

/** The sweep recomputes this many local days back… */
export const SWEEP_DAYS_BACK = 3;
/** …and this many ahead: pre-orders are fulfilled on later days (shipping takes orders up to 60 days ahead). */
export const SWEEP_DAYS_AHEAD = 62;

/** One location's local day, both bases (the job the orders and refunds triggers queue). */
export async function rollupSalesDay(locationId: number, day: string): Promise<number> {
  const [row] = await sql<{ written: number }[]>`select rollup_sales(${locationId}, ${day}::date, ${day}::date) as written`;
  return row.written;
}

/** Every location's recent days (the rollup_metrics cron). */
export async function rollupRecentSales(): Promise<number> {
  const [row] = await sql<{ written: number }[]>`select rollup_recent_sales(${SWEEP_DAYS_BACK}, ${SWEEP_DAYS_AHEAD}) as written`;
  return row.written;
}

/** All history, in one transaction (`npm run rollups:rebuild`). */
export async function rebuildSalesRollups(): Promise<number> {
  const [row] = await sql<{ written: number }[]>`select rebuild_sales_rollups() as written`;
  return row.written;
}

export async function lastRollup(): Promise<{ lastRunAt: Date; daysRolledUp: number } | null> {
  const [row] = await sql<{ lastRunAt: Date; daysRolledUp: number }[]>`
    select last_run_at as "lastRunAt", days_rolled_up as "daysRolledUp" from metric_rollups where name = 'sales'`;
  return row ?? null;
}
