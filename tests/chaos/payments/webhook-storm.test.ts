// A storm of Square webhooks: every event delivered 1–3 times in shuffled order, 5% forged, while
// the worker process is killed with SIGKILL and replaced. Every genuine event must be applied once
// in effect, every forged one refused and stored nowhere, and nothing left unprocessed.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { makeWorkerUtils } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { squareSignature } from "~/payments/webhook-signature.server";
import { payAtHostedCheckout, startAppHarness, type AppHarness } from "../../support/app-harness";
import { readReceivedEmails } from "../../support/smtp-sink";
import { longProfile } from "../profile";

const SIGNATURE_KEY = "storm-signature-key";
const NOTIFICATION_URL = "https://shop.test/webhooks/square";
// Four events per paid order: 250 orders make 1,000 webhooks; the long profile sends 3,000.
const ORDERS = longProfile ? 750 : 250;
const EVENTS_PER_ORDER = 4;

let harness: AppHarness;
let worker: ChildProcess | null = null;

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    env: { ...process.env, WORKER_CONCURRENCY: "4", LOG_LEVEL: "silent" },
    stdio: "ignore",
  });
  return child;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

async function inBatches<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

beforeAll(async () => {
  harness = await startAppHarness({
    env: { SQUARE_WEBHOOK_URL: NOTIFICATION_URL, SQUARE_WEBHOOK_SIGNATURE_KEY: SIGNATURE_KEY },
  });
}, 120_000);

afterAll(async () => {
  worker?.kill("SIGKILL");
  await harness?.stop();
});

describe("webhook storm", () => {
  it(`applies ${ORDERS * EVENTS_PER_ORDER} events once each through duplicates, reordering, forgeries and a killed worker`, async () => {
    const { sql } = harness.database;
    // Orders paid at Square whose webhooks never arrived (the simulator has nowhere to send them).
    const payments: { orderId: number; paymentId: string }[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const orderId = await harness.placeOrder(`storm.${i}@example.com`, [["horchata", "16 oz", 1]]);
      const url = await harness.modules.payments.checkoutUrlForOrder(orderId, "http://shop.test");
      const paid = await payAtHostedCheckout(harness.simulator, url, "4111111111111111");
      // Square's redirect names the order (orderId, and transactionId is the order's id too); its tender names the payment.
      const squareOrderId = new URL(paid.headers.get("location")!).searchParams.get("orderId")!;
      const paymentId = harness.simulator.ledger().find((entry) => entry.order_id === squareOrderId && entry.status === "COMPLETED")!.id;
      payments.push({ orderId, paymentId });
    }

    const events = payments.flatMap(({ paymentId }) =>
      ["payment.created", "payment.updated", "payment.updated", "order.updated"].map((type) => ({
        body: JSON.stringify({
          merchant_id: "MSIM0001",
          type,
          event_id: randomUUID(),
          created_at: new Date().toISOString(),
          data: { type: type.split(".")[0], id: paymentId },
        }),
      })),
    );
    const forged = Array.from({ length: Math.round(events.length * 0.05) }, () =>
      JSON.stringify({ type: "payment.updated", event_id: `forged-${randomUUID()}`, data: { type: "payment", id: payments[0].paymentId } }),
    );
    const deliveries = shuffle([
      ...events.flatMap((event) => Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({ body: event.body, forged: false }))),
      ...forged.map((body) => ({ body, forged: true })),
    ]);

    worker = startWorkerProcess();
    const statuses = { accepted: 0, refused: 0, wrong: 0 };
    let delivered = 0;
    const killAt = Math.floor(deliveries.length / 2);
    await inBatches(deliveries, 16, async (delivery) => {
      const signature = delivery.forged
        ? squareSignature(NOTIFICATION_URL, delivery.body, "not-the-key")
        : squareSignature(NOTIFICATION_URL, delivery.body, SIGNATURE_KEY);
      const result = await harness.modules.webhooks.ingestSquareWebhook(delivery.body, signature, "storm");
      if (delivery.forged ? result.status === 401 : result.status === 200) {
        statuses[delivery.forged ? "refused" : "accepted"] += 1;
      } else {
        statuses.wrong += 1;
      }
      if (++delivered === killAt) {
        // Mid-storm, with jobs in hand: kill the worker outright and bring up another.
        await expect
          .poll(async () => (await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where locked_at is not null`)[0].n, {
            timeout: 10_000,
            interval: 5,
          })
          .toBeGreaterThan(0);
        worker!.kill("SIGKILL");
        await new Promise((resolve) => worker!.once("exit", resolve));
        const utils = await makeWorkerUtils({ connectionString: harness.database.url });
        const stale = await sql<{ lockedBy: string }[]>`
          select distinct locked_by as "lockedBy" from graphile_worker.jobs where locked_by is not null`;
        expect(stale.length).toBeGreaterThan(0);
        // The supported way to free a dead worker's jobs (otherwise they stay locked for hours).
        await utils.forceUnlockWorkers(stale.map((row) => row.lockedBy));
        await utils.release();
        worker = startWorkerProcess();
      }
    });
    expect(statuses).toEqual({ accepted: deliveries.length - forged.length, refused: forged.length, wrong: 0 });

    // Wait for the queue to drain: every stored event processed or ignored, every email sent.
    await expect
      .poll(
        async () => {
          const [row] = await sql<{ open: number; unsent: number }[]>`
            select (select count(*)::int from webhook_events where state not in ('processed', 'ignored')) as open,
                   (select count(*)::int from email_outbox where status <> 'sent') as unsent`;
          return row;
        },
        { timeout: longProfile ? 180_000 : 90_000, interval: 500 },
      )
      .toEqual({ open: 0, unsent: 0 });

    const [counts] = await sql<{ events: number; forgedStored: number; paidOrders: number; completedPayments: number; emails: number }[]>`
      select (select count(*)::int from webhook_events) as events,
             (select count(*)::int from webhook_events where event_id like 'forged-%') as "forgedStored",
             (select count(*)::int from orders where state = 'paid') as "paidOrders",
             (select count(*)::int from payments where status = 'COMPLETED') as "completedPayments",
             (select count(*)::int from email_outbox) as emails`;
    expect(counts).toEqual({ events: events.length, forgedStored: 0, paidOrders: ORDERS, completedPayments: ORDERS, emails: ORDERS });
    const sent = readReceivedEmails(harness.mailDir);
    expect(sent).toHaveLength(ORDERS);
    expect(new Set(sent.map((email) => email.to[0])).size).toBe(ORDERS);
  }, 300_000);
});
