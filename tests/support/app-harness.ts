// The app's server modules wired to real parts for integration tests: a fresh seeded database, the
// Square simulator and (optionally) an SMTP sink. App modules read the environment once, on first
// import, so they are imported here after it is set; one harness per test file (vitest isolates files).
import { runOnce } from "graphile-worker";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedDemoShop } from "../../db/seed/demo";
import { startSquareSimulator, type SquareSimulator, type SquareSimulatorOptions } from "../../dev/square-sim/server";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";
import { createTestDatabase, type TestDatabase } from "./test-database";

export interface WebhookDelivery {
  body: string;
  signature: string;
  result: string;
}

export interface AppHarness {
  /** With `receiveWebhooks`: what the simulator delivered, and what ingest made of it. */
  deliveries: WebhookDelivery[];
  database: TestDatabase;
  simulator: SquareSimulator;
  smtp: SmtpSink;
  mailDir: string;
  modules: Awaited<ReturnType<typeof importApp>>;
  /** Runs every job that is due, until none is left. */
  drainJobs(): Promise<void>;
  /** An order for two dozen Beef Criolla (or the given lines), placed through place_order. */
  placeOrder(email: string, lines?: [slug: string, variant: string, quantity: number][]): Promise<number>;
  stop(): Promise<void>;
}

// graphile-worker 0.17 completes (deletes) a finished job without awaiting it, so runOnce could
// return, and the test look, while the job's row was still there (seen on a loaded CI machine).
// Batching completions and failures, even with no delay, makes the run wait for them as it stops.
const SETTLED_RUN = { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } };

async function importApp() {
  return {
    webhooks: await import("~/payments/webhooks.server"),
    payments: await import("~/payments/payments.server"),
    reconciliation: await import("~/payments/reconciliation.server"),
    square: await import("~/payments/square.server"),
    squarePayments: await import("~/payments/square-payments.server"),
    worker: await import("../../workers/index"),
    db: await import("~/lib/db.server"),
  };
}

/**
 * Stands in for POST /webhooks/square: the same ingest call on the raw body and signature header.
 * `ingest` is looked up per delivery, as the app's modules load after the receiver starts.
 */
async function startWebhookReceiver(ingest: () => typeof import("~/payments/webhooks.server").ingestSquareWebhook, deliveries: WebhookDelivery[]) {
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(req.headers["x-square-hmacsha256-signature"] ?? "");
      const result = await ingest()(body, signature, "harness-webhook");
      deliveries.push({ body, signature, result: result.reason });
      res.writeHead(result.status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/square`,
    close: () => new Promise<void>((resolve) => receiver.close(() => resolve())),
  };
}

export async function startAppHarness(options: {
  simulator?: SquareSimulatorOptions;
  env?: Record<string, string>;
  /** Deliver the simulator's webhooks to the app's ingest, as Square would. */
  receiveWebhooks?: boolean;
} = {}): Promise<AppHarness> {
  const deliveries: WebhookDelivery[] = [];
  let modules: Awaited<ReturnType<typeof importApp>> | undefined;
  const receiver = options.receiveWebhooks ? await startWebhookReceiver(() => modules!.webhooks.ingestSquareWebhook, deliveries) : null;
  const simulatorOptions = receiver
    ? { webhookSignatureKey: "harness-signature-key", ...options.simulator, webhookUrl: receiver.url }
    : options.simulator;
  const database = await createTestDatabase();
  await seedDemoShop(database.sql);
  const mailDir = mkdtempSync(path.join(os.tmpdir(), "larder-mail-"));
  const smtp = await startSmtpSink(mailDir);
  const simulator = await startSquareSimulator(simulatorOptions);
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    SQUARE_ENVIRONMENT: "simulator",
    SQUARE_SIMULATOR_URL: simulator.url,
    SQUARE_WEBHOOK_URL: simulatorOptions?.webhookUrl ?? "http://127.0.0.1:9/webhooks/square",
    SQUARE_WEBHOOK_SIGNATURE_KEY: simulatorOptions?.webhookSignatureKey ?? "harness-signature-key",
    SMTP_URL: smtp.url,
    PUBLIC_URL: "http://shop.test",
    LOG_LEVEL: "silent",
    ...options.env,
  });
  modules = await importApp();
  const app = modules;

  async function drainJobs() {
    for (let pass = 0; pass < 10; pass++) {
      await runOnce({ connectionString: database.url, taskList: app.worker.taskList, logger: app.worker.workerLogger, preset: SETTLED_RUN });
      const [{ due }] = await database.sql<{ due: number }[]>`
        select count(*)::int as due from graphile_worker.jobs where run_at <= now() and attempts < max_attempts and locked_at is null`;
      if (due === 0) return;
    }
    throw new Error("jobs kept coming after 10 passes");
  }

  async function placeOrder(email: string, lines: [string, string, number][] = [["beef-criolla", "Dozen", 2]]) {
    const { sql } = database;
    const [{ id: cartId }] = await sql<{ id: string }[]>`insert into carts default values returning id`;
    for (const [slug, variant, quantity] of lines) {
      const [{ id: variantId }] = await sql<{ id: number }[]>`
        select v.id from variants v join products p on p.id = v.product_id where p.slug = ${slug} and v.name = ${variant}`;
      await sql`select cart_add_item(${cartId}, ${variantId}, ${quantity})`;
    }
    const [{ slot }] = await sql<{ slot: Date }[]>`select pickup_slots(1) as slot limit 1`;
    const [order] = await sql<{ order_id: number }[]>`
      select order_id from place_order(${cartId}, gen_random_uuid(), 1, 'Ana', ${email}, '555 010 2030', ${slot})`;
    return order.order_id;
  }

  return {
    deliveries,
    database,
    simulator,
    smtp,
    mailDir,
    modules: app,
    drainJobs,
    placeOrder,
    async stop() {
      await app.db.sql.end();
      await simulator.stop();
      await receiver?.close();
      await smtp.stop();
      await database.drop();
    },
  };
}

/** Pays a payment link on the simulator's hosted checkout page, as a customer's browser would. */
export async function payAtHostedCheckout(simulator: SquareSimulator, checkoutUrl: string, card: string) {
  const response = await fetch(checkoutUrl, {
    method: "POST",
    body: new URLSearchParams({ card_number: card, expiration: "12/30", cvv: "123", postal_code: "94103" }),
    redirect: "manual",
  });
  await simulator.waitForWebhooks();
  return response;
}

/** A one-time card token from the simulator's Web Payments stand-in, as the browser would get it. */
export async function cardToken(simulator: SquareSimulator, card: string): Promise<string> {
  const response = await fetch(`${simulator.url}/v2/sim-web-payments/tokenize`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ card_number: card, expiration_date: "12/30", cvv: "123", postal_code: "94103" }),
  });
  const body = (await response.json()) as { status: string; token?: string };
  if (body.status !== "OK" || !body.token) throw new Error(`the simulator would not tokenize ${card}: ${JSON.stringify(body)}`);
  return body.token;
}
