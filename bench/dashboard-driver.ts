// The dashboard benchmark's timing, run as its own process by bench/dashboard.ts with the app's
// environment: an owner signs in, then /admin/dashboard's loader (last 30 days vs the 30 before)
// and the same figures computed from orders (bench/dashboard-raw.ts) run in turn, interleaved.
// Usage: node --import tsx bench/dashboard-driver.ts <result.json>
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createAdminUser, signIn } from "~/accounts/auth.server";
import { sql } from "~/lib/db.server";
import { loader } from "~/routes/admin.dashboard";
import { rawDashboard } from "./dashboard-raw";
import type { DashboardDriverResult } from "./dashboard";

const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 40);
const WARMUP = 5;
const resultFile = process.argv[2];
if (!resultFile) {
  console.error("usage: dashboard-driver.ts <result.json>");
  process.exit(2);
}

const admin = await createAdminUser({ email: "bench-owner@example.com", password: "correct-horse-battery", role: "owner" });
const cookie = (await signIn(new Request("http://bench.test/admin/login"), admin, "/admin/dashboard")).headers.get("set-cookie")!.split(";")[0];
const request = () => new Request("http://bench.test/admin/dashboard?range=30d&compare=previous&location=all&basis=ordered", { headers: { cookie } });
const context = { requestId: "bench-dashboard", clientIp: "127.0.0.1" };

type Loaded = { data: { ok: boolean; query: { from: string; to: string; compareFrom: string; compareTo: string }; figures: { sales: { netCents: number; orders: number } } } };
const load = async () => (await loader({ request: request(), params: {}, context } as never)) as unknown as Loaded;

const first = await load();
if (!first.data.ok) throw new Error("the dashboard refused the bench's query");
const { query } = first.data;
const locations = (await sql<{ id: number; timezone: string }[]>`select id, timezone from locations order by id`);
const base = { locationIds: locations.map((each) => each.id), timezone: locations[0].timezone };
const raw = () => rawDashboard({ ...base, from: query.from, to: query.to }, { ...base, from: query.compareFrom, to: query.compareTo });

const time = async (run: () => Promise<unknown>) => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p95: at(95), max: sorted[sorted.length - 1] };
};

for (let i = 0; i < WARMUP; i += 1) {
  await time(load);
  await time(raw);
}
const samples = { loader: [] as number[], raw: [] as number[] };
for (let i = 0; i < RUNS; i += 1) {
  samples.loader.push(await time(load));
  samples.raw.push(await time(raw));
}
const result: DashboardDriverResult = {
  runs: RUNS,
  loader: summary(samples.loader),
  raw: summary(samples.raw),
  check: { loader: { netCents: Number(first.data.figures.sales.netCents), orders: first.data.figures.sales.orders }, raw: await raw() },
};
writeFileSync(resultFile, JSON.stringify(result, null, 2));
await sql.end();
process.exit(0);
