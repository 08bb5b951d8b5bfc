// The daily sales rollup: what rollup_daily_sales writes from paid orders, that running it again
// changes nothing, the rollup_metrics job, and the health report's "last rollup".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

const TOKEN = "health-token-0123456789abcdef";
let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness({ env: { HEALTH_TOKEN: TOKEN } });
});

afterAll(async () => {
  await harness?.stop();
});

async function markPaid(orderId: number, paidAt: string) {
  await harness.database.sql`select private.mark_order_paid(${orderId})`;
  await harness.database.sql`update orders set paid_at = ${paidAt}::timestamptz where id = ${orderId}`;
}

describe("rollup_daily_sales", () => {
  it("sums paid orders per local day of payment, leaves unpaid ones out, and is the same when run again", async () => {
    const { sql } = harness.database;
    const a = await harness.placeOrder("rollup-a@example.com");
    const b = await harness.placeOrder("rollup-b@example.com");
    await harness.placeOrder("rollup-unpaid@example.com");
    // 23:30 in Los Angeles on the 2nd is already the 3rd in UTC: it counts for the 2nd.
    await markPaid(a, "2026-11-03T07:30:00Z");
    await markPaid(b, "2026-11-03T18:00:00Z");
    const [orderA] = await sql<{ total_cents: number; subtotal_cents: number; tax_cents: number }[]>`select total_cents, subtotal_cents, tax_cents from orders where id = ${a}`;

    const { rollupDailySales, lastRollup } = await import("~/insights/rollups.server");
    expect(await lastRollup()).toBeNull();
    const first = await rollupDailySales();
    expect(first).toEqual({ fromDay: "-infinity", daysWritten: 2 });
    const rows = await sql`select day::text, orders_paid, items_sold, subtotal_cents, tax_cents, total_cents, pickup_orders
                             from daily_sales order by day`;
    expect(rows).toEqual([
      { day: "2026-11-02", orders_paid: 1, items_sold: 2, subtotal_cents: orderA.subtotal_cents, tax_cents: orderA.tax_cents, total_cents: orderA.total_cents, pickup_orders: 1 },
      { day: "2026-11-03", orders_paid: 1, items_sold: 2, subtotal_cents: orderA.subtotal_cents, tax_cents: orderA.tax_cents, total_cents: orderA.total_cents, pickup_orders: 1 },
    ]);

    // Later runs recompute only the last few days, and give the same rows for the same orders.
    const again = await rollupDailySales();
    expect(again.fromDay).not.toBe("-infinity");
    expect(await sql`select day::text, orders_paid, items_sold, subtotal_cents, tax_cents, total_cents, pickup_orders from daily_sales order by day`).toEqual(rows);
    expect(await lastRollup()).toMatchObject({ daysRolledUp: again.daysWritten });
  });

  it("runs as the rollup_metrics job, and the health report shows when it last ran", async () => {
    const { sql } = harness.database;
    await sql`select graphile_worker.add_job('rollup_metrics', '{}'::json)`;
    await harness.drainJobs();
    const { loader } = await import("~/routes/admin.health[.json]");
    const response = await loader({
      request: new Request("http://shop.test/admin/health.json", { headers: { authorization: `Bearer ${TOKEN}` } }),
      params: {}, context: { requestId: "t", clientIp: null },
    });
    const report = await response.json();
    expect(Date.parse(report.rollup.lastRunAt)).toBeGreaterThan(Date.now() - 60_000);

    await sql`update metric_rollups set last_run_at = now() - interval '3 hours'`;
    const stale = await (await loader({
      request: new Request("http://shop.test/admin/health.json", { headers: { authorization: `Bearer ${TOKEN}` } }),
      params: {}, context: { requestId: "t", clientIp: null },
    })).json();
    expect(stale.problems).toContain("Daily sales have not been rolled up for over 2 hours: is the worker's cron running?");
  });
});
