// The job-drain benchmark's worker, run as its own process by bench/run.ts after it has enqueued
// `jobs` no-op jobs into DATABASE_URL. Times from just before the worker starts until the last
// no-op job has run, then stops the worker and writes the result.
//   larder:   the app's own worker — workers/index.ts `startWorker()` (its concurrency, poll
//             interval, crontab, logger and task list) with one more task, `bench_noop`, wrapped in
//             the same per-task metrics as the app's tasks.
//   baseline: graphile-worker as its README starts it — `run()` with a bare task list `{ noop }`
//             and every other option left at its default.
// Usage: node --import tsx bench/drain-driver.ts larder|baseline <jobs> <result.json>
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Runner, Task } from "graphile-worker";

const [mode, jobsArg, resultFile] = process.argv.slice(2);
const jobs = Number(jobsArg);
if ((mode !== "larder" && mode !== "baseline") || !Number.isInteger(jobs) || jobs < 1 || !resultFile) {
  console.error("usage: drain-driver.ts larder|baseline <jobs> <result.json>");
  process.exit(2);
}

let ran = 0;
let drained!: () => void;
const allRan = new Promise<void>((resolve) => (drained = resolve));
const noop = () => {
  if (++ran === jobs) drained();
};

let runner: Runner;
let started: number;
let concurrency: number;
if (mode === "larder") {
  const { startWorker, taskList } = await import("../workers/index");
  const { metrics } = await import("~/lib/metrics.server");
  const { env } = await import("~/lib/env.server");
  const benchNoop: Task = async () => {
    const stop = metrics.jobDuration.startTimer({ task: "bench_noop" });
    noop();
    metrics.jobs.inc({ task: "bench_noop", outcome: "ok" });
    stop();
  };
  taskList.bench_noop = benchNoop;
  concurrency = env.WORKER_CONCURRENCY;
  started = performance.now();
  runner = await startWorker();
} else {
  const { run } = await import("graphile-worker");
  concurrency = 1; // graphile-worker's default
  started = performance.now();
  runner = await run({ connectionString: process.env.DATABASE_URL, taskList: { noop: async () => noop() } });
}

await allRan;
const elapsedS = (performance.now() - started) / 1000;
await runner.stop();
writeFileSync(resultFile, JSON.stringify({ mode, jobs, concurrency, elapsedS, jobsPerSecond: jobs / elapsedS }, null, 2));
process.exit(0);
