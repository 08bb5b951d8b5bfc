// The Square webhook inbox: verify, store once, and queue processing, all before answering 200.
import type { JSONValue } from "postgres";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { isValidSquareSignature } from "./webhook-signature.server";

export type WebhookIngestResult =
  | { status: 401; reason: "bad_signature" }
  | { status: 400; reason: "malformed" }
  | { status: 200; reason: "stored" | "duplicate"; type: string };

export async function ingestSquareWebhook(
  rawBody: string,
  signature: string | null,
  requestId: string,
): Promise<WebhookIngestResult> {
  const valid = isValidSquareSignature({
    notificationUrl: env.square.webhookUrl,
    rawBody,
    signatureKey: env.square.webhookSignatureKey,
    signature,
  });
  if (!valid) return { status: 401, reason: "bad_signature" };

  let event: { event_id?: unknown; type?: unknown };
  try {
    event = JSON.parse(rawBody);
  } catch {
    return { status: 400, reason: "malformed" };
  }
  if (typeof event.event_id !== "string" || typeof event.type !== "string" || !event.event_id) {
    return { status: 400, reason: "malformed" };
  }
  const [{ stored }] = await sql<{ stored: boolean }[]>`
    select record_webhook_event('square', ${event.event_id}, ${event.type}, ${sql.json(event as JSONValue)}, ${requestId}) as stored`;
  return { status: 200, reason: stored ? "stored" : "duplicate", type: event.type };
}
