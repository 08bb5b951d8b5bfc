// 5. The production plan: production_plan(...) for one day holding 2,000 orders, in a table of
// 200,000 orders (100 days), against a hand-written query that only sums the same day's items per
// variation (the least any plan must read), and the same function on a day without orders; both
// measured in the same run, interleaved, over the same connection. Data made set-based.
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { seedDemoShop } from "../db/seed/demo";
import { compare, type BenchmarkResult, type Context } from "./lib/context";
import { BenchError } from "./lib/proc";

const DAYS = 100;
const ORDERS = 200_000;
const RUNS = 60;
const WARMUP = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1], runs: samples.length };
}

export async function benchPlan(ctx: Context): Promise<BenchmarkResult> {
  const database = await ctx.createDatabase("larder_bench_plan", { template: ctx.templateDatabase });
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await seedDemoShop(sql);
    const [{ id: location, timezone }] = await sql<{ id: number; timezone: string }[]>`select id, timezone from locations order by id limit 1`;
    const [{ first }] = await sql<{ first: string }[]>`select (current_date + 30)::text as first`;
    ctx.log(`plan: ${ORDERS.toLocaleString("en-US")} orders over ${DAYS} days (${ORDERS / DAYS} a day), their items and modifiers`);
    const made = performance.now();
    // Pickup 90 %, delivery 10 %; paid, with some unpaid, paid at pickup and cancelled ones.
    await sql`
      insert into orders (checkout_key, location_id, customer_name, customer_email, customer_phone, state, fulfillment,
                          pickup_at, delivery_at, address_line1, address_postal_code, currency, subtotal_cents, total_cents,
                          source, pay_at_pickup, paid_at)
      select gen_random_uuid(), ${location}, 'Bench customer', case when g % 50 = 7 then null else 'bench@example.com' end, '555-0100',
             case when g % 20 = 3 then 'pending_payment' when g % 25 = 4 then 'cancelled' when g % 50 = 7 then 'preparing' else 'paid' end,
             case when g % 10 = 5 then 'delivery' else 'pickup' end,
             case when g % 10 = 5 then null else at end, case when g % 10 = 5 then at end,
             case when g % 10 = 5 then '1 Elm St' end, case when g % 10 = 5 then '62701' end,
             'USD', 0, 0,
             case when g % 50 = 7 then 'phone' else 'online' end, g % 50 = 7,
             case when g % 20 = 3 or g % 25 = 4 or g % 50 = 7 then null else now() end
        from generate_series(1, ${ORDERS}) g,
             lateral (select ((${first}::date + (g % ${DAYS}))::timestamp + make_interval(mins => 480 + (g * 7) % 600)) at time zone ${timezone} as at) t`;
    await sql`
      with menu as (
        select array_agg(v.id order by v.id) as ids, array_agg(p.name order by v.id) as products, array_agg(v.name order by v.id) as names
          from variants v join products p on p.id = v.product_id
      )
      insert into order_items (order_id, variant_id, product_name, variant_name, unit_price_cents, quantity)
      select o.id, menu.ids[1 + (o.id * 7 + k) % cardinality(menu.ids)], menu.products[1 + (o.id * 7 + k) % cardinality(menu.ids)],
             menu.names[1 + (o.id * 7 + k) % cardinality(menu.ids)], 450, 1 + (o.id + k) % 4
        from orders o, menu, generate_series(1, 1 + (o.id % 3)::int) k`;
    await sql`
      insert into order_item_modifiers (order_item_id, modifier_id, modifier_list_name, name, price_cents)
      select i.id, m.id, l.name, m.name, m.price_cents
        from order_items i join modifier_lists l on l.name = 'Add a salsa' join modifiers m on m.modifier_list_id = l.id
       where (m.name = 'Chimichurri' and i.id % 3 = 0) or (m.name = 'Salsa Criolla' and i.id % 5 = 0)`;
    await sql`analyze`;
    const generatedS = (performance.now() - made) / 1000;
    const [counts] = await sql<{ orders: number; items: number; modifiers: number }[]>`
      select (select count(*) from orders)::int as orders, (select count(*) from order_items)::int as items, (select count(*) from order_item_modifiers)::int as modifiers`;

    const [{ day, empty }] = await sql<{ day: string; empty: string }[]>`select (${first}::date + 50)::text as day, (${first}::date + ${DAYS + 10}::int)::text as empty`;
    const [{ dayOrders }] = await sql<{ dayOrders: number }[]>`
      select count(*)::int as "dayOrders" from orders
       where (pickup_at >= ${day}::date::timestamp at time zone ${timezone} and pickup_at < (${day}::date + 1)::timestamp at time zone ${timezone})
          or (delivery_at >= ${day}::date::timestamp at time zone ${timezone} and delivery_at < (${day}::date + 1)::timestamp at time zone ${timezone})`;
    if (dayOrders !== ORDERS / DAYS) throw new BenchError(`plan: expected ${ORDERS / DAYS} orders on ${day}, found ${dayOrders}`);
    const plan = (on: string) => sql`select * from production_plan(${location}, ${on}::date)`;
    // The least a plan reads: that day's items summed per variation, no modifiers, units or names.
    const floor = () => sql`
      select i.variant_id, sum(i.quantity) from orders o join order_items i on i.order_id = o.id
       where o.location_id = ${location} and o.state in ('paid', 'preparing', 'ready', 'out_for_delivery', 'completed', 'pending_payment')
         and ((o.pickup_at >= ${day}::date::timestamp at time zone ${timezone} and o.pickup_at < (${day}::date + 1)::timestamp at time zone ${timezone})
           or (o.delivery_at >= ${day}::date::timestamp at time zone ${timezone} and o.delivery_at < (${day}::date + 1)::timestamp at time zone ${timezone}))
       group by 1`;
    const rows = await plan(day);
    if (rows.length === 0) throw new BenchError("plan: production_plan returned no rows for the busy day");

    const time = async (run: () => Promise<unknown>) => {
      const start = performance.now();
      await run();
      return performance.now() - start;
    };
    for (let i = 0; i < WARMUP; i += 1) {
      await time(() => plan(day));
      await time(floor);
      await time(() => plan(empty));
    }
    ctx.log(`plan: ${RUNS} runs each of the plan, the per-variation sum and the empty day, interleaved`);
    const samples = { plan: [] as number[], floor: [] as number[], empty: [] as number[] };
    for (let i = 0; i < RUNS; i += 1) {
      samples.plan.push(await time(() => plan(day)));
      samples.floor.push(await time(floor));
      samples.empty.push(await time(() => plan(empty)));
    }
    const ours = summary(samples.plan);
    const baseline = summary(samples.floor);
    const emptyDay = summary(samples.empty);
    return {
      id: "plan",
      title: "Production plan, 2,000 orders in a day",
      ours: `production_plan for a day of ${dayOrders.toLocaleString("en-US")} orders among ${counts.orders.toLocaleString("en-US")} (${counts.items.toLocaleString("en-US")} items, ${counts.modifiers.toLocaleString("en-US")} modifiers), ${rows.length} rows, measured from the client (issue 11 asks < 200 ms)`,
      baseline: "the same day's items summed per variation by a hand-written query (no modifiers, units or names)",
      comparisons: [
        compare("p50 latency", "ms", ours.p50, baseline.p50, false),
        compare("p95 latency", "ms", ours.p95, baseline.p95, false),
        compare("p50 latency vs the empty day", "ms", ours.p50, emptyDay.p50, false),
      ],
      details: { generatedSeconds: generatedS, counts, day, dayOrders, planRows: rows.length, ours, baseline, emptyDay },
    };
  } finally {
    await sql.end();
  }
}
