// The owners' health report and its JSON endpoint for monitors.
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

async function fetchHealth(authorization?: string) {
  const { loader } = await import("~/routes/admin.health[.json]");
  const headers: Record<string, string> = authorization ? { authorization } : {};
  return loader({ request: new Request("http://shop.test/admin/health.json", { headers }), params: {}, context: { requestId: "t", clientIp: null } });
}

describe("health report", () => {
  it("refuses a caller with no token or the wrong one", async () => {
    expect((await fetchHealth()).status).toBe(401);
    expect((await fetchHealth("Bearer not-the-token-at-all-xx")).status).toBe(401);
  });

  it("is ok on a quiet shop, and degraded with the reason when a webhook is dead or an order waits too long", async () => {
    const quiet = await fetchHealth(`Bearer ${TOKEN}`);
    expect(quiet.status).toBe(200);
    expect(await quiet.json()).toMatchObject({ status: "ok", problems: [], webhooks: { dead: 0 }, email: { transport: "smtp" } });

    const { sql } = harness.database;
    await sql`insert into webhook_events (provider, event_id, type, payload, state, last_error)
              values ('square', 'dead-1', 'payment.updated', '{}', 'dead', 'boom')`;
    const orderId = await harness.placeOrder("waiting@example.com");
    await sql`update orders set created_at = now() - interval '20 minutes' where id = ${orderId}`;

    const degraded = await fetchHealth(`Bearer ${TOKEN}`);
    expect(degraded.status).toBe(503);
    const report = await degraded.json();
    expect(report.status).toBe("degraded");
    expect(report.webhooks.dead).toBe(1);
    expect(report.orders.stalePending).toBe(1);
    expect(report.problems).toEqual([
      "1 Square webhook(s) gave up (dead): replay them from Webhooks.",
      "1 order(s) have waited over 15 minutes for payment.",
    ]);
  });
});
