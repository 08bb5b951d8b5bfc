// A worker SIGKILLed mid-job: its jobs stay locked (graphile-worker would wait ~4 hours), the next
// worker's rescue unlocks them once the dead one's heartbeat is WORKER_DEAD_AFTER_SECONDS old (by
// the database's clock), and every job finishes within 90 s. Effects are checked: each email reached
// the SMTP server exactly once and its outbox row says sent.
import { spawn, type ChildProcess } from "node:child_process";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

const EMAILS = 8;
const SMTP_DELAY_MS = 2_500;
let database: TestDatabase;
let smtp: SMTPServer;
let smtpUrl: string;
/** Recipients whose message the SMTP server accepted (answered 250 to a live connection). */
const delivered: string[] = [];
const children: ChildProcess[] = [];

// An SMTP server that takes its time over each message, so a worker can be killed mid-send; a
// message whose client is gone before the answer is not delivered.
async function startSlowSmtp() {
  const closed = new Set<string>();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        setTimeout(() => {
          if (closed.has(session.id)) return callback(new Error("client gone"));
          delivered.push(...session.envelope.rcptTo.map((rcpt) => rcpt.address));
          callback();
        }, SMTP_DELAY_MS);
      });
    },
  });
  // The killed worker's connections reset; that is the point, not a failure.
  smtp.on("error", () => {});
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
}

function startWorkerProcess(): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      SMTP_URL: smtpUrl,
      WORKER_CONCURRENCY: "4",
      WORKER_HEARTBEAT_SECONDS: "1",
      WORKER_DEAD_AFTER_SECONDS: "3",
      WORKER_RESCUE_EVERY_SECONDS: "1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  return { child, output: () => output };
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await startSlowSmtp();
  const [incident] = await database.sql<{ id: number }[]>`
    insert into incidents (kind, summary) values ('webhooks_dead', 'A test incident for the crash drill.') returning id`;
  for (let index = 0; index < EMAILS; index += 1) {
    const [email] = await database.sql<{ id: number }[]>`
      insert into email_outbox (template, to_address, incident_id)
      values ('owner_incident_opened', ${`owner${index}@shop.test`}, ${incident.id}) returning id`;
    await database.sql`select graphile_worker.add_job('send_email', json_build_object('email_id', ${email.id}::bigint), job_key => ${`send_email:${email.id}`})`;
  }
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await database?.drop();
});

describe("a worker killed mid-job", () => {
  it("has its locked jobs rescued by the next worker, each applied once, within 90 s", async () => {
    const first = startWorkerProcess();
    const firstIds = await until("the first worker to lock jobs mid-send", async () => {
      const rows = await database.sql<{ lockedBy: string }[]>`
        select locked_by as "lockedBy" from graphile_worker.jobs where locked_by is not null and task_identifier = 'send_email'`;
      const [{ beats }] = await database.sql<{ beats: number }[]>`
        select count(*)::int as beats from worker_heartbeats where worker_id = any (${rows.map((row) => row.lockedBy)}::text[])`;
      if (first.child.exitCode !== null) throw new Error(`the worker exited:\n${first.output()}`);
      return rows.length >= 2 && beats >= 1 && [...new Set(rows.map((row) => row.lockedBy))];
    }, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${first.output()}`);
    });
    const exited = new Promise((resolve) => first.child.once("exit", resolve));
    first.child.kill("SIGKILL");
    await exited;
    const killedAt = Date.now();

    const [{ locked }] = await database.sql<{ locked: number }[]>`
      select count(*)::int as locked from graphile_worker.jobs where locked_by = any (${firstIds}::text[])`;
    expect(locked).toBeGreaterThan(0);
    expect(delivered.length).toBeLessThan(EMAILS);

    const second = startWorkerProcess();
    await until("every email to be sent", async () => {
      const [{ unsent }] = await database.sql<{ unsent: number }[]>`select count(*)::int as unsent from email_outbox where status <> 'sent'`;
      const [{ jobs }] = await database.sql<{ jobs: number }[]>`
        select count(*)::int as jobs from graphile_worker.jobs where task_identifier = 'send_email'`;
      return unsent === 0 && jobs === 0;
    }, 90_000);
    expect(Date.now() - killedAt).toBeLessThan(90_000);

    // Each recipient got its email exactly once; the dead worker's heartbeat is gone, the live one's stays.
    expect([...delivered].sort()).toEqual(Array.from({ length: EMAILS }, (_, index) => `owner${index}@shop.test`).sort());
    const beats = await database.sql<{ workerId: string }[]>`select worker_id as "workerId" from worker_heartbeats`;
    expect(beats.filter((beat) => firstIds.includes(beat.workerId))).toEqual([]);
    expect(beats.length).toBeGreaterThan(0);
    expect(second.output()).toMatch(/unlocked \d+ job\(s\) of a worker not seen for 3 s/);
    second.child.kill("SIGKILL");
  }, 120_000);
});
