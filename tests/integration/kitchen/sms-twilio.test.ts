// The send_sms task and the Twilio client on real parts: graphile-worker runs the job the Ready step
// queued, and the client posts to a local HTTP server, started here, that answers as Twilio's
// Messages API does (201 with the message; 400 with {code, message, more_info, status}; 429 with
// Retry-After; 500; a dropped connection). A text is sent once, retried only when Twilio says try
// again, recorded as undeliverable (not retried) when Twilio refuses the recipient, and the email
// for the same step goes whatever the text did.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
const AUTH_TOKEN = "twilio-test-auth-token";
const FROM = "+12175550100";

interface Received { method: string; url: string; authorization: string | undefined; contentType: string | undefined; form: Record<string, string> }
type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | "hang-up";

/** Stands in for api.twilio.com: records each request and answers with the next scripted answer (201 by default). */
async function startFakeTwilio() {
  const received: Received[] = [];
  const answers: Answer[] = [];
  let sids = 0;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      received.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, contentType: req.headers["content-type"], form });
      const answer = answers.shift() ?? {
        status: 201,
        body: {
          sid: `SM${String(++sids).padStart(32, "0")}`, account_sid: ACCOUNT_SID, to: form.To, from: form.From, body: form.Body,
          status: "queued", direction: "outbound-api", api_version: "2010-04-01", error_code: null, error_message: null,
          num_segments: "1", price: null, date_sent: null,
        },
      };
      if (answer === "hang-up") {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const twilioError = (status: number, code: number, message: string) => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
let harness: AppHarness;
let staffId: number;
let phones = 0;

beforeAll(async () => {
  twilio = await startFakeTwilio();
  harness = await startAppHarness({
    env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM_NUMBER: FROM, TWILIO_API_URL: twilio.url, TWILIO_TIMEOUT_SECONDS: "2" },
  });
  [{ id: staffId }] = await harness.database.sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('texts@example.com', 'Texts', 'x', 'staff') returning id`;
});

afterAll(async () => {
  await harness?.stop();
  await twilio?.close();
});

beforeEach(() => {
  twilio.received.length = 0;
  twilio.answers.length = 0;
});

/** A paid pickup order whose customer ticked the box for texts; its number, as Twilio gets it. */
async function consentingOrder(email: string, number?: string): Promise<{ orderId: number; phone: string }> {
  const { sql } = harness.database;
  const local = number ?? `217555${String(1000 + ++phones)}`;
  const [{ id: cartId }] = await sql<{ id: string }[]>`insert into carts default values returning id`;
  const [{ id: variantId }] = await sql<{ id: number }[]>`
    select v.id from variants v join products p on p.id = v.product_id where p.slug = 'beef-criolla' and v.name = 'Dozen'`;
  await sql`select cart_add_item(${cartId}, ${variantId}, 1)`;
  const [{ slot }] = await sql<{ slot: Date }[]>`select max(s) as slot from pickup_slots(1) s`;
  const [{ order_id: orderId }] = await sql<{ order_id: number }[]>`
    select order_id from place_order(${cartId}, gen_random_uuid(), 1, 'Ana', ${email}, ${local}, ${slot}, p_sms_consent => true)`;
  await sql`select private.mark_order_paid(${orderId})`;
  return { orderId, phone: `+1${local}` };
}

async function markReady(orderId: number) {
  const { sql } = harness.database;
  await sql`select advance_order(${orderId}, 'start', ${staffId}, 'paid', 0)`;
  await sql`select advance_order(${orderId}, 'ready', ${staffId}, 'preparing', 0)`;
}

async function textOf(orderId: number) {
  const rows = await harness.database.sql<{
    id: number; status: string; transport: string | null; provider_message_sid: string | null; provider_status: string | null;
    error_code: number | null; last_error: string | null; attempts: number; sent_at: Date | null;
  }[]>`select id, status, transport, provider_message_sid, provider_status, error_code, last_error, attempts, sent_at
         from sms_outbox where order_id = ${orderId}`;
  expect(rows).toHaveLength(1);
  return rows[0];
}

async function smsJob(smsId: number) {
  const [job] = await harness.database.sql<{ attempts: number; max_attempts: number; last_error: string | null }[]>`
    select j.attempts, j.max_attempts, j.last_error from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'send_sms' and j.key = ${`send_sms:${smsId}`}`;
  return job ?? null;
}

/** Makes a job waiting out its backoff due now. */
async function retryNow(smsId: number) {
  await harness.database.sql`update graphile_worker._private_jobs set run_at = now() where key = ${`send_sms:${smsId}`}`;
}

async function readyEmailStatus(orderId: number) {
  const [row] = await harness.database.sql<{ status: string }[]>`select status from email_outbox where order_id = ${orderId} and template = 'order_ready'`;
  return row?.status;
}

describe("sending a text through Twilio's Messages API", () => {
  it("posts the form with Basic auth, records the sid, and never sends a sent text again", async () => {
    const { orderId, phone } = await consentingOrder("sms-ok@example.com");
    await markReady(orderId);
    await harness.drainJobs();

    expect(twilio.received).toHaveLength(1);
    const [request] = twilio.received;
    expect(request.method).toBe("POST");
    expect(request.url).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`);
    expect(request.contentType).toBe("application/x-www-form-urlencoded");
    expect(Object.keys(request.form).sort()).toEqual(["Body", "From", "To"]);
    expect(request.form.To).toBe(phone);
    expect(request.form.From).toBe(FROM);
    expect(request.form.Body).toMatch(/is ready for pickup at .*Reply STOP to opt out\.$/);

    const text = await textOf(orderId);
    expect(text).toMatchObject({ status: "sent", transport: "twilio", provider_status: "queued", attempts: 1, error_code: null, last_error: null });
    expect(text.provider_message_sid).toMatch(/^SM\d{32}$/);
    expect(text.sent_at).toBeInstanceOf(Date);
    expect(await readyEmailStatus(orderId)).toBe("sent");

    // The job again (a crash after recording, a replay): nothing more reaches Twilio.
    await harness.database.sql`select graphile_worker.add_job('send_sms', json_build_object('sms_id', ${text.id}::int))`;
    await harness.drainJobs();
    expect(twilio.received).toHaveLength(1);
    expect((await textOf(orderId)).provider_message_sid).toBe(text.provider_message_sid);
  });

  it("records an invalid number (400, 21211) as undeliverable with Twilio's reason, and does not retry", async () => {
    const { orderId } = await consentingOrder("sms-invalid@example.com");
    twilio.answers.push(twilioError(400, 21211, "The 'To' number +12175551002 is not a valid phone number."));
    await markReady(orderId);
    await harness.drainJobs();

    const text = await textOf(orderId);
    expect(text).toMatchObject({ status: "undeliverable", transport: null, provider_message_sid: null, error_code: 21211, attempts: 1 });
    expect(text.last_error).toBe("Twilio 400 error 21211: The 'To' number +12175551002 is not a valid phone number.");
    // The job finished (no error thrown): it is gone, not waiting for a retry (the worker may still be
    // recording its completion just after the text's row was written).
    await expect.poll(() => smsJob(text.id)).toBeNull();
    expect(twilio.received).toHaveLength(1);
    expect(await readyEmailStatus(orderId)).toBe("sent");
  });

  it("on 21610 (the customer replied STOP) records the opt-out: no later text for consent given before it", async () => {
    const first = await consentingOrder("sms-stop@example.com");
    const { sql } = harness.database;
    // A second open order by the same customer, consent given before the STOP.
    const { orderId: second } = await consentingOrder("sms-stop@example.com", first.phone.slice(2));
    twilio.answers.push(twilioError(400, 21610, "Attempt to send to unsubscribed recipient"));
    await markReady(first.orderId);
    await harness.drainJobs();
    expect(await textOf(first.orderId)).toMatchObject({ status: "undeliverable", error_code: 21610 });
    const optOuts = await sql<{ phone: string; source: string }[]>`select phone, source from sms_opt_outs where phone = ${first.phone}`;
    expect(optOuts).toEqual([{ phone: first.phone, source: "twilio_21610" }]);

    await markReady(second);
    await harness.drainJobs();
    expect(await sql`select 1 from sms_outbox where order_id = ${second}`).toHaveLength(0);
    expect(twilio.received).toHaveLength(1);
  });

  it("retries after a 429 (Retry-After kept in the reason) and sends once Twilio takes it", async () => {
    const { orderId } = await consentingOrder("sms-429@example.com");
    twilio.answers.push({ ...twilioError(429, 20429, "Too Many Requests"), headers: { "retry-after": "3" } });
    await markReady(orderId);
    await harness.drainJobs();

    let text = await textOf(orderId);
    expect(text).toMatchObject({ status: "queued", error_code: 20429, attempts: 1 });
    expect(text.last_error).toBe("Twilio 429 error 20429: Too Many Requests (retry after 3 s)");
    // graphile-worker records the failure on the job as it lets the job go: on a loaded machine that
    // can land a moment after the outbox row says so.
    await expect.poll(async () => (await smsJob(text.id))?.last_error ?? "").toContain("Twilio 429");
    expect(await smsJob(text.id)).toMatchObject({ attempts: 1, max_attempts: 7 });
    expect(await readyEmailStatus(orderId)).toBe("sent");

    await retryNow(text.id);
    await harness.drainJobs();
    text = await textOf(orderId);
    expect(text).toMatchObject({ status: "sent", transport: "twilio", attempts: 2, error_code: null, last_error: null });
    expect(twilio.received).toHaveLength(2);
    await expect.poll(() => smsJob(text.id)).toBeNull();
  });

  it("retries after a 500 or a dropped connection, and marks the text failed when the attempts run out", async () => {
    const { orderId } = await consentingOrder("sms-500@example.com");
    twilio.answers.push(twilioError(500, 20500, "Internal Server Error"), "hang-up", twilioError(503, 20503, "Service Unavailable"));
    await markReady(orderId);
    await harness.drainJobs();
    let text = await textOf(orderId);
    expect(text).toMatchObject({ status: "queued", attempts: 1, error_code: 20500 });

    await retryNow(text.id);
    await harness.drainJobs();
    text = await textOf(orderId);
    expect(text).toMatchObject({ status: "queued", attempts: 2, error_code: null });
    expect(text.last_error).toMatch(/^could not reach Twilio/);

    // The last of its attempts.
    await harness.database.sql`
      update graphile_worker._private_jobs set run_at = now(), attempts = max_attempts - 1 where key = ${`send_sms:${text.id}`}`;
    await harness.drainJobs();
    text = await textOf(orderId);
    expect(text).toMatchObject({ status: "failed", error_code: 20503, last_error: "Twilio 503 error 20503: Service Unavailable" });
    expect(await smsJob(text.id)).toMatchObject({ attempts: 7, max_attempts: 7 });
    expect(twilio.received).toHaveLength(3);
    expect(await readyEmailStatus(orderId)).toBe("sent");
  });
});
