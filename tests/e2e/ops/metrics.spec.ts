// Prometheus metrics on their own port: requests by route (not raw URL), jobs, webhooks, orders,
// payments, Square calls, the queue and the process defaults.
import { expect, test } from "../support/fixtures";

test("the metrics port serves the shop's metrics, labelled by route", async ({ request }) => {
  await request.get("/products/humita");
  await request.get("/products/beef-criolla");
  expect((await request.get(`${process.env.E2E_BASE_URL}/metrics`)).status()).toBe(404);

  const response = await request.get(process.env.E2E_METRICS_URL!);
  expect(response.status()).toBe(200);
  const text = await response.text();
  expect(text).toMatch(/larder_http_request_duration_seconds_count\{method="GET",route="routes\/products\.\$slug",status_code="200"\} \d+/);
  expect(text).not.toContain('route="/products/humita"');
  for (const name of [
    'larder_db_query_duration_seconds_count{query="place_order",outcome="ok"}',
    "larder_jobs_total",
    "larder_job_duration_seconds_bucket",
    "larder_job_queue_depth{state=\"queued\"}",
    "larder_webhooks_total",
    "larder_orders_placed_total",
    "larder_payments_total",
    "larder_square_calls_total",
    "larder_square_breaker_state",
    "process_cpu_seconds_total",
  ]) {
    expect(text).toContain(name);
  }
});
