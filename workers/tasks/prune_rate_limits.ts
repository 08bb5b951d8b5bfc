// Cron: forgets rate-limit keys whose time has passed (prune_rate_limits), so the table holds only
// the keys of the last few minutes; idempotent.
import type { Task } from "graphile-worker";
import { sql } from "~/lib/db.server";

export const prune_rate_limits: Task = async (_payload, helpers) => {
  const [{ removed }] = await sql<{ removed: number }[]>`select prune_rate_limits() as removed`;
  if (removed > 0) helpers.logger.info(`forgot ${removed} rate-limit key(s)`);
};
