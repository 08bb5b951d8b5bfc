// Prometheus metrics (prom-client): one registry per process, served on METRICS_PORT.
import client from "prom-client";

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
