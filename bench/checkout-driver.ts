// The checkout benchmark's load, run as its own process by bench/run.ts with the app's environment
// (DATABASE_URL, SQUARE_SIMULATOR_URL, …) so the app's own modules run it: `concurrency` loops,
// each placing and paying orders one after another until the time is up. One order is:
//   a new cart with one line (insert + cart_add_item), place_order, a one-time card token from the
//   simulator's Web Payments stand-in (what the browser would do), then payOrderWithCard — the
//   Square order mirror, the payment attempt row, CreatePayment, and the outcome recorded.
// Usage: node --import tsx bench/checkout-driver.ts <result.json>
// Settings: BENCH_DURATION, BENCH_WARMUP (seconds), BENCH_CHECKOUT_CONCURRENCY.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { payOrderWithCard } from "~/payments/payments.server";

const resultFile = process.argv[2];
const durationS = Number(process.env.BENCH_DURATION ?? 10);
const warmupS = Number(process.env.BENCH_WARMUP ?? 2);
const concurrency = Number(process.env.BENCH_CHECKOUT_CONCURRENCY ?? 8);
const SUCCESS_CARD = "4111 1111 1111 1111";

if (!resultFile) {
  console.error("usage: checkout-driver.ts <result.json>");
  process.exit(2);
}

const [location] = await sql<{ id: number }[]>`select id from locations where is_active order by id limit 1`;
if (!location) throw new Error("the bench database has no active location (was it seeded?)");
// A variant without stock tracking, so thousands of orders never run out.
const [variant] = await sql<{ id: number }[]>`
  select v.id from variants v join products p on p.id = v.product_id
   where p.is_active and not v.sold_out
     and not exists (select 1 from inventory_levels il where il.variant_id = v.id)
     and not exists (select 1 from product_modifier_lists pml where pml.product_id = p.id)
   order by (p.slug = 'beef-criolla' and v.name = 'Dozen') desc, v.id limit 1`;
if (!variant) throw new Error("the bench database has no orderable variant without a stock limit");
// The latest slots offered (they stay valid for the whole run, even across midnight), taken in
// turn so that orders spread over slots as customers' would.
const slots = (await sql<{ slot: Date }[]>`select s as slot from pickup_slots(${location.id}) as s order by s desc limit 200`).map((row) => row.slot);
if (slots.length === 0) throw new Error("the location offers no pickup slot");

async function cardToken(): Promise<string> {
  const response = await fetch(`${env.SQUARE_SIMULATOR_URL.replace(/\/$/, "")}/v2/sim-web-payments/tokenize`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ card_number: SUCCESS_CARD, expiration_date: "12/40", cvv: "123", postal_code: "94103" }),
  });
  const body = (await response.json()) as { status: string; token?: string };
  if (body.status !== "OK" || !body.token) throw new Error(`the simulator would not tokenize the test card: ${JSON.stringify(body)}`);
  return body.token;
}

let sequence = 0;

async function placeAndPay(): Promise<void> {
  const n = ++sequence;
  const [cart] = await sql<{ id: string }[]>`insert into carts default values returning id`;
  await sql`select cart_add_item(${cart.id}, ${variant.id}, 1)`;
  const [order] = await sql<{ order_id: number }[]>`
    select order_id from place_order(${cart.id}, ${randomUUID()}, ${location.id}, 'Bench Customer',
                                     ${`bench-${process.pid}-${n}@example.com`}, '555 010 2030', ${slots[n % slots.length]})`;
  const token = await cardToken();
  const outcome = await payOrderWithCard(order.order_id, token);
  if (outcome.kind !== "paid") throw new Error(`order ${order.order_id} was not paid: ${JSON.stringify(outcome)}`);
}

interface Phase {
  orders: number;
  elapsedS: number;
  latenciesMs: number[];
}

async function phase(seconds: number): Promise<Phase> {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const latenciesMs: number[] = [];
  let failure: unknown = null;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (failure === null && performance.now() < deadline) {
        const began = performance.now();
        try {
          await placeAndPay();
        } catch (error) {
          failure ??= error;
          return;
        }
        latenciesMs.push(performance.now() - began);
      }
    }),
  );
  if (failure !== null) throw failure;
  return { orders: latenciesMs.length, elapsedS: (performance.now() - start) / 1000, latenciesMs };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

try {
  const warmup = warmupS > 0 ? await phase(warmupS) : { orders: 0 };
  const measured = await phase(durationS);
  const sorted = [...measured.latenciesMs].sort((a, b) => a - b);
  const result = {
    concurrency,
    warmupOrders: warmup.orders,
    orders: measured.orders,
    elapsedS: measured.elapsedS,
    ordersPerSecond: measured.orders / measured.elapsedS,
    latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 },
    totalOrders: warmup.orders + measured.orders,
  };
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
  await sql.end({ timeout: 5 });
  process.exit(0);
} catch (error) {
  console.error("checkout driver failed:", error);
  process.exit(1);
}
