// The shop's health for its owners: the database, the job queue, the webhook inbox, Square, email and
// orders stuck waiting for payment. "degraded" when something needs a person's attention.
import { sql } from "./db.server";
import { emailTransportName } from "./email.server";
import { env } from "./env.server";
import { getJobQueue } from "./jobs.server";
import { squareBreakerStates } from "./square.server";

/** An order waiting this long for payment is worth a look (it expires later, on its own). */
export const STALE_PENDING_MINUTES = 15;
const QUEUE_LAG_LIMIT_SECONDS = 300;

export interface HealthReport {
  status: "ok" | "degraded";
  problems: string[];
  database: { connections: number; poolSize: number };
  queue: { queued: number; running: number; permanentlyFailed: number; oldestQueuedSeconds: number | null };
  webhooks: { dead: number; failed: number };
  square: { environment: string; breakers: Record<string, string> };
  email: { transport: string };
  orders: { pendingOlderThanMinutes: number; stalePending: number };
  checkedAt: string;
}

export async function getHealthReport(): Promise<HealthReport> {
  const [queue, [counts]] = await Promise.all([
    getJobQueue(),
    sql<{ connections: number; dead: number; failed: number; stalePending: number }[]>`
      select (select count(*)::int from pg_stat_activity where application_name = 'larder' and datname = current_database()) as connections,
             (select count(*)::int from webhook_events where state = 'dead') as dead,
             (select count(*)::int from webhook_events where state = 'failed') as failed,
             (select count(*)::int from orders
               where state = 'pending_payment' and created_at < now() - make_interval(mins => ${STALE_PENDING_MINUTES})) as "stalePending"`,
  ]);
  const sum = (key: "queued" | "running" | "permanentlyFailed") => queue.tasks.reduce((total, task) => total + task[key], 0);
  const breakers = squareBreakerStates();
  const report: HealthReport = {
    status: "ok",
    problems: [],
    database: { connections: counts.connections, poolSize: env.DATABASE_POOL_SIZE },
    queue: { queued: sum("queued"), running: sum("running"), permanentlyFailed: sum("permanentlyFailed"), oldestQueuedSeconds: queue.oldestQueuedSeconds },
    webhooks: { dead: counts.dead, failed: counts.failed },
    square: { environment: env.square.environment, breakers },
    email: { transport: emailTransportName },
    orders: { pendingOlderThanMinutes: STALE_PENDING_MINUTES, stalePending: counts.stalePending },
    checkedAt: new Date().toISOString(),
  };
  if (report.webhooks.dead > 0) report.problems.push(`${report.webhooks.dead} Square webhook(s) gave up (dead): replay them from Webhooks.`);
  if (report.queue.permanentlyFailed > 0) report.problems.push(`${report.queue.permanentlyFailed} job(s) failed for good: see Jobs.`);
  if ((report.queue.oldestQueuedSeconds ?? 0) > QUEUE_LAG_LIMIT_SECONDS) report.problems.push("Jobs are waiting more than 5 minutes: is a worker running?");
  for (const [family, state] of Object.entries(breakers)) {
    if (state !== "closed") report.problems.push(`Square ${family} calls are ${state === "open" ? "paused after repeated failures" : "being retried"} (circuit ${state}).`);
  }
  if (report.orders.stalePending > 0) report.problems.push(`${report.orders.stalePending} order(s) have waited over ${STALE_PENDING_MINUTES} minutes for payment.`);
  report.status = report.problems.length > 0 ? "degraded" : "ok";
  return report;
}
