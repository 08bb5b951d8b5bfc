// Prometheus metrics (prom-client): one registry per process (app or worker), served on METRICS_PORT
// for Fly's scraper. Names follow Prometheus conventions (`_total`, `_seconds`).
import { createServer, type Server } from "node:http";
import client from "prom-client";
import { sql } from "./db.server";

declare global {
  var __larderMetrics: ReturnType<typeof createMetrics> | undefined;
}

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    squareCalls: new client.Counter({
      name: "larder_square_calls_total",
      help: "Calls to Square by operation and outcome (ok, client_error, retryable_error, breaker_open).",
      labelNames: ["operation", "outcome"] as const,
      registers: [registry],
    }),
    squareCallDuration: new client.Histogram({
      name: "larder_square_call_duration_seconds",
      help: "Duration of each attempt of a call to Square.",
      labelNames: ["operation"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
      registers: [registry],
    }),
    httpRequestDuration: new client.Histogram({
      name: "larder_http_request_duration_seconds",
      help: "HTTP requests by method, route (the Remix route id, not the raw URL) and status code.",
      labelNames: ["method", "route", "status_code"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    dbQueryDuration: new client.Histogram({
      name: "larder_db_query_duration_seconds",
      help: "Database statements by name (the SQL function called, or the table) and outcome.",
      labelNames: ["query", "outcome"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    jobs: new client.Counter({
      name: "larder_jobs_total",
      help: "Jobs run by this process, by task and outcome (ok, error).",
      labelNames: ["task", "outcome"] as const,
      registers: [registry],
    }),
    jobDuration: new client.Histogram({
      name: "larder_job_duration_seconds",
      help: "Duration of job runs by task.",
      labelNames: ["task"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    queueDepth: new client.Gauge({
      name: "larder_job_queue_depth",
      help: "Jobs in the queue by state (queued, running, failed): read from Postgres when scraped.",
      labelNames: ["state"] as const,
      registers: [registry],
      async collect() {
        const [row] = await sql<{ queued: number; running: number; failed: number }[]>`
          select count(*) filter (where locked_at is null and attempts < max_attempts and run_at <= now())::int as queued,
                 count(*) filter (where locked_at is not null)::int as running,
                 count(*) filter (where locked_at is null and attempts >= max_attempts)::int as failed
            from graphile_worker.jobs`;
        for (const state of ["queued", "running", "failed"] as const) this.set({ state }, row[state]);
      },
    }),
    webhooks: new client.Counter({
      name: "larder_webhooks_total",
      help: "Square webhooks by stage (received, processed), type and outcome.",
      labelNames: ["stage", "type", "outcome"] as const,
      registers: [registry],
    }),
    ordersPlaced: new client.Counter({
      name: "larder_orders_placed_total",
      help: "Orders placed (a repeated submission of the same checkout is not counted).",
      registers: [registry],
    }),
    payments: new client.Counter({
      name: "larder_payments_total",
      help: "What Square reported about payments, as applied to orders (paid, failed, already_paid, …).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    httpInFlight: new client.Gauge({
      name: "larder_http_requests_in_flight",
      help: "Storefront requests being served (active) and waiting for a turn (queued) (ops/load-shedding.server.ts).",
      labelNames: ["state"] as const,
      registers: [registry],
    }),
    httpShed: new client.Counter({
      name: "larder_http_requests_shed_total",
      help: "Requests answered 503 because the process was at its in-flight cap, by reason (queue_full, queue_wait).",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    pageCache: new client.Counter({
      name: "larder_page_cache_total",
      help: "Public pages (menu, product) asked for without a cookie, by result: hit (served from this process's copy), shared (waited for a render under way), miss (rendered).",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    squareBreakerState: new client.Gauge({
      name: "larder_square_breaker_state",
      help: "Square circuit breaker by operation family: 0 closed, 1 half-open, 2 open.",
      labelNames: ["family"] as const,
      registers: [registry],
    }),
  };
}

// One set per process, even when development reloads the server build.
export const metrics = (globalThis.__larderMetrics ??= createMetrics());

/** Serves /metrics on its own port and address (the private network, not the public one). */
export function startMetricsServer(port: number, host: string): Server {
  return createServer(async (req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { "Content-Type": metrics.registry.contentType }).end(body);
    } catch (error) {
      res.writeHead(500, { "Content-Type": "text/plain" }).end(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }).listen(port, host);
}
