// The shop's health for its owners: the database, the job queue, the webhook inbox, Square, email,
// orders stuck waiting for payment, the last catalog sync and the last metrics rollup. "degraded" when something needs a person's attention.
import { getCatalogSource } from "~/catalog/catalog-source.server";
import { sql } from "~/lib/db.server";
import { emailTransportName } from "~/lib/email.server";
import { env } from "~/lib/env.server";
import { getJobQueue } from "./jobs.server";
import { lastRollup } from "~/insights/rollups.server";
import { squareBreakerStates } from "~/payments/square.server";

/** An order waiting this long for payment is worth a look (it expires later, on its own). */
export const STALE_PENDING_MINUTES = 15;
const QUEUE_LAG_LIMIT_SECONDS = 300;
/** The cron syncs every hour; this long without a successful sync means something is wrong. */
export const CATALOG_SYNC_STALE_HOURS = 3;
/** The rollup runs every 15 minutes; this long without one means the worker's cron is not running. */
export const ROLLUP_STALE_HOURS = 2;

export interface HealthReport {
  status: "ok" | "degraded";
  problems: string[];
  database: { connections: number; poolSize: number };
  queue: { queued: number; running: number; permanentlyFailed: number; oldestQueuedSeconds: number | null };
  webhooks: { dead: number; failed: number };
  square: { environment: string; breakers: Record<string, string> };
  email: { transport: string };
  orders: { pendingOlderThanMinutes: number; stalePending: number };
  /** The last catalog sync from Square (only when the menu's source is Square does it matter). */
  catalogSync: {
    source: "square" | "local";
    lastRun: { kind: string; trigger: string; status: string; startedAt: string; finishedAt: string | null; error: string | null } | null;
    lastSucceededAt: string | null;
  };
  /** The last sweep of the sales rollups (rollup_metrics, every 15 minutes). */
  rollup: { lastRunAt: string | null; daysRolledUp: number | null };
  checkedAt: string;
}

interface LastCatalogSync {
  kind: string;
  trigger: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  lastSucceededAt: Date | null;
}

export async function getHealthReport(): Promise<HealthReport> {
  const [queue, [counts], catalogSource, [lastSync], rollup] = await Promise.all([
    getJobQueue(),
    sql<{ connections: number; dead: number; failed: number; stalePending: number }[]>`
      select (select count(*)::int from pg_stat_activity where application_name = 'larder' and datname = current_database()) as connections,
             (select count(*)::int from webhook_events where state = 'dead') as dead,
             (select count(*)::int from webhook_events where state = 'failed') as failed,
             (select count(*)::int from orders
               where state = 'pending_payment' and not pay_at_pickup and created_at < now() - make_interval(mins => ${STALE_PENDING_MINUTES})) as "stalePending"`,
    getCatalogSource(),
    sql<(LastCatalogSync | { kind: null; lastSucceededAt: Date | null })[]>`
      select r.kind, r.trigger, r.status, r.started_at as "startedAt", r.finished_at as "finishedAt", r.error,
             (select max(finished_at) from catalog_sync_runs where status = 'succeeded') as "lastSucceededAt"
        from (select 1) one
        left join lateral (select * from catalog_sync_runs order by started_at desc, id desc limit 1) r on true`,
    lastRollup(),
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
    catalogSync: {
      source: catalogSource,
      lastRun: lastSync.kind
        ? {
            kind: lastSync.kind,
            trigger: lastSync.trigger,
            status: lastSync.status,
            startedAt: lastSync.startedAt.toISOString(),
            finishedAt: lastSync.finishedAt?.toISOString() ?? null,
            error: lastSync.error,
          }
        : null,
      lastSucceededAt: lastSync.lastSucceededAt?.toISOString() ?? null,
    },
    rollup: { lastRunAt: rollup?.lastRunAt.toISOString() ?? null, daysRolledUp: rollup?.daysRolledUp ?? null },
    checkedAt: new Date().toISOString(),
  };
  if (report.webhooks.dead > 0) report.problems.push(`${report.webhooks.dead} Square webhook(s) gave up (dead): replay them from Webhooks.`);
  if (report.queue.permanentlyFailed > 0) report.problems.push(`${report.queue.permanentlyFailed} job(s) failed for good: see Jobs.`);
  if ((report.queue.oldestQueuedSeconds ?? 0) > QUEUE_LAG_LIMIT_SECONDS) report.problems.push("Jobs are waiting more than 5 minutes: is a worker running?");
  for (const [family, state] of Object.entries(breakers)) {
    if (state !== "closed") report.problems.push(`Square ${family} calls are ${state === "open" ? "paused after repeated failures" : "being retried"} (circuit ${state}).`);
  }
  if (report.catalogSync.source === "square") {
    const { lastRun, lastSucceededAt } = report.catalogSync;
    if (lastRun?.status === "failed") report.problems.push(`The last catalog sync from Square failed: ${lastRun.error}`);
    if (!lastSucceededAt || Date.parse(lastSucceededAt) < Date.now() - CATALOG_SYNC_STALE_HOURS * 3_600_000) {
      report.problems.push(`The menu has not synced from Square ${lastSucceededAt ? `for over ${CATALOG_SYNC_STALE_HOURS} hours` : "yet"}: see Catalog sync.`);
    }
  }
  if (rollup && rollup.lastRunAt.getTime() < Date.now() - ROLLUP_STALE_HOURS * 3_600_000) {
    report.problems.push(`Daily sales have not been rolled up for over ${ROLLUP_STALE_HOURS} hours: is the worker's cron running?`);
  }
  if (report.orders.stalePending > 0) report.problems.push(`${report.orders.stalePending} order(s) have waited over ${STALE_PENDING_MINUTES} minutes for payment.`);
  report.status = report.problems.length > 0 ? "degraded" : "ok";
  return report;
}
