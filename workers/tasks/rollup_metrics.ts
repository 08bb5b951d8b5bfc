// Cron: rolls daily sales up from orders (see app/insights/rollups.server.ts); idempotent.
import type { Task } from "graphile-worker";
import { rollupDailySales } from "~/insights/rollups.server";

export const rollup_metrics: Task = async (_payload, helpers) => {
  const { fromDay, daysWritten } = await rollupDailySales();
  helpers.logger.info(`daily sales rolled up from ${fromDay}: ${daysWritten} day(s)`);
};
