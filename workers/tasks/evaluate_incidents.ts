// Cron (every minute): the owners' alarm. evaluate_incidents in SQL opens and resolves incidents
// and queues one message per incident opening and one per resolution (none in quiet hours);
// idempotent: a second run in the same minute finds nothing new to say.
import type { Task } from "graphile-worker";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";

export const evaluate_incidents: Task = async (_payload, helpers) => {
  const [{ queued }] = await sql<{ queued: number }[]>`select evaluate_incidents(${env.WORKER_DEAD_AFTER_SECONDS}) as queued`;
  if (queued > 0) helpers.logger.info(`${queued} incident message(s) to the owners queued`);
};
