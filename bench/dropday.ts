// Drop day: BENCH_DROPDAY_CUSTOMERS customers (1,000) arriving over BENCH_DROPDAY_SECONDS (60 s),
// at the times of a Poisson process (uniform arrival times, sorted), against one app process of
// its own on a fresh seeded database and the Square simulator. Every customer, with a cookie jar of
// their own and an address of their own (Fly-Client-IP, believed because FLY_APP_NAME is set, as on
// Fly: the per-address limits count each customer apart):
//   GET /  →  GET /products/beef-criolla  →  POST one Dozen (the limited item) to the cart  →
//   GET /checkout (its checkoutKey, pickupDay and a pickupAt read from the page)  →  a card token
//   from the simulator's Web Payments stand-in  →  POST Place order with the fields the JS-on page
//   sends, sourceId included (the in-page card path; posted as a form, answered with a 303)  →
//   GET /orders/<token>, which must say Paid.
// The Dozen is stocked for BENCH_DROPDAY_STOCK units (half the customers): the rest are told it
// sold out (at the add, or at Place order) — expected, counted apart, not errors.
// Each request carries a browser's Accept-Encoding, so pages come brotli-compressed as a phone's would.
// Reported: each step's p50/p95/p99, errors (goal 0), oversold units (goal 0: units in orders vs the
// stock seeded), offered vs achieved load, and the app's peak RSS (VmRSS sampled every 100 ms from
// /proc; goal ≤ 150 MB).
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { seedDemoShop } from "../db/seed/demo";
import { startSquareSimulator } from "../dev/square-sim/server";
import { freePort } from "../tests/support/app-process";
import { compare, type BenchmarkResult, type Comparison, type Context } from "./lib/context";
import { BenchError, startProductionServer, tail, waitForHttp } from "./lib/proc";

const PRODUCT = "beef-criolla";
const LIMITED_VARIANT = "Dozen";
const RSS_GOAL_MB = 150;
const STEPS = ["menu", "product", "add to cart", "checkout", "card token", "place order", "status page", "cart"] as const;
type Step = (typeof STEPS)[number];

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new BenchError(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return value;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** VmRSS, and the two parts of it: the process's own memory (RssAnon) and file pages mapped in (RssFile: mostly the node binary's, shared with any process that maps it). */
function rssMb(pid: number): { total: number; anon: number; file: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024;
    const total = kb("VmRSS");
    return Number.isFinite(total) ? { total, anon: kb("RssAnon"), file: kb("RssFile") } : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) the process has used: /proc/<pid>/stat's utime and stime, in clock ticks (100 a second on Linux). */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** One customer's browser: a cookie jar, an address, and timed requests. */
class Customer {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string, private readonly ip: string, private readonly timings: Map<Step, number[]>) {}

  async request(step: Step, pathname: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; body: string }> {
    // Chrome's Accept-Encoding (see the top of the file): Node's fetch alone asks for gzip only.
    const headers: Record<string, string> = { "Fly-Client-IP": this.ip, "User-Agent": "Mozilla/5.0 (larder bench drop day)", "Accept-Encoding": "gzip, deflate, br, zstd" };
    if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    let body: string | undefined;
    if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers.Origin = this.base;
      headers["Sec-Fetch-Site"] = "same-origin";
      body = new URLSearchParams(init.form).toString();
    }
    const began = performance.now();
    const response = await fetch(`${this.base}${pathname}`, { method: init.method ?? "GET", headers, body, redirect: "manual", signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    this.record(step, performance.now() - began);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair.indexOf("=");
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return { status: response.status, headers: response.headers, body: text };
  }

  record(step: Step, ms: number) {
    this.timings.get(step)!.push(ms);
  }
}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const soldOut = (body: string) => /sold out|no longer available|left\. Change the quantity/i.test(body);

function selectOptions(html: string, name: string): { values: string[]; selected: string | null } {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? "";
  const options = [...select.matchAll(/<option([^>]*)>/g)].map((match) => match[1]);
  const valueOf = (attributes: string) => /value="([^"]*)"/.exec(attributes)?.[1] ?? "";
  const selected = options.find((attributes) => /\bselected=""/.test(attributes));
  return { values: options.map(valueOf).filter(Boolean), selected: selected ? valueOf(selected) : null };
}

