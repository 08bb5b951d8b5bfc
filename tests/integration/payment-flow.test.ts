// Webhook → job → email on real parts: an order pays at the Square simulator through the SDK, the
// simulator's signed webhooks are ingested the way the route does it, graphile-worker runs the
// tasks, and a real SMTP server receives one confirmation, however often Square repeats itself.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import { runOnce } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../db/seed/demo";
import { startSquareSimulator, type SquareSimulator } from "../../dev/square-sim/server";
import { readReceivedEmails, startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const SIGNATURE_KEY = "integration-signature-key";

let database: TestDatabase;
let simulator: SquareSimulator;
let smtp: SmtpSink;
let mailDir: string;
let receiver: Server;
const deliveries: { body: string; signature: string; result: string }[] = [];

// The app's modules read the environment when first imported, so they are loaded after it is set.
let app: {
  ingestSquareWebhook: typeof import("~/webhooks.server").ingestSquareWebhook;
  checkoutUrlForOrder: typeof import("~/payments.server").checkoutUrlForOrder;
  taskList: typeof import("../../workers/index").taskList;
  workerLogger: typeof import("../../workers/index").workerLogger;
  sql: typeof import("~/db.server").sql;
};

async function drainJobs() {
  await runOnce({ connectionString: database.url, taskList: app.taskList, logger: app.workerLogger });
}

async function placeOrder(email: string) {
  const { sql } = database;
  const [{ id: cartId }] = await sql<{ id: string }[]>`insert into carts default values returning id`;
  const [{ id: variantId }] = await sql<{ id: number }[]>`
    select v.id from variants v join products p on p.id = v.product_id where p.slug = 'beef-criolla' and v.name = 'Dozen'`;
  await sql`select cart_add_item(${cartId}, ${variantId}, 2)`;
  const [{ slot }] = await sql<{ slot: Date }[]>`select pickup_slots(1) as slot limit 1`;
  const [order] = await sql<{ order_id: number }[]>`
    select order_id from place_order(${cartId}, gen_random_uuid(), 1, 'Ana', ${email}, '555 010 2030', ${slot})`;
  return order.order_id;
}

async function payAtSimulator(checkoutUrl: string, card: string) {
  const response = await fetch(checkoutUrl, {
    method: "POST",
    body: new URLSearchParams({ card_number: card, expiration: "12/30", cvv: "123", postal_code: "94103" }),
    redirect: "manual",
  });
  await simulator.waitForWebhooks();
  return response;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoShop(database.sql);
  mailDir = mkdtempSync(path.join(os.tmpdir(), "larder-mail-"));
  smtp = await startSmtpSink(mailDir);

  // Stands in for POST /webhooks/square: the same ingest call on the raw body and header.
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(req.headers["x-square-hmacsha256-signature"] ?? "");
      const result = await app.ingestSquareWebhook(body, signature, "test-request");
      deliveries.push({ body, signature, result: result.reason });
      res.writeHead(result.status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/square`;
  simulator = await startSquareSimulator({ webhookUrl, webhookSignatureKey: SIGNATURE_KEY });

  Object.assign(process.env, {
    DATABASE_URL: database.url,
    SQUARE_ENVIRONMENT: "simulator",
    SQUARE_SIMULATOR_URL: simulator.url,
    SQUARE_WEBHOOK_URL: webhookUrl,
    SQUARE_WEBHOOK_SIGNATURE_KEY: SIGNATURE_KEY,
    SMTP_URL: smtp.url,
    PUBLIC_URL: "http://shop.test",
    LOG_LEVEL: "silent",
  });
  app = {
    ingestSquareWebhook: (await import("~/webhooks.server")).ingestSquareWebhook,
    checkoutUrlForOrder: (await import("~/payments.server")).checkoutUrlForOrder,
    ...(await import("../../workers/index")),
    sql: (await import("~/db.server")).sql,
  };
});

afterAll(async () => {
  await app?.sql.end();
  await simulator?.stop();
  await smtp?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await database?.drop();
});

describe("paying through Square's hosted checkout", () => {
  it("marks the order paid from the webhook and sends one confirmation by SMTP", async () => {
    const orderId = await placeOrder("paid@example.com");
    const checkoutUrl = await app.checkoutUrlForOrder(orderId, "http://shop.test");
    // Asking again reuses the attempt, its idempotency key, and so the same link.
    expect(await app.checkoutUrlForOrder(orderId, "http://shop.test")).toBe(checkoutUrl);

    const paid = await payAtSimulator(checkoutUrl, "4111111111111111");
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toMatch(/^http:\/\/shop\.test\/orders\/[\w-]+\?.*transactionId=/);
    expect(deliveries.map((delivery) => delivery.result)).toEqual(["stored", "stored"]);

    await drainJobs();
    await drainJobs();
    const [order] = await database.sql`select state, paid_at from orders where id = ${orderId}`;
    expect(order.state).toBe("paid");
    expect(order.paid_at).not.toBeNull();
    const events = await database.sql`select state from webhook_events order by id`;
    expect(events.map((event) => event.state)).toEqual(["processed", "processed"]);

    const [outbox] = await database.sql`select status, transport, subject from email_outbox where order_id = ${orderId}`;
    expect(outbox).toMatchObject({ status: "sent", transport: "smtp" });
    const emails = readReceivedEmails(mailDir).filter((email) => email.to.includes("paid@example.com"));
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe(outbox.subject);
    expect(emails[0].text).toContain("Total paid: $98.00");
  });

  it("acknowledges a repeated delivery and applies a repeated event once", async () => {
    const before = deliveries.length;
    const replayed = deliveries[before - 1];
    const again = await app.ingestSquareWebhook(replayed.body, replayed.signature, "replay");
    expect(again).toEqual({ status: 200, reason: "duplicate" });
    await drainJobs();
    const [{ count }] = await database.sql<{ count: number }[]>`select count(*)::int as count from email_outbox`;
    expect(count).toBe(1);
    expect(readReceivedEmails(mailDir)).toHaveLength(1);
    expect(simulator.ledger().filter((entry) => entry.status === "COMPLETED")).toHaveLength(1);
  });

  it("refuses a forged webhook before storing or queueing anything", async () => {
    const countJobs = async () => (await database.sql<{ count: number }[]>`select count(*)::int as count from graphile_worker.jobs`)[0].count;
    const jobsBefore = await countJobs();
    const body = JSON.stringify({ event_id: "forged-1", type: "payment.updated", data: { id: "x" } });
    expect(await app.ingestSquareWebhook(body, "bm90IGEgc2lnbmF0dXJl", "forged")).toEqual({ status: 401, reason: "bad_signature" });
    expect(await app.ingestSquareWebhook(body, null, "forged")).toEqual({ status: 401, reason: "bad_signature" });
    const stored = await database.sql`select 1 from webhook_events where event_id = 'forged-1'`;
    expect(stored).toHaveLength(0);
    expect(await countJobs()).toBe(jobsBefore);
  });

  it("leaves a declined order unpaid with the reason recorded, then takes a good card", async () => {
    const orderId = await placeOrder("declined@example.com");
    const checkoutUrl = await app.checkoutUrlForOrder(orderId, "http://shop.test");
    const declined = await payAtSimulator(checkoutUrl, "4000000000000002");
    expect(declined.status).toBe(402);
    await drainJobs();
    const [attempt] = await database.sql`select status, error_code from payment_attempts where order_id = ${orderId}`;
    expect(attempt).toMatchObject({ status: "failed", error_code: "GENERIC_DECLINE" });
    const [order] = await database.sql`select state from orders where id = ${orderId}`;
    expect(order.state).toBe("pending_payment");

    await payAtSimulator(checkoutUrl, "4111111111111111");
    await drainJobs();
    await drainJobs();
    const [paid] = await database.sql`select state from orders where id = ${orderId}`;
    expect(paid.state).toBe("paid");
    expect(simulator.ledger().filter((entry) => entry.status === "COMPLETED")).toHaveLength(2);
  });
});
