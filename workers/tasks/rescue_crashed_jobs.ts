// Cron (every minute): unlocks the jobs of worker processes silent for WORKER_DEAD_AFTER_SECONDS
// (rescue_crashed_jobs in SQL, graphile-worker's force_unlock_workers, the database's clock), so
// another worker runs them. Safe to run anywhere, any number of times: a second run finds nothing.
import type { Task } from "graphile-worker";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";

export const rescue_crashed_jobs: Task = async () => {
  const rescued = await sql<{ workerId: string; process: string | null; lastSeenAt: Date | null; jobs: number }[]>`
    select worker_id as "workerId", process, last_seen_at as "lastSeenAt", jobs
      from rescue_crashed_jobs(${env.WORKER_DEAD_AFTER_SECONDS})`;
  for (const worker of rescued) {
    logger.warn(
      { task: "rescue_crashed_jobs", workerId: worker.workerId, process: worker.process, lastSeenAt: worker.lastSeenAt?.toISOString() ?? null, jobs: worker.jobs },
      `unlocked ${worker.jobs} job(s) of a worker not seen for ${env.WORKER_DEAD_AFTER_SECONDS} s`,
    );
  }
};
