// Cron, every 15 minutes: the safety net under the incremental rollups (rollup_sales jobs), which
// recomputes every location's recent days (see app/insights/rollups.server.ts); idempotent.
import type { Task } from "graphile-worker";
import { rollupRecentSales } from "~/insights/rollups.server";

export const rollup_metrics: Task = async (_payload, helpers) => {
  const written = await rollupRecentSales();
  helpers.logger.info(`recent sales rolled up: ${written} row(s)`);
};