async function journey(customer: Customer, n: number, variantId: number, simulatorUrl: string): Promise<"ordered" | "sold out"> {
  const menu = await customer.request("menu", "/");
  expect(menu.status === 200 && menu.body.includes("Beef Criolla"), `menu answered ${menu.status}`);
  const product = await customer.request("product", `/products/${PRODUCT}`);
  expect(product.status === 200 && product.body.includes(`value="${variantId}"`), `product page answered ${product.status} without the ${LIMITED_VARIANT}`);

  const added = await customer.request("add to cart", `/products/${PRODUCT}`, {
    method: "POST",
    form: { variantId: String(variantId), quantity: "1", note: "" },
  });
  if (added.status >= 400 && added.status < 500 && soldOut(added.body)) return "sold out";
  expect(added.status === 303 && added.headers.get("location") === "/cart", `add to cart answered ${added.status} ${added.body.slice(0, 200)}`);

  const checkout = await customer.request("checkout", "/checkout");
  if (checkout.status === 302 && checkout.headers.get("location") === "/cart") {
    // The cart lost its line: the cart page must say why.
    const cart = await customer.request("cart", "/cart");
    if (cart.status === 200 && soldOut(cart.body)) return "sold out";
    expect(false, `checkout sent the customer back to the cart, which answered ${cart.status} without saying sold out`);
  }
  expect(checkout.status === 200, `checkout answered ${checkout.status}`);
  const checkoutKey = /name="checkoutKey" value="([0-9a-f-]{36})"/.exec(checkout.body)?.[1];
  const days = selectOptions(checkout.body, "pickupDay");
  const times = selectOptions(checkout.body, "pickupAt");
  expect(checkoutKey && times.values.length > 0, "the checkout page offers no checkoutKey or pickup time");
  const pickupDay = days.selected ?? days.values[0];
  const pickupAt = times.values[n % times.values.length];

  const began = performance.now();
  const tokenAnswer = await fetch(`${simulatorUrl}/v2/sim-web-payments/tokenize`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ card_number: "4111 1111 1111 1111", expiration_date: "12/40", cvv: "123", postal_code: "94103" }),
  });
  const token = ((await tokenAnswer.json()) as { token?: string }).token;
  customer.record("card token", performance.now() - began);
  expect(token, "the simulator gave no card token");

  const placed = await customer.request("place order", "/checkout", {
    method: "POST",
    form: {
      checkoutKey: checkoutKey!, fulfillment: "pickup", pickupDay, pickupAt, name: `Drop Customer ${n}`,
      email: `drop-${n}@example.com`, phone: "(555) 010-2030", tip: "", sourceId: token,
    },
  });
  if (placed.status >= 400 && placed.status < 500 && soldOut(placed.body)) return "sold out";
  const orderPage = placed.headers.get("location");
  expect(placed.status === 303 && orderPage?.startsWith("/orders/"), `place order answered ${placed.status} ${placed.body.slice(0, 300)}`);

  const status = await customer.request("status page", orderPage!);
  const state = /class="order-state state-([\w-]+)"/.exec(status.body)?.[1];
  const notice = /class="notice[^"]*"[^>]*>([\s\S]{0,300}?)<\//.exec(status.body)?.[1];
  expect(status.status === 200 && state === "paid", `the order's page answered ${status.status}, state ${state ?? "not shown"}${notice ? `: ${notice}` : ""}`);
  return "ordered";
}

