// The sales rollups: what they hold for paid orders, that rebuilding them again changes nothing, the
// rollup_metrics sweep job, and the health report's "last rollup".
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

describe("sales rollups", () => {
  it("sum paid orders per local day of placement, leave unpaid ones out, and are the same when run again", async () => {
    const { sql } = harness.database;
    const a = await harness.placeOrder("rollup-a@example.com");
    const b = await harness.placeOrder("rollup-b@example.com");
    await harness.placeOrder("rollup-unpaid@example.com");
    await sql`select private.mark_order_paid(${a})`;
    await sql`select private.mark_order_paid(${b})`;
    // 23:30 in the demo shop's Chicago on the 2nd is already the 3rd in UTC: it counts for the 2nd.
    const [{ timezone }] = await sql<{ timezone: string }[]>`select timezone from locations where id = (select location_id from orders where id = ${a})`;
    expect(timezone).toBe("America/Chicago");
    await sql`update orders set created_at = '2026-11-03T05:30:00Z' where id = ${a}`;
    await sql`update orders set created_at = '2026-11-03T18:00:00Z' where id = ${b}`;
    const [orderA] = await sql<{ total_cents: number; subtotal_cents: number; tax_cents: number }[]>`select total_cents, subtotal_cents, tax_cents from orders where id = ${a}`;

    const { rebuildSalesRollups, lastRollup } = await import("~/insights/rollups.server");
    expect(await lastRollup()).toBeNull();
    const ordered = () => sql`select day::text, orders, items_sold, gross_cents, tax_cents, total_cents, fulfillment, source
                                from sales_days where basis = 'ordered' order by day`;
    await rebuildSalesRollups();
    const rows = await ordered();
    const figures = { orders: 1, items_sold: 2, gross_cents: orderA.subtotal_cents, tax_cents: orderA.tax_cents, total_cents: orderA.total_cents, fulfillment: "pickup", source: "online" };
    expect(rows).toEqual([{ day: "2026-11-02", ...figures }, { day: "2026-11-03", ...figures }]);

    await rebuildSalesRollups();
    expect(await ordered()).toEqual(rows);
    // Two days by placement, one by fulfilment (both are for the first pickup slot).
    expect(await lastRollup()).toMatchObject({ daysRolledUp: 3 });
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
