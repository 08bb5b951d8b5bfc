// 3. Webhook ingest: signed `payment.updated` POSTs to the app's /webhooks/square, every one a new
// event id (verify, parse, record_webhook_event: insert + graphile_worker.add_job), vs pgbench running
// the same insert … on conflict do nothing plus add_job as one statement, at the same concurrency.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { squareSignature } from "../app/payments/webhook-signature.server";
import { compare, type BenchmarkResult, type Context } from "./lib/context";
import { runPgbench } from "./lib/pgbench";
import { BenchError } from "./lib/proc";
import { runWrk } from "./lib/wrk";

/** Events prepared per wrk thread and second of the warm-up (about 1 KB each): above what one machine ingests. */
const WARMUP_EVENTS_PER_THREAD_SECOND = 5_000;
/** The measured run gets this many times the events the warm-up rate needs (plus a floor). */
const HEADROOM = 3;

/** A Square `payment.updated` notification shaped like the real ones (about 1 KB). */
function paymentUpdatedEvent(eventId: string): string {
  const paymentId = `bench${eventId.replaceAll("-", "").slice(0, 18)}`;
  const now = new Date().toISOString();
  return JSON.stringify({
    merchant_id: "MLSIMULATOR0001",
    type: "payment.updated",
    event_id: eventId,
    created_at: now,
    data: {
      type: "payment",
      id: paymentId,
      object: {
        payment: {
          id: paymentId,
          created_at: now,
          updated_at: now,
          amount_money: { amount: 4900, currency: "USD" },
          total_money: { amount: 4900, currency: "USD" },
          approved_money: { amount: 4900, currency: "USD" },
          status: "COMPLETED",
          source_type: "CARD",
          card_details: {
            status: "CAPTURED",
            card: { card_brand: "VISA", last_4: "1111", exp_month: 12, exp_year: 2040, card_type: "CREDIT", bin: "411111" },
            entry_method: "KEYED",
            cvv_status: "CVV_ACCEPTED",
            avs_status: "AVS_ACCEPTED",
          },
          location_id: "LSIM0001",
          order_id: `order${paymentId}`,
          reference_id: "larder-1001",
          receipt_number: paymentId.slice(0, 4),
          receipt_url: `https://squareup.com/receipt/preview/${paymentId}`,
          version: 3,
        },
      },
    },
  });
}

/** One file per wrk thread: "<signature>\t<body>" lines, every event id new. */
function writeEventFiles(dir: string, threads: number, perThread: number, notificationUrl: string, key: string) {
  mkdirSync(dir, { recursive: true });
  for (let thread = 1; thread <= threads; thread++) {
    const lines: string[] = [];
    for (let i = 0; i < perThread; i++) {
      const body = paymentUpdatedEvent(randomUUID());
      lines.push(`${squareSignature(notificationUrl, body, key)}\t${body}`);
    }
    writeFileSync(path.join(dir, `events-${thread}.txt`), lines.join("\n") + "\n");
  }
}

/** The SQL of record_webhook_event (db/migrations/…_ordering_functions.sql) as one statement. */
function pgbenchScript(samplePayload: string): string {
  const literal = samplePayload.replaceAll("'", "''");
  return `-- What record_webhook_event does: store the event once, queue its job (same transaction).
with stored as (
  insert into webhook_events (provider, event_id, type, payload)
  values ('square', gen_random_uuid()::text, 'payment.updated', '${literal}'::jsonb)
  on conflict (provider, event_id) do nothing
  returning id
)
select graphile_worker.add_job(
  identifier => 'process_square_webhook',
  payload => json_build_object('webhook_event_id', stored.id, 'request_id', 'pgbench'),
  max_attempts => 10,
  job_key => 'process_square_webhook:' || stored.id)
from stored;
`;
}

async function countStored(url: string): Promise<{ events: number; jobs: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ events: number; jobs: number }[]>`
      select (select count(*)::int from webhook_events) as events,
             (select count(*)::int from graphile_worker.jobs where task_identifier = 'process_square_webhook') as jobs`;
    return row;
  } finally {
    await sql.end();
  }
}

