// A worker process's heartbeat: every few seconds it records, by the database's clock, the
// graphile-worker worker ids it runs (worker_heartbeats). The rescue_crashed_jobs cron unlocks the
// jobs of ids gone silent, so a crashed worker's jobs run again within a minute.
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { processName } from "~/lib/process-name";

export interface Heartbeat {
  /** Records the ids now (also done on every beat). */
  beat(): Promise<void>;
  stop(): Promise<void>;
}

export function startHeartbeat(workerIds: () => string[], onBeat?: () => Promise<void>): Heartbeat {
  let stopped = false;
  const beat = async () => {
    const ids = workerIds();
    if (stopped || ids.length === 0) return;
    try {
      await sql`select record_worker_heartbeat(${processName}, ${ids}::text[])`;
      await onBeat?.();
    } catch (error) {
      // The database is down or busy: the next beat tries again. Silence longer than the limit
      // gets this process's jobs unlocked, which at-least-once tasks tolerate.
      logger.warn({ err: error, process: processName }, "worker heartbeat failed");
    }
  };
  const timer = setInterval(() => void beat(), env.WORKER_HEARTBEAT_SECONDS * 1000);
  timer.unref();
  return {
    beat,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await sql`select forget_workers(${processName})`.catch((error: unknown) =>
        logger.warn({ err: error, process: processName }, "could not forget this worker's heartbeats"),
      );
    },
  };
}
