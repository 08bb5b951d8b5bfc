// The graphile-worker runner: every task, in one place. Runs on its own (`npm run worker`) or
// inside the web process when WORKER_IN_PROCESS=1.
import { Logger, run, type Runner, type Task, type TaskList, type WorkerEvents } from "graphile-worker";
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { env } from "~/lib/env.server";
import { reportError, startErrorTracking } from "~/lib/error-tracking.server";
import { logger } from "~/lib/logger.server";
import { metrics, startMetricsServer } from "~/lib/metrics.server";
import { startHeartbeat } from "~/ops/worker-heartbeat.server";
import { process_square_webhook } from "./tasks/process_square_webhook";
import { purge_retained_data } from "./tasks/purge_retained_data";
import { prune_rate_limits } from "./tasks/prune_rate_limits";
import { reconcile_payments } from "./tasks/reconcile_payments";
import { alert_unaccepted_orders } from "./tasks/alert_unaccepted_orders";
import { evaluate_incidents } from "./tasks/evaluate_incidents";
import { resume_ordering } from "./tasks/resume_ordering";
import { rollup_metrics } from "./tasks/rollup_metrics";
import { rollup_sales } from "./tasks/rollup_sales";
import { refund_payment } from "./tasks/refund_payment";
import { rescue_crashed_jobs } from "./tasks/rescue_crashed_jobs";
import { send_email } from "./tasks/send_email";
import { send_owner_summaries } from "./tasks/send_owner_summaries";
import { send_sms } from "./tasks/send_sms";
import { sync_catalog } from "./tasks/sync_catalog";

const tasks: Record<string, Task> = { alert_unaccepted_orders, evaluate_incidents, process_square_webhook, prune_rate_limits, purge_retained_data, reconcile_payments, refund_payment, rescue_crashed_jobs, resume_ordering, rollup_metrics, rollup_sales, send_email, send_owner_summaries, send_sms, sync_catalog };

// Every task counted and timed, by outcome.
export const taskList: TaskList = Object.fromEntries(
  Object.entries(tasks).map(([name, task]): [string, Task] => [
    name,
    async (payload, helpers) => {
      const stop = metrics.jobDuration.startTimer({ task: name });
      try {
        await task(payload, helpers);
        metrics.jobs.inc({ task: name, outcome: "ok" });
      } catch (error) {
        metrics.jobs.inc({ task: name, outcome: "error" });
        const requestId = (payload as { request_id?: unknown } | null)?.request_id;
        reportError(error, { task: name, jobId: helpers.job.id, requestId: typeof requestId === "string" ? requestId : undefined });
        throw error;
      } finally {
        stop();
      }
    },
  ]),
);

const CRONTAB = readFileSync(path.join(import.meta.dirname, "crontab"), "utf8");

const pinoLevels = { error: "error", warning: "warn", info: "info", debug: "debug" } as const;

// graphile-worker's own messages go to the same JSON log as everything else.
export const workerLogger = new Logger((scope) => (level, message, meta) => {
  logger[pinoLevels[level]]({ graphileWorker: scope, ...meta }, message);
});

export async function startWorker(options: { concurrency?: number; pollInterval?: number } = {}): Promise<Runner> {
  // The ids graphile-worker locks jobs with, for the heartbeat (worker_heartbeats): 0.17 locks
  // with the pool's id when it fetches jobs in batches, and with each worker's id otherwise.
  const workerIds = new Set<string>();
  const events: WorkerEvents = new EventEmitter();
  events.on("pool:create", ({ workerPool }) => workerIds.add(workerPool.id));
  events.on("worker:create", ({ worker }) => workerIds.add(worker.workerId));
  events.on("worker:stop", ({ worker }) => workerIds.delete(worker.workerId));
  const runner = await run({
    connectionString: env.DATABASE_URL,
    concurrency: options.concurrency ?? env.WORKER_CONCURRENCY,
    pollInterval: options.pollInterval ?? 1000,
    noHandleSignals: true,
    taskList,
    crontab: CRONTAB,
    logger: workerLogger,
    events,
  });
  let lastRescue = 0;
  const heartbeat = startHeartbeat(() => [...workerIds], async () => {
    // The crontab rescues every minute; a shorter cadence (tests) queues the same task more often.
    if (!env.WORKER_RESCUE_EVERY_SECONDS || Date.now() - lastRescue < env.WORKER_RESCUE_EVERY_SECONDS * 1000) return;
    lastRescue = Date.now();
    await runner.addJob("rescue_crashed_jobs", {}, { jobKey: "rescue_crashed_jobs", maxAttempts: 1 });
  });
  await heartbeat.beat();
  logger.info({ concurrency: options.concurrency ?? env.WORKER_CONCURRENCY, workerIds: [...workerIds] }, "worker started");
  const stop = runner.stop.bind(runner);
  // A clean stop forgets this process's heartbeats once its jobs are done or handed back.
  runner.stop = async (reason?: string) => {
    await stop(reason);
    await heartbeat.stop();
  };
  return runner;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const errorTracking = await startErrorTracking();
  const runner = await startWorker();
  // A worker on its own machine serves its metrics too (Fly scrapes every process group).
  const metricsServer = env.METRICS_PORT ? startMetricsServer(env.METRICS_PORT, env.metricsHost) : null;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "worker stopping");
      metricsServer?.close();
      void runner
        .stop()
        .then(() => errorTracking?.close(2_000))
        .then(() => process.exit(0));
    });
  }
}
