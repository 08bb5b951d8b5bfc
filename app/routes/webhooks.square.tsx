// POST /webhooks/square: Square's notifications. Verified, stored once and queued before the 200.
import type { ActionFunctionArgs } from "@remix-run/node";
import { logger } from "~/lib/logger.server";
import { metrics } from "~/lib/metrics.server";
import { ingestSquareWebhook } from "~/payments/webhooks.server";

export async function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
  const rawBody = await request.text();
  const result = await ingestSquareWebhook(rawBody, request.headers.get("x-square-hmacsha256-signature"), context.requestId);
  logger.info({ requestId: context.requestId, webhook: { provider: "square", outcome: result.reason } }, "webhook received");
  metrics.webhooks.inc({ stage: "received", type: result.status === 200 ? result.type : "unverified", outcome: result.reason });
  return Response.json({ ok: result.status === 200, result: result.reason }, { status: result.status });
}