export async function benchWebhooks(ctx: Context): Promise<BenchmarkResult> {
  const { settings } = ctx;
  const threads = Math.min(settings.httpThreads, settings.webhookConnections);
  const before = await countStored(ctx.app.database.url);

  const warmupDir = path.join(ctx.tmpDir, "webhooks-warmup");
  const measuredDir = path.join(ctx.tmpDir, "webhooks");
  const sign = (dir: string, perThread: number) => {
    ctx.log(`webhooks: signing ${threads * perThread} distinct events`);
    writeEventFiles(dir, threads, perThread, ctx.app.webhookUrl, ctx.app.webhookSignatureKey);
  };

  const load = (dir: string, durationS: number, label: string) =>
    runWrk({
      url: ctx.app.url,
      threads,
      connections: settings.webhookConnections,
      durationS,
      script: "webhooks.lua",
      scriptArgs: [dir],
      label,
    });

  let warmupRequests = 0;
  // Without a warm-up rate to size from, assume the warm-up ceiling for the whole run.
  let measuredPerThread = WARMUP_EVENTS_PER_THREAD_SECOND * settings.durationS;
  if (settings.warmupS > 0) {
    sign(warmupDir, WARMUP_EVENTS_PER_THREAD_SECOND * settings.warmupS);
    ctx.log(`webhooks: warming up the app (${settings.warmupS} s)`);
    const warmup = await load(warmupDir, settings.warmupS, "webhook warm-up");
    if (warmup.wrapped > 0) throw new BenchError("webhook warm-up: wrk used up its prepared events; raise WARMUP_EVENTS_PER_THREAD_SECOND in bench/webhooks.ts");
    warmupRequests = warmup.requests;
    measuredPerThread = Math.ceil((warmup.requestsPerSecond / threads) * settings.durationS * HEADROOM) + 1_000;
  }
  sign(measuredDir, measuredPerThread);
  ctx.log(`webhooks: signed POST /webhooks/square for ${settings.durationS} s`);
  const ours = await load(measuredDir, settings.durationS, "webhook ingest (app)");
  if (ours.wrapped > 0) {
    throw new BenchError(`webhook ingest: wrk used up its ${threads * measuredPerThread} prepared events; raise HEADROOM in bench/webhooks.ts`);
  }
  const after = await countStored(ctx.app.database.url);
  const stored = after.events - before.events;
  const queued = after.jobs - before.jobs;
  // wrk counts answered requests; a few more may have been in flight when it stopped.
  if (stored < warmupRequests + ours.requests || queued !== stored) {
    throw new BenchError(
      `webhook ingest: wrk got ${warmupRequests + ours.requests} answers but the app stored ${stored} events and queued ${queued} jobs`,
    );
  }

  // The baseline: the same SQL straight from pgbench, on a fresh migrated database.
  const database = await ctx.createDatabase("larder_bench_webhooks", { template: ctx.templateDatabase });
  const scriptFile = path.join(ctx.tmpDir, "webhook-ingest.sql");
  writeFileSync(scriptFile, pgbenchScript(paymentUpdatedEvent(randomUUID())));
  ctx.log(`webhooks: pgbench insert + add_job for ${settings.durationS} s`);
  const clients = settings.webhookConnections;
  const baseline = await runPgbench(
    database.url,
    ["-n", "-M", "prepared", "-f", scriptFile, "-c", String(clients), "-j", String(Math.min(settings.pgbenchThreads, clients)), "-T", String(settings.durationS)],
    "webhook ingest (pgbench)",
    settings.durationS,
  );
  const baselineStored = await countStored(database.url);
  if (baselineStored.events < baseline.transactions || baselineStored.jobs !== baselineStored.events) {
    throw new BenchError(`pgbench reported ${baseline.transactions} transactions but ${baselineStored.events} events / ${baselineStored.jobs} jobs were stored`);
  }

  return {
    id: "webhooks",
    title: "Webhook ingest",
    ours: `signed payment.updated POSTs to /webhooks/square, a new event id each, ${settings.webhookConnections} connections (wrk)`,
    baseline: `pgbench, ${clients} clients: the same insert into webhook_events … on conflict do nothing + graphile_worker.add_job, one statement`,
    comparisons: [compare("throughput", "events/s", ours.requestsPerSecond, baseline.tps, true)],
    details: {
      ours: { ...ours, storedEvents: stored, queuedJobs: queued, warmupRequests },
      baseline: { ...baseline, storedEvents: baselineStored.events, queuedJobs: baselineStored.jobs },
    },
  };
}
