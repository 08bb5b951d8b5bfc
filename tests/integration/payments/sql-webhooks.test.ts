// record_webhook_event: each provider event is stored once and its processing queued once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { queuedJobs, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
});

afterAll(async () => {
  await database?.drop();
});

async function record(eventId: string, requestId: string, payload: Record<string, unknown> = { id: eventId }) {
  const [{ stored }] = await sql<{ stored: boolean }[]>`
    select record_webhook_event('square', ${eventId}, 'payment.updated', ${sql.json(payload as never)}, ${requestId}) as stored`;
  return stored;
}

async function storedEvents(eventId: string) {
  return sql<{ id: number; provider: string; type: string; payload: unknown; state: string }[]>`
    select id, provider, type, payload, state from webhook_events where event_id = ${eventId}`;
}

async function jobsFor(webhookEventId: number) {
  return (await queuedJobs(sql, "process_square_webhook")).filter(
    (job) => Number(job.payload.webhook_event_id) === webhookEventId,
  );
}

describe("record_webhook_event", () => {
  it("returns true for a new event and false for a redelivery of it", async () => {
    expect(await record("evt-redelivered", "req-1")).toBe(true);
    expect(await record("evt-redelivered", "req-2")).toBe(false);
  });

  it("stores a redelivered event once, as first received", async () => {
    await record("evt-once", "req-1", { first: true });
    await record("evt-once", "req-2", { first: false });
    expect(await storedEvents("evt-once")).toEqual([
      { id: expect.any(Number), provider: "square", type: "payment.updated", payload: { first: true }, state: "received" },
    ]);
  });

  it("queues one process_square_webhook job for the event, with its id and the request id", async () => {
    await record("evt-job", "req-first");
    await record("evt-job", "req-again");
    const [event] = await storedEvents("evt-job");
    const jobs = await jobsFor(event.id);
    expect(jobs).toEqual([
      {
        id: expect.any(Number),
        key: `process_square_webhook:${event.id}`,
        payload: { webhook_event_id: event.id, request_id: "req-first" },
        max_attempts: 10,
      },
    ]);
  });

  it("stores and queues different events separately", async () => {
    expect(await record("evt-a", "req-a")).toBe(true);
    expect(await record("evt-b", "req-b")).toBe(true);
    const [a] = await storedEvents("evt-a");
    const [b] = await storedEvents("evt-b");
    expect(a.id).not.toBe(b.id);
    expect(await jobsFor(a.id)).toHaveLength(1);
    expect(await jobsFor(b.id)).toHaveLength(1);
  });
});
