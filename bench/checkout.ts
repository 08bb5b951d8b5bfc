// 2. Checkout: orders placed and paid per second (bench/checkout-driver.ts: place_order, then
// payOrderWithCard against the simulator with no fault or latency rule) at a fixed concurrency, vs
// pgbench's built-in simple-update script (-N) with as many clients on the same server.
import { readFileSync } from "node:fs";
import path from "node:path";
import { compare, type BenchmarkResult, type Context } from "./lib/context";
import { pgbenchInit, runPgbench } from "./lib/pgbench";
import { BenchError, startNodeProcess, tail } from "./lib/proc";

interface DriverResult {
  concurrency: number;
  warmupOrders: number;
  orders: number;
  elapsedS: number;
  ordersPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  totalOrders: number;
}

export async function benchCheckout(ctx: Context): Promise<BenchmarkResult> {
  const { settings } = ctx;
  // Room for thousands of orders: the variant the driver picks has no stock limit, and every pickup
  // slot of the bench shop takes as many orders as the schema allows (when slots have a capacity).
  const [capacity] = await ctx.app.sql<{ exists: boolean }[]>`
    select exists (select 1 from information_schema.columns where table_name = 'locations' and column_name = 'pickup_slot_capacity')`;
  if (capacity.exists) await ctx.app.sql`update locations set pickup_slot_capacity = 1000`;
  const [before] = await ctx.app.sql<{ paid: number }[]>`select count(*)::int as paid from orders where state = 'paid'`;
  const chargedBefore = Object.keys(ctx.simulator.capturedByOrder()).length;

  const resultFile = path.join(ctx.tmpDir, "checkout-result.json");
  const logFile = path.join(ctx.tmpDir, "checkout-driver.log");
  ctx.log(`checkout: ${settings.checkoutConcurrency} concurrent place_order + payOrderWithCard for ${settings.durationS} s (after ${settings.warmupS} s warm-up)`);
  const driver = startNodeProcess(
    "bench/checkout-driver.ts",
    [resultFile],
    ctx.appEnvironment(ctx.app.database.url, {
      BENCH_DURATION: String(settings.durationS),
      BENCH_WARMUP: String(settings.warmupS),
      BENCH_CHECKOUT_CONCURRENCY: String(settings.checkoutConcurrency),
    }),
    logFile,
  );
  const timeout = setTimeout(() => driver.child.kill("SIGKILL"), (settings.durationS + settings.warmupS + 120) * 1000);
  const code = await driver.exited;
  clearTimeout(timeout);
  if (code !== 0) throw new BenchError(`the checkout driver failed (exit ${code ?? driver.child.signalCode}); its log ends:\n${tail(logFile)}`);
  const ours = JSON.parse(readFileSync(resultFile, "utf8")) as DriverResult;

  // Every order the driver counted is paid in the database, and charged once by the simulator.
  const [after] = await ctx.app.sql<{ paid: number }[]>`select count(*)::int as paid from orders where state = 'paid'`;
  if (after.paid - before.paid !== ours.totalOrders) {
    throw new BenchError(`checkout: the driver paid ${ours.totalOrders} orders but ${after.paid - before.paid} orders are paid in the database`);
  }
  const captured = Object.values(ctx.simulator.capturedByOrder());
  const twice = captured.filter((count) => count > 1).length;
  if (twice > 0 || captured.length - chargedBefore !== ours.totalOrders) {
    throw new BenchError(`checkout: the simulator captured ${captured.length - chargedBefore} orders (${twice} more than once) for ${ours.totalOrders} paid orders`);
  }

  const database = await ctx.createDatabase("larder_bench_pgbench");
  ctx.log(`checkout: pgbench -i -s ${settings.pgbenchScale}, then pgbench -N for ${settings.durationS} s`);
  await pgbenchInit(database.url, settings.pgbenchScale);
  const clients = settings.checkoutConcurrency;
  const baseline = await runPgbench(
    database.url,
    ["-N", "-M", "prepared", "-c", String(clients), "-j", String(Math.min(settings.pgbenchThreads, clients)), "-T", String(settings.durationS)],
    "checkout baseline (pgbench -N)",
    settings.durationS,
  );

  return {
    id: "checkout",
    title: "Checkout (place_order + card payment)",
    ours: `${settings.checkoutConcurrency} concurrent loops of: cart + place_order, simulator card token, payOrderWithCard (Square order mirror + CreatePayment on the simulator, no injected latency)`,
    baseline: `pgbench's built-in simple-update script (-N, prepared), ${clients} clients, scale ${settings.pgbenchScale}, same server`,
    comparisons: [compare("throughput", "orders/s vs tps", ours.ordersPerSecond, baseline.tps, true)],
    details: { ours, baseline },
  };
}
