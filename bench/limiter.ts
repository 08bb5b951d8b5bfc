// 6. Rate limiter: rate_limit() checks per second (GCRA upsert on the unlogged rate_limits table,
// 10,000 keys, every check allowed: the common path), driven by pgbench, vs Redis INCR + EXPIRE in
// one EVAL driven by redis-benchmark, at the same concurrency on this machine. Also measured: the
// same checks on a logged rate_limits table (docs/decisions/008 cites both). Skipped, saying why,
// when redis-benchmark is not installed or no Redis answers on REDIS_BENCH_URL (127.0.0.1:6379).
import { writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { compare, type BenchmarkResult, type Context } from "./lib/context";
import { runPgbench } from "./lib/pgbench";
import { BenchError, runCommand } from "./lib/proc";

const KEYS = 10_000;
const TITLE = "Rate limiter";
const OURS = "`rate_limit()` (GCRA upsert, unlogged table, 10,000 keys) from pgbench: checks/s";
const BASELINE = "Redis `INCR` + `EXPIRE` in one `EVAL` from `redis-benchmark`, same keys and clients: checks/s";

function skipped(ctx: Context, reason: string): BenchmarkResult {
  ctx.log(`limiter: skipped — ${reason}`);
  return { id: "limiter", title: TITLE, ours: OURS, baseline: BASELINE, comparisons: [], details: { skipped: reason } };
}

async function redisChecksPerSecond(host: string, port: string, clients: number, requests: number): Promise<{ rate: number; command: string }> {
  const script = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], 60) end return n";
  const args = ["-h", host, "-p", port, "-q", "-c", String(clients), "-n", String(requests), "-r", String(KEYS),
    "eval", script, "1", "bench:__rand_int__"];
  const result = await runCommand("redis-benchmark", args, { timeoutMs: 300_000 });
  // e.g. "eval local n = …: 41152.26 requests per second, p50=0.191 msec"
  const rate = /([\d.]+) requests per second/.exec(result.stdout + result.stderr)?.[1];
  if (result.code !== 0 || !rate) throw new BenchError(`redis-benchmark failed (exit ${result.code ?? result.signal}):\n${result.stdout}${result.stderr}`);
  return { rate: Number(rate), command: `redis-benchmark ${args.slice(0, -4).join(" ")} eval '<INCR+EXPIRE>' 1 bench:__rand_int__` };
}

export async function benchLimiter(ctx: Context): Promise<BenchmarkResult> {
  const { settings } = ctx;
  const which = await runCommand("sh", ["-c", "command -v redis-benchmark"]);
  if (which.code !== 0) return skipped(ctx, "redis-benchmark is not installed (Debian: apt-get install redis-tools); the limiter row needs it as its baseline");
  const redis = new URL(process.env.REDIS_BENCH_URL ?? "redis://127.0.0.1:6379");
  const ping = await runCommand("redis-cli", ["-h", redis.hostname, "-p", redis.port || "6379", "ping"], { timeoutMs: 5_000 });
  if (ping.code !== 0 || !ping.stdout.includes("PONG")) return skipped(ctx, `no Redis answers at ${redis.host} (set REDIS_BENCH_URL)`);

  const clients = settings.webhookConnections;
  const threads = String(Math.min(settings.pgbenchThreads, clients));
  const scriptFile = path.join(ctx.tmpDir, "rate-limit.sql");
  writeFileSync(scriptFile, `\\set k random(1, ${KEYS})\nselect rate_limit('bench:' || :k, 1000000000, 60);\n`);
  const run = (url: string, label: string) =>
    runPgbench(url, ["-n", "-M", "prepared", "-f", scriptFile, "-c", String(clients), "-j", threads, "-T", String(settings.durationS)], label, settings.durationS);

  const unlogged = await ctx.createDatabase("larder_bench_limiter", { template: ctx.templateDatabase });
  ctx.log(`limiter: rate_limit() from pgbench, ${clients} clients, ${settings.durationS} s (unlogged table)`);
  const ours = await run(unlogged.url, "rate_limit (unlogged)");

  const logged = await ctx.createDatabase("larder_bench_limiter_logged", { template: ctx.templateDatabase });
  const sql = postgres(logged.url, { max: 1, onnotice: () => {} });
  try {
    await sql`alter table rate_limits set logged`;
  } finally {
    await sql.end();
  }
  ctx.log(`limiter: the same on a logged table`);
  const loggedResult = await run(logged.url, "rate_limit (logged)");

  // About as many requests as the limiter did, so both sides run for a similar time.
  ctx.log(`limiter: redis-benchmark INCR+EXPIRE, ${clients} clients`);
  const baseline = await redisChecksPerSecond(redis.hostname, redis.port || "6379", clients, Math.max(50_000, Math.round(ours.tps * settings.durationS)));
  return {
    id: "limiter",
    title: TITLE,
    ours: OURS,
    baseline: BASELINE,
    comparisons: [compare("throughput", "checks/s", ours.tps, baseline.rate, true)],
    details: {
      clients,
      keys: KEYS,
      unlogged: ours,
      logged: { ...loggedResult, ratioToUnlogged: loggedResult.tps / ours.tps },
      redis: baseline,
      goal: "within 3× of Redis (ratio ≥ 0.33)",
    },
  };
}
