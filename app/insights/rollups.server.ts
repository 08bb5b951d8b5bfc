// Metric rollups: daily sales per location (rollup_daily_sales), recomputed for the last few days
// on every run (late payments and refunds land in days already rolled up) and for all history the
// first time.
import { sql } from "~/lib/db.server";

/** Days recomputed on each run, counting back from today. */
export const ROLLUP_DAYS_BACK = 3;

export async function rollupDailySales(): Promise<{ fromDay: string; daysWritten: number }> {
  const [row] = await sql<{ fromDay: string; daysWritten: number }[]>`
    with start as (
      select case when exists (select 1 from metric_rollups where name = 'daily_sales')
                  then current_date - ${ROLLUP_DAYS_BACK}::int else '-infinity'::date end as day
    )
    select day::text as "fromDay", rollup_daily_sales(day) as "daysWritten" from start`;
  return row;
}

export async function lastRollup(): Promise<{ lastRunAt: Date; daysRolledUp: number } | null> {
  const [row] = await sql<{ lastRunAt: Date; daysRolledUp: number }[]>`
    select last_run_at as "lastRunAt", days_rolled_up as "daysRolledUp" from metric_rollups where name = 'daily_sales'`;
  return row ?? null;
}
