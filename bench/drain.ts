// 4. Job drain: N no-op jobs enqueued, then timed until a worker has run them all — the app's worker
// configuration (workers/index.ts startWorker, plus a no-op task) on a fresh migrated Larder
// database vs graphile-worker's defaults (`run()` with a bare task list) on a fresh empty database.
import { readFileSync } from "node:fs";
import path from "node:path";
import { runMigrations } from "graphile-worker";
import postgres from "postgres";
import { compare, type BenchmarkResult, type Context } from "./lib/context";
import { BenchError, startNodeProcess, tail } from "./lib/proc";

interface DriverResult {
  mode: "larder" | "baseline";
  jobs: number;
  concurrency: number;
  elapsedS: number;
  jobsPerSecond: number;
}

async function withSql<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** The same way for both sides: one statement calling graphile_worker.add_job N times. */
async function enqueue(url: string, task: string, jobs: number) {
  await withSql(url, (sql) => sql`select count(graphile_worker.add_job(${task}, '{}'::json)) from generate_series(1, ${jobs})`);
}

async function remaining(url: string, task: string): Promise<number> {
  return withSql(url, async (sql) => {
    const [{ left }] = await sql<{ left: number }[]>`select count(*)::int as left from graphile_worker.jobs where task_identifier = ${task}`;
    return left;
  });
}

async function drain(ctx: Context, mode: "larder" | "baseline", databaseUrl: string, task: string): Promise<DriverResult> {
  const { drainJobs } = ctx.settings;
  await enqueue(databaseUrl, task, drainJobs);
  const resultFile = path.join(ctx.tmpDir, `drain-${mode}.json`);
  const logFile = path.join(ctx.tmpDir, `drain-${mode}.log`);
  const env = mode === "larder" ? ctx.appEnvironment(databaseUrl) : { ...process.env, DATABASE_URL: databaseUrl };
  const driver = startNodeProcess("bench/drain-driver.ts", [mode, String(drainJobs), resultFile], env, logFile);
  const timeout = setTimeout(() => driver.child.kill("SIGKILL"), 180_000);
  const code = await driver.exited;
  clearTimeout(timeout);
  if (code !== 0) throw new BenchError(`the ${mode} drain worker failed (exit ${code ?? driver.child.signalCode}); its log ends:\n${tail(logFile)}`);
  const left = await remaining(databaseUrl, task);
  if (left !== 0) throw new BenchError(`job drain (${mode}): ${left} of ${drainJobs} ${task} jobs are still in the queue after the worker stopped`);
  return JSON.parse(readFileSync(resultFile, "utf8")) as DriverResult;
}

export async function benchDrain(ctx: Context): Promise<BenchmarkResult> {
  const { drainJobs } = ctx.settings;

  const larderDb = await ctx.createDatabase("larder_bench_drain", { template: ctx.templateDatabase });
  ctx.log(`drain: ${drainJobs} no-op jobs through the app's worker (startWorker)`);
  const ours = await drain(ctx, "larder", larderDb.url, "bench_noop");

  const bareDb = await ctx.createDatabase("larder_bench_drain_gw");
  await runMigrations({ connectionString: bareDb.url });
  ctx.log(`drain: ${drainJobs} no-op jobs through graphile-worker run() with defaults`);
  const baseline = await drain(ctx, "baseline", bareDb.url, "noop");

  return {
    id: "drain",
    title: `Job drain (${drainJobs} no-op jobs)`,
    ours: `workers/index.ts startWorker() (concurrency ${ours.concurrency}, poll 1 s, crontab, pino logger, metrics) with a no-op task, fresh migrated Larder database`,
    baseline: `graphile-worker run() with a bare { noop } task list and default options (concurrency ${baseline.concurrency}), fresh database`,
    comparisons: [compare("throughput", "jobs/s", ours.jobsPerSecond, baseline.jobsPerSecond, true)],
    details: { ours, baseline },
  };
}
