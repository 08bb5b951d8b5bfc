// The graphile-worker runner: every task, in one place. Runs on its own (`npm run worker`) or
// inside the web process when WORKER_IN_PROCESS=1.
import { Logger, run, type Runner, type Task, type TaskList } from "graphile-worker";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { metrics, startMetricsServer } from "~/lib/metrics.server";
import { process_square_webhook } from "./tasks/process_square_webhook";
import { purge_retained_data } from "./tasks/purge_retained_data";
import { prune_rate_limits } from "./tasks/prune_rate_limits";
import { reconcile_payments } from "./tasks/reconcile_payments";
import { alert_unaccepted_orders } from "./tasks/alert_unaccepted_orders";
import { resume_ordering } from "./tasks/resume_ordering";
import { rollup_metrics } from "./tasks/rollup_metrics";
import { rollup_sales } from "./tasks/rollup_sales";
import { refund_payment } from "./tasks/refund_payment";
import { send_email } from "./tasks/send_email";
import { send_sms } from "./tasks/send_sms";
import { sync_catalog } from "./tasks/sync_catalog";

const tasks: Record<string, Task> = { alert_unaccepted_orders, process_square_webhook, prune_rate_limits, purge_retained_data, reconcile_payments, refund_payment, resume_ordering, rollup_metrics, rollup_sales, send_email, send_sms, sync_catalog };

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
  const runner = await run({
    connectionString: env.DATABASE_URL,
    concurrency: options.concurrency ?? env.WORKER_CONCURRENCY,
    pollInterval: options.pollInterval ?? 1000,
    noHandleSignals: true,
    taskList,
    crontab: CRONTAB,
    logger: workerLogger,
  });
  logger.info({ concurrency: options.concurrency ?? env.WORKER_CONCURRENCY }, "worker started");
  return runner;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const runner = await startWorker();
  // A worker on its own machine serves its metrics too (Fly scrapes every process group).
  const metricsServer = env.METRICS_PORT ? startMetricsServer(env.METRICS_PORT, env.metricsHost) : null;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "worker stopping");
      metricsServer?.close();
      void runner.stop().then(() => process.exit(0));
    });
  }
}
