// The graphile-worker runner: every task, in one place. Runs on its own (`npm run worker`) or
// inside the web process when WORKER_IN_PROCESS=1.
import { run, runMigrations, type Runner, type TaskList } from "graphile-worker";
import { pathToFileURL } from "node:url";
import { env } from "~/env.server";
import { logger } from "~/logger.server";
import { process_square_webhook } from "./tasks/process_square_webhook";
import { send_email } from "./tasks/send_email";

export const taskList: TaskList = { process_square_webhook, send_email };

export async function migrateWorkerSchema(connectionString: string) {
  await runMigrations({ connectionString });
}

export async function startWorker(options: { concurrency?: number; pollInterval?: number } = {}): Promise<Runner> {
  const runner = await run({
    connectionString: env.DATABASE_URL,
    concurrency: options.concurrency ?? env.WORKER_CONCURRENCY,
    pollInterval: options.pollInterval ?? 1000,
    noHandleSignals: true,
    taskList,
  });
  logger.info({ concurrency: options.concurrency ?? env.WORKER_CONCURRENCY }, "worker started");
  return runner;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const runner = await startWorker();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "worker stopping");
      void runner.stop().then(() => process.exit(0));
    });
  }
}
