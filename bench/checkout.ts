// 2. Checkout: orders placed and paid per second (bench/checkout-driver.ts: place_order, then
// payOrderWithCard against the simulator with no fault or latency rule) at a fixed concurrency, vs
// pgbench running the same SQL (bench/pgbench/checkout.sql: cart, place_order with the driver's
// arguments, the payment path's reads and functions down to apply_square_payment) with as many
// clients, on a copy of the same seeded database on the same server. Goal (issue 15): ≥ 0.5×.
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { seedDemoShop } from "../db/seed/demo";
import { compare, type BenchmarkResult, type Context } from "./lib/context";
import { runPgbench } from "./lib/pgbench";
import { BenchError, ROOT, startNodeProcess, tail } from "./lib/proc";

const GOAL = 0.5;

/** A seeded copy of the template for pgbench, with the driver's variant, location and latest 200 slots. */
async function preparePgbenchDatabase(ctx: Context): Promise<{ url: string; variables: string[]; paid: () => Promise<number> }> {
  const database = await ctx.createDatabase("larder_bench_pgbench", { template: ctx.templateDatabase });
  const db = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await seedDemoShop(db);
    const [capacity] = await db<{ exists: boolean }[]>`
      select exists (select 1 from information_schema.columns where table_name = 'locations' and column_name = 'pickup_slot_capacity')`;
    if (capacity.exists) await db`update locations set pickup_slot_capacity = 1000`;
    const [location] = await db<{ id: number }[]>`select id from locations where is_active order by id limit 1`;
    // The same variant the driver picks (bench/checkout-driver.ts).
    const [variant] = await db<{ id: number }[]>`
      select v.id from variants v join products p on p.id = v.product_id
       where p.is_active and not v.sold_out
         and not exists (select 1 from inventory_levels il where il.variant_id = v.id)
         and not exists (select 1 from product_modifier_lists pml where pml.product_id = p.id)
       order by (p.slug = 'beef-criolla' and v.name = 'Dozen') desc, v.id limit 1`;
    if (!location || !variant) throw new BenchError("checkout: the pgbench copy of the demo shop has no location or orderable variant");
    await db`create table bench_slots (i int primary key, slot timestamptz not null)`;
    await db`insert into bench_slots select row_number() over (order by s desc) - 1, s
               from (select s from pickup_slots(${location.id}) as s order by s desc limit 200) slots`;
    const [{ slots }] = await db<{ slots: number }[]>`select count(*)::int as slots from bench_slots`;
    if (slots === 0) throw new BenchError("checkout: the pgbench copy of the demo shop offers no pickup slot");
    return {
      url: database.url,
      variables: ["-D", `variant=${variant.id}`, "-D", `location=${location.id}`, "-D", `slots=${slots}`],
      paid: async () => {
        const check = postgres(database.url, { max: 1, onnotice: () => {} });
        try {
          const [row] = await check<{ paid: number }[]>`select count(*)::int as paid from orders where state = 'paid'`;
          return row.paid;
        } finally {
          await check.end();
        }
      },
    };
  } finally {
    await db.end();
  }
}

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

  ctx.log(`checkout: pgbench -f bench/pgbench/checkout.sql (the same SQL) for ${settings.durationS} s on a seeded copy`);
  const pg = await preparePgbenchDatabase(ctx);
  const clients = settings.checkoutConcurrency;
  const script = path.join(ROOT, "bench/pgbench/checkout.sql");
  const pgArgs = (seconds: number) => ["-n", "-f", script, ...pg.variables, "-M", "prepared", "-c", String(clients), "-j", String(Math.min(settings.pgbenchThreads, clients)), "-T", String(seconds)];
  const warmup = settings.warmupS > 0 ? await runPgbench(pg.url, pgArgs(settings.warmupS), "checkout baseline warm-up (pgbench)", settings.warmupS) : null;
  const baseline = await runPgbench(pg.url, pgArgs(settings.durationS), "checkout baseline (pgbench, same SQL)", settings.durationS);
  // Every pgbench transaction paid one order.
  const paidByPgbench = await pg.paid();
  if (paidByPgbench !== baseline.transactions + (warmup?.transactions ?? 0)) {
    throw new BenchError(`checkout: pgbench ran ${baseline.transactions + (warmup?.transactions ?? 0)} checkouts but ${paidByPgbench} orders are paid in its database`);
  }
  const throughput = compare("throughput", "orders/s vs tps", ours.ordersPerSecond, baseline.tps, true);

  return {
    id: "checkout",
    title: "Checkout (place_order + card payment)",
    ours: `${settings.checkoutConcurrency} concurrent loops of: cart + place_order, simulator card token, payOrderWithCard (Square order mirror + CreatePayment on the simulator, no injected latency)`,
    baseline: `pgbench running the same SQL (bench/pgbench/checkout.sql: cart, place_order, the payment path's reads, set_square_order_id, start/send_card_attempt, apply_square_payment + record_card_attempt), -M prepared, ${clients} clients, on a seeded copy of the same database, same server`,
    comparisons: [{ ...throughput, goal: { text: `≥ ${GOAL}× pgbench`, met: throughput.ratio >= GOAL } }],
    details: { ours, baseline, pgbenchWarmup: warmup, pgbenchPaidOrders: paidByPgbench },
  };
}
