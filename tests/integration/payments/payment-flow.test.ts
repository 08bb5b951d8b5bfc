// Webhook → job → email on real parts: an order pays at the Square simulator through the SDK, the
// simulator's signed webhooks are ingested the way the route does it, graphile-worker runs the
// tasks, and a real SMTP server receives one confirmation, however often Square repeats itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payAtHostedCheckout, startAppHarness, type AppHarness } from "../../support/app-harness";
import { readReceivedEmails } from "../../support/smtp-sink";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness({ receiveWebhooks: true });
});

afterAll(async () => {
  await harness?.stop();
});

describe("paying through Square's hosted checkout", () => {
  it("marks the order paid from the webhook and sends one confirmation by SMTP", async () => {
    const orderId = await harness.placeOrder("paid@example.com");
    const checkoutUrl = await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test");
    // Asking again reuses the attempt, its idempotency key, and so the same link.
    expect(await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test")).toBe(checkoutUrl);

    const paid = await payAtHostedCheckout(harness.simulator, checkoutUrl, "4111111111111111");
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toMatch(/^http:\/\/shop\.test\/orders\/[\w-]+\?.*transactionId=/);
    expect(harness.deliveries.map((delivery) => delivery.result)).toEqual(["stored", "stored"]);

    await harness.drainJobs();
    const [order] = await harness.database.sql`select state, paid_at from orders where id = ${orderId}`;
    expect(order.state).toBe("paid");
    expect(order.paid_at).not.toBeNull();
    const events = await harness.database.sql`select state from webhook_events order by id`;
    expect(events.map((event) => event.state)).toEqual(["processed", "processed"]);

    const [outbox] = await harness.database.sql`select status, transport, subject from email_outbox where order_id = ${orderId}`;
    expect(outbox).toMatchObject({ status: "sent", transport: "smtp" });
    const emails = readReceivedEmails(harness.mailDir).filter((email) => email.to.includes("paid@example.com"));
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe(outbox.subject);
    expect(emails[0].text).toContain("Total paid: $106.08"); // $98.00 + 8.25 % tax ($8.085 → $8.08, half to even)
  });

  it("acknowledges a repeated delivery and applies a repeated event once", async () => {
    const before = harness.deliveries.length;
    const replayed = harness.deliveries[before - 1];
    const again = await harness.modules.webhooks.ingestSquareWebhook(replayed.body, replayed.signature, "replay");
    expect(again).toMatchObject({ status: 200, reason: "duplicate" });
    await harness.drainJobs();
    const [{ count }] = await harness.database.sql<{ count: number }[]>`select count(*)::int as count from email_outbox`;
    expect(count).toBe(1);
    expect(readReceivedEmails(harness.mailDir)).toHaveLength(1);
    expect(harness.simulator.ledger().filter((entry) => entry.status === "COMPLETED")).toHaveLength(1);
  });

  it("refuses a forged webhook before storing or queueing anything", async () => {
    const countJobs = async () => (await harness.database.sql<{ count: number }[]>`select count(*)::int as count from graphile_worker.jobs`)[0].count;
    const jobsBefore = await countJobs();
    const body = JSON.stringify({ event_id: "forged-1", type: "payment.updated", data: { id: "x" } });
    expect(await harness.modules.webhooks.ingestSquareWebhook(body, "bm90IGEgc2lnbmF0dXJl", "forged")).toEqual({ status: 401, reason: "bad_signature" });
    expect(await harness.modules.webhooks.ingestSquareWebhook(body, null, "forged")).toEqual({ status: 401, reason: "bad_signature" });
    const stored = await harness.database.sql`select 1 from webhook_events where event_id = 'forged-1'`;
    expect(stored).toHaveLength(0);
    expect(await countJobs()).toBe(jobsBefore);
  });

  it("leaves a declined order unpaid with the reason recorded, then takes a good card", async () => {
    const orderId = await harness.placeOrder("declined@example.com");
    const checkoutUrl = await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test");
    const declined = await payAtHostedCheckout(harness.simulator, checkoutUrl, "4000000000000002");
    expect(declined.status).toBe(402);
    await harness.drainJobs();
    const [attempt] = await harness.database.sql`select status, error_code from payment_attempts where order_id = ${orderId}`;
    expect(attempt).toMatchObject({ status: "failed", error_code: "GENERIC_DECLINE" });
    const [order] = await harness.database.sql`select state from orders where id = ${orderId}`;
    expect(order.state).toBe("pending_payment");

    await payAtHostedCheckout(harness.simulator, checkoutUrl, "4111111111111111");
    await harness.drainJobs();
    const [paid] = await harness.database.sql`select state from orders where id = ${orderId}`;
    expect(paid.state).toBe("paid");
    expect(harness.simulator.ledger().filter((entry) => entry.status === "COMPLETED")).toHaveLength(2);
  });
});
