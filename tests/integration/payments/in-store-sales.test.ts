// A busy Saturday at the counter: every sale rung up on the shop's Square POS sends payment and order
// webhooks to Larder too. They are stored and ignored from their bodies alone, with no Square call,
// while a Larder order paid in the same stream is still confirmed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payAtHostedCheckout, startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness({ receiveWebhooks: true });
});

afterAll(async () => {
  await harness?.stop();
});

const calls = () => Object.values(harness.simulator.operationCounts()).reduce((sum, count) => sum + count, 0);

describe("in-store sale webhooks", () => {
  it("500 in-store sales: 1,500 webhooks stored and ignored, 0 extra Square calls; Larder's own order in the stream is paid", async () => {
    const orderId = await harness.placeOrder("saturday@example.com");
    const checkoutUrl = await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test");
    await payAtHostedCheckout(harness.simulator, checkoutUrl, "4111111111111111");
    await harness.simulator.waitForWebhooks();
    await harness.drainJobs();
    const [paid] = await harness.database.sql<{ state: string }[]>`select state from orders where id = ${orderId}`;
    expect(paid.state).toBe("paid");

    const before = calls();
    const firstEvent = (await harness.database.sql<{ max: number | null }[]>`select max(id)::int as max from webhook_events`)[0].max ?? 0;
    const sales = harness.simulator.inStoreSales(500);
    await harness.simulator.waitForWebhooks();
    await harness.drainJobs();

    const events = await harness.database.sql<{ type: string; state: string; last_error: string | null }[]>`
      select type, state, last_error from webhook_events where id > ${firstEvent}`;
    expect(events).toHaveLength(sales.length * 3);
    expect(new Set(events.map((event) => event.state))).toEqual(new Set(["ignored"]));
    expect(events.filter((event) => event.last_error !== "not a Larder order's (an in-store sale?)")).toEqual([]);
    expect(calls()).toBe(before);
    // 1,500 webhooks through HTTP, the inbox and the worker: ~27 s on a slow day of the 2-core machine.
  }, 90_000);

  it("ignores a payment webhook for another location without calling Square", async () => {
    const before = calls();
    const body = harness.database.sql.json({
      merchant_id: "MSIM0001",
      type: "payment.updated",
      event_id: "other-location-1",
      created_at: new Date().toISOString(),
      data: { type: "payment", id: "pay-elsewhere", object: { payment: { id: "pay-elsewhere", location_id: "LOTHER", order_id: "ord-elsewhere", reference_id: "larder-1" } } },
    });
    await harness.database.sql`select record_webhook_event('square', 'other-location-1', 'payment.updated', ${body}, null)`;
    await harness.drainJobs();
    const [event] = await harness.database.sql<{ state: string; last_error: string }[]>`
      select state, last_error from webhook_events where event_id = 'other-location-1'`;
    expect(event).toEqual({ state: "ignored", last_error: "location LOTHER is not Larder's" });
    expect(calls()).toBe(before);
  });
});