export async function benchDropday(ctx: Context): Promise<BenchmarkResult> {
  const customers = setting("BENCH_DROPDAY_CUSTOMERS", 1000);
  const seconds = setting("BENCH_DROPDAY_SECONDS", 60);
  const stock = setting("BENCH_DROPDAY_STOCK", Math.max(1, Math.floor(customers / 2)));

  const database = await ctx.createDatabase("larder_bench_dropday", { template: ctx.templateDatabase });
  const db = postgres(database.url, { max: 2, onnotice: () => {} });
  try {
    await seedDemoShop(db);
    // Pickup slots take every order (the drop is about the stock, not the kitchen's slots).
    const [capacity] = await db<{ exists: boolean }[]>`
      select exists (select 1 from information_schema.columns where table_name = 'locations' and column_name = 'pickup_slot_capacity')`;
    if (capacity.exists) await db`update locations set pickup_slot_capacity = ${Math.min(customers, 1000)}`;
    const [variant] = await db<{ id: number }[]>`
      select v.id from variants v join products p on p.id = v.product_id where p.slug = ${PRODUCT} and v.name = ${LIMITED_VARIANT}`;
    if (!variant) throw new BenchError(`dropday: the demo shop has no ${PRODUCT} ${LIMITED_VARIANT}`);
    await db`insert into inventory_levels (variant_id, location_id, quantity) values (${variant.id}, shop_location_id(), ${stock})
             on conflict (variant_id, location_id) do update set quantity = excluded.quantity`;

    // A simulator of its own: the other rows' Square orders (idempotency keys larder-order-<id>, the
    // ids of another database) must not answer for this database's orders.
    const simulator = await startSquareSimulator({ port: 0 });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logFile = path.join(ctx.tmpDir, "dropday-app.log");
    ctx.log(`dropday: its own app on ${url}, database ${database.name}, ${stock} × ${LIMITED_VARIANT} in stock`);
    const app = startProductionServer(ctx.appEnvironment(database.url, { PORT: String(port), PUBLIC_URL: url, FLY_APP_NAME: "larder-bench-dropday", SQUARE_SIMULATOR_URL: simulator.url }), logFile);
    try {
      await waitForHttp(`${url}/readyz`, app, "the drop-day app", 60_000);
      const pid = app.child.pid!;
      const atStart = rssMb(pid);
      const cpuAtStart = cpuSeconds(pid);
      let peak = atStart ?? { total: 0, anon: Number.NaN, file: Number.NaN };
      const sampler = setInterval(() => {
        const now = rssMb(pid);
        if (now !== null && now.total > peak.total) peak = now;
      }, 100);

      const timings = new Map<Step, number[]>(STEPS.map((step) => [step, []]));
      const arrivals = Array.from({ length: customers }, () => Math.random() * seconds * 1000).sort((a, b) => a - b);
      const outcomes = { ordered: 0, "sold out": 0 };
      const errors: string[] = [];
      ctx.log(`dropday: ${customers} customers arriving over ${seconds} s (Poisson arrivals)`);
      const start = performance.now();
      await Promise.all(
        arrivals.map(async (at, n) => {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - (performance.now() - start))));
          const octet = (k: number) => ((n + 1) >> k) & 255;
          const customer = new Customer(url, `10.${octet(16)}.${octet(8)}.${octet(0)}`, timings);
          try {
            outcomes[await journey(customer, n, variant.id, simulator.url.replace(/\/$/, ""))]++;
          } catch (error) {
            errors.push(error instanceof Error ? error.message : String(error));
          }
        }),
      );
      const elapsedS = (performance.now() - start) / 1000;
      clearInterval(sampler);
      const cpuAtEnd = cpuSeconds(pid);
      const appCpuS = cpuAtStart !== null && cpuAtEnd !== null ? cpuAtEnd - cpuAtStart : null;
      // An app that died under the load is this row's result (the worst one), not a failed bench run.
      const exited = app.child.exitCode !== null || app.child.signalCode !== null;
      const crash = exited ? `the app exited (${app.child.exitCode ?? app.child.signalCode}) during the drop; its log ends: ${tail(logFile, 8).slice(-1500)}` : null;
      if (crash) {
        ctx.log(`dropday: ${crash}`);
        errors.unshift(crash);
      }
      // The app's own error lines, for the report when anything went wrong.
      const appErrors = readFileSync(logFile, "utf8").split("\n").filter((line) => /"level":(50|60)/.test(line)).slice(0, 10).map((line) => line.slice(0, 1500));

      const [sold] = await db<{ units: number; paid: number; orders: number; left: number }[]>`
        select coalesce(sum(i.quantity) filter (where i.variant_id = ${variant.id}), 0)::int as units,
               count(distinct o.id) filter (where o.state = 'paid')::int as paid,
               count(distinct o.id)::int as orders,
               (select quantity from inventory_levels where variant_id = ${variant.id} and location_id = shop_location_id()) as left
          from orders o join order_items i on i.order_id = o.id`;
      const oversold = Math.max(0, sold.units - stock);
      const requests = [...timings.values()].reduce((sum, list) => sum + list.length, 0);
      const offered = customers / seconds;
      // Served: the customer's journey ended as it should (an order paid, or told the item sold out).
      const achieved = (outcomes.ordered + outcomes["sold out"]) / elapsedS;
      const stepStats = Object.fromEntries(
        STEPS.map((step) => {
          const sorted = [...timings.get(step)!].sort((a, b) => a - b);
          return [step, { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN }];
        }),
      );
      ctx.log(`dropday: ${outcomes.ordered} ordered, ${outcomes["sold out"]} told sold out, ${errors.length} errors, ${sold.units}/${stock} units sold, peak RSS ${peak.total.toFixed(0)} MB (own ${peak.anon.toFixed(0)}, file-backed ${peak.file.toFixed(0)}), app CPU ${appCpuS?.toFixed(1) ?? "n/a"} s`);

      // Every customer who got to their order's page has a paid order, charged once.
      if (sold.paid !== outcomes.ordered) errors.push(`${outcomes.ordered} customers saw Paid but ${sold.paid} orders are paid in the database`);
      const captured = Object.values(simulator.capturedByOrder());
      const twice = captured.filter((count) => count > 1).length;
      if (twice > 0) errors.push(`the simulator captured ${twice} orders more than once`);

      const comparisons: Comparison[] = [];
      const zero = (metric: string, unit: string, value: number): Comparison => ({ ...compare(metric, unit, value, 0, false), ratio: Number.NaN, goal: { text: "0", met: value === 0 } });
      comparisons.push(zero(`customer errors (any unexpected answer, or a paid count that does not match)${crash ? "; THE APP EXITED" : ""}`, "customers", errors.length));
      comparisons.push(zero(`oversold ${LIMITED_VARIANT} units (${sold.units} in orders, ${stock} stocked)`, "units", oversold));
      comparisons.push(compare("achieved load (customers served/s: paid, or told sold out) vs offered (arrivals/s)", "customers/s", achieved, offered, true));
      for (const step of ["add to cart", "place order"] as const) {
        const stats = stepStats[step] as { p95: number };
        comparisons.push({ ...compare(`${step} p95 latency (all steps: table below)`, "ms", stats.p95, Number.NaN, false) });
      }
      const rssRow = compare("app peak RSS (VmRSS)", "MB", peak.total, RSS_GOAL_MB, false);
      comparisons.push({ ...rssRow, goal: { text: `≤ ${RSS_GOAL_MB} MB`, met: peak.total <= RSS_GOAL_MB } });
      const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : "n/a");
      const table = [
        `Drop day, per step (${outcomes.ordered} ordered, ${outcomes["sold out"]} told the ${LIMITED_VARIANT} sold out, ${errors.length} errors; ${requests} requests in ${elapsedS.toFixed(1)} s; the app used ${appCpuS?.toFixed(1) ?? "n/a"} s of CPU, steadier from run to run than the percentiles; at its peak RSS of ${peak.total.toFixed(0)} MB, ${peak.anon.toFixed(0)} MB was its own memory and ${peak.file.toFixed(0)} MB file pages, mostly the node binary's):`,
        "",
        "| Step | Requests | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
        ...STEPS.map((step) => {
          const st = stepStats[step] as { count: number; p50: number; p95: number; p99: number; max: number };
          return `| ${step} | ${st.count} | ${fmt(st.p50)} | ${fmt(st.p95)} | ${fmt(st.p99)} | ${fmt(st.max)} |`;
        }),
      ].join("\n");
      return {
        id: "dropday",
        title: "Drop day",
        ours: `${customers} customers arriving over ${seconds} s (Poisson), each: menu, product, add the limited ${LIMITED_VARIANT} (${stock} in stock), checkout, card token, Place order with the card (sourceId), status page; one app process (the built server, as npm start runs it) on a fresh seeded database and the Square simulator`,
        baseline: "the goals: 0 errors, 0 oversold, the arrival rate offered, ≤ 150 MB peak RSS",
        comparisons,
        extra: table,
        details: {
          customers, seconds, stock, outcomes, errors: errors.slice(0, 20), errorCount: errors.length, appErrors, appExited: crash, elapsedS, requests,
          offeredCustomersPerSecond: offered, achievedCustomersPerSecond: achieved, ordersPerSecond: outcomes.ordered / elapsedS, steps: stepStats,
          database: { unitsInOrders: sold.units, ordersWithItems: sold.orders, paidOrders: sold.paid, stockLeft: sold.left },
          rssMb: { atStart: atStart?.total ?? null, peak: peak.total, peakOwn: peak.anon, peakFileBacked: peak.file },
          appCpuSeconds: appCpuS,
        },
      };
    } finally {
      await app.stop(15_000);
      await simulator.stop();
    }
  } finally {
    await db.end();
  }
}
