// replay_webhook_event: an event goes back to 'received' with its history kept, and its processing
// job is queued again, replacing (never adding to) the job of the same key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { expectSqlError, queuedJobs, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
});

afterAll(async () => {
  await database?.drop();
});

interface EventRow {
  id: number;
  state: string;
  attempts: number;
  last_error: string | null;
  processed_at: Date | null;
}

/** An event recorded the way the webhook route does it, then left in `state` as processing would. */
async function storedEvent(eventId: string, state: string, attempts = 0, lastError: string | null = null): Promise<number> {
  await sql`select record_webhook_event('square', ${eventId}, 'payment.updated', ${sql.json({ event_id: eventId })}, 'req-original')`;
  const [row] = await sql<{ id: number }[]>`
    update webhook_events
       set state = ${state}, attempts = ${attempts}, last_error = ${lastError},
           processed_at = case when ${state} in ('processed', 'ignored') then now() end
     where event_id = ${eventId} returning id`;
  return row.id;
}

async function eventRow(id: number): Promise<EventRow> {
  const [row] = await sql<EventRow[]>`select id, state, attempts, last_error, processed_at from webhook_events where id = ${id}`;
  return row;
}

/** Every process_square_webhook job for the event, whatever its key (a replaced job may lose it). */
async function jobsFor(webhookEventId: number) {
  const jobs = await queuedJobs(sql, "process_square_webhook");
  const ids = jobs.filter((job) => Number(job.payload.webhook_event_id) === webhookEventId).map((job) => job.id);
  return sql<{ id: number; key: string | null; attempts: number; max_attempts: number; last_error: string | null; run_at: Date; locked_at: Date | null }[]>`
    select id, key, attempts, max_attempts, last_error, run_at, locked_at
      from graphile_worker.jobs where id = any(${ids}::bigint[]) order by id`;
}

async function payloadOf(jobId: number) {
  const [job] = (await queuedJobs(sql, "process_square_webhook")).filter((candidate) => candidate.id === jobId);
  return job.payload;
}

async function replay(id: number, requestId?: string): Promise<string> {
  const [row] = requestId === undefined
    ? await sql<{ event_id: string }[]>`select replay_webhook_event(${id}) as event_id`
    : await sql<{ event_id: string }[]>`select replay_webhook_event(${id}, ${requestId}) as event_id`;
  return row.event_id;
}

/** What the worker leaves behind when a job has used every attempt. */
async function failPermanently(jobId: number, message: string) {
  await sql`select graphile_worker.permanently_fail_jobs(array[${jobId}::bigint], ${message})`;
}

describe("replay_webhook_event", () => {
  it("requeues a dead event: state received, attempts and last error kept, one fresh job under its key", async () => {
    const id = await storedEvent("evt-dead", "dead", 10, "Square payments.get kept failing");
    const [original] = await jobsFor(id);
    await failPermanently(original.id, "Square payments.get kept failing");

    expect(await replay(id, "req-replay")).toBe("evt-dead");

    expect(await eventRow(id)).toEqual({ id, state: "received", attempts: 10, last_error: "Square payments.get kept failing", processed_at: null });
    const jobs = await jobsFor(id);
    // The permanently failed job is replaced, not left beside the new one.
    expect(jobs).toEqual([
      { id: expect.any(Number), key: `process_square_webhook:${id}`, attempts: 0, max_attempts: 10, last_error: null, run_at: expect.any(Date), locked_at: null },
    ]);
    expect(jobs[0].run_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(await payloadOf(jobs[0].id)).toEqual({ webhook_event_id: id, request_id: "req-replay" });
  });

  it("keeps one job when an event is replayed twice", async () => {
    const id = await storedEvent("evt-twice", "failed", 3, "timeout");
    await replay(id, "req-1");
    await replay(id, "req-2");
    const jobs = await jobsFor(id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].key).toBe(`process_square_webhook:${id}`);
    expect(await payloadOf(jobs[0].id)).toEqual({ webhook_event_id: id, request_id: "req-2" });
  });

  it("pulls a job that is backing off before its next retry forward to now, with fresh attempts", async () => {
    const id = await storedEvent("evt-backoff", "failed", 4, "Square answered 503");
    const [job] = await jobsFor(id);
    await sql`select graphile_worker.reschedule_jobs(array[${job.id}::bigint], run_at => now() + interval '1 hour', attempts => 4)`;
    await replay(id);
    const [replayed] = await jobsFor(id);
    expect(replayed).toMatchObject({ id: job.id, attempts: 0, last_error: null });
    expect(replayed.run_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("re-applies a processed event: processed_at cleared, back to received", async () => {
    const id = await storedEvent("evt-processed", "processed", 1);
    expect((await eventRow(id)).processed_at).not.toBeNull();
    await replay(id);
    expect(await eventRow(id)).toMatchObject({ state: "received", attempts: 1, processed_at: null });
    expect(await jobsFor(id)).toHaveLength(1);
  });

  it("leaves out request_id when none is given (the task's payload schema refuses null)", async () => {
    const id = await storedEvent("evt-no-request", "ignored", 1);
    await replay(id);
    const [job] = await jobsFor(id);
    expect(await payloadOf(job.id)).toEqual({ webhook_event_id: id });
  });

  it("lets a job a worker is running finish, and queues the replay beside it", async () => {
    const id = await storedEvent("evt-running", "failed", 1);
    const [running] = await jobsFor(id);
    await sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'test-worker' where id = ${running.id}`;
    await replay(id);
    const jobs = await jobsFor(id);
    expect(jobs).toHaveLength(2);
    expect(jobs[0]).toMatchObject({ id: running.id, key: null, locked_at: expect.any(Date) });
    expect(jobs[1]).toMatchObject({ key: `process_square_webhook:${id}`, attempts: 0, locked_at: null });
  });

  it("refuses an unknown event with LR404 and queues nothing", async () => {
    const [{ count: before }] = await sql<{ count: number }[]>`select count(*)::int as count from graphile_worker.jobs`;
    await expectSqlError(replay(987_654_321), "LR404");
    const [{ count: after }] = await sql<{ count: number }[]>`select count(*)::int as count from graphile_worker.jobs`;
    expect(after).toBe(before);
  });
});
