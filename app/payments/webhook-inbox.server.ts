// The admin's view of the Square webhook inbox: counts by state, filtered pages of events, replay.
import { z } from "zod";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";

export const WEBHOOK_STATES = ["received", "processed", "ignored", "failed", "dead"] as const;
export type WebhookState = (typeof WEBHOOK_STATES)[number];

export const WEBHOOK_PAGE_SIZE = 50;

/** The inbox's query string. A value that makes no sense is dropped, not refused: it is only a filter. */
export const webhookFilterSchema = z.object({
  state: z.enum(WEBHOOK_STATES).optional().catch(undefined),
  type: z.string().trim().min(1).max(200).regex(/^[^\u0000]*$/).optional().catch(undefined),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});
export type WebhookFilter = z.infer<typeof webhookFilterSchema>;

export function parseWebhookFilter(searchParams: URLSearchParams): WebhookFilter {
  return webhookFilterSchema.parse(Object.fromEntries(searchParams));
}

/** The filter as a query string ("" or "?state=dead&type=…"), to link and redirect back to it. */
export function webhookFilterSearch(filter: WebhookFilter): string {
  const params = new URLSearchParams();
  if (filter.state) params.set("state", filter.state);
  if (filter.type) params.set("type", filter.type);
  if (filter.before) params.set("before", String(filter.before));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export interface WebhookEventRow {
  id: number;
  eventId: string;
  type: string;
  state: WebhookState;
  attempts: number;
  lastError: string | null;
  payload: unknown;
  receivedAt: Date;
  processedAt: Date | null;
}

export interface WebhookInbox {
  /** Every state, in lifecycle order, with how many events are in it (the page's filter options too). */
  counts: { state: WebhookState; count: number }[];
  total: number;
  types: string[];
  events: WebhookEventRow[];
  /** The `before` of the next (older) page, when there is one. */
  nextBefore: number | null;
}

/** One page of events, newest first (ids grow with arrival), with the counts and types to filter by. */
export async function getWebhookInbox(filter: WebhookFilter, limit = WEBHOOK_PAGE_SIZE): Promise<WebhookInbox> {
  const [countRows, typeRows, rows] = await Promise.all([
    sql<{ state: WebhookState; count: number }[]>`
      select state, count(*)::int as count from webhook_events group by state`,
    sql<{ type: string }[]>`select distinct type from webhook_events order by type`,
    sql<WebhookEventRow[]>`
      select id, event_id as "eventId", type, state, attempts, last_error as "lastError", payload,
             received_at as "receivedAt", processed_at as "processedAt"
        from webhook_events
       where ${filter.state ? sql`state = ${filter.state}` : sql`true`}
         and ${filter.type ? sql`type = ${filter.type}` : sql`true`}
         and ${filter.before ? sql`id < ${filter.before}` : sql`true`}
       order by id desc
       limit ${limit + 1}`,
  ]);
  const events = rows.slice(0, limit);
  return {
    counts: WEBHOOK_STATES.map((state) => ({ state, count: countRows.find((row) => row.state === state)?.count ?? 0 })),
    total: countRows.reduce((sum, row) => sum + row.count, 0),
    types: typeRows.map((row) => row.type),
    events,
    nextBefore: rows.length > limit ? events.at(-1)!.id : null,
  };
}

/**
 * Sends a stored event back through processing (replay_webhook_event): state 'received' and its job
 * queued again, replacing any job of the same key. Returns Square's event id. Unknown id: LR404.
 */
export async function replayWebhookEvent(id: number, audit: AuditContext): Promise<string> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ eventId: string }[]>`select replay_webhook_event(${id}, ${audit.requestId}) as "eventId"`;
    await recordAudit(tx, audit, { action: "webhook.replay", subjectType: "webhook_event", subjectId: id, after: { event_id: row.eventId } });
    return row.eventId;
  });
}
