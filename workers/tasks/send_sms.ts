// Sends one queued text (Twilio's Messages API, or the outbox itself without Twilio) and records
// what became of it, once: a row already sent, failed or undeliverable is never sent again. 429, 5xx,
// timeouts and network errors throw, so graphile-worker retries with its backoff (7 attempts, set
// by private.text_customer); Twilio's refusals (21211 invalid number, 21610 replied STOP, 21614 not a
// mobile, …) are recorded with their reason and not retried. Emails are jobs of their own: a text
// that fails holds nothing else back.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { sendTwilioMessage } from "~/lib/sms.server";

const payloadSchema = z.object({ sms_id: z.number().int().positive(), request_id: z.string().optional() });

function record(smsId: number, status: "queued" | "sent" | "failed" | "undeliverable", details: {
  transport?: "twilio" | "outbox"; sid?: string; providerStatus?: string; code?: number | null; error?: string;
} = {}) {
  return sql`
    select record_sms_result(${smsId}, ${status}, ${details.transport ?? null}, ${details.sid ?? null},
                             ${details.providerStatus ?? null}, ${details.code ?? null}, ${details.error ?? null})`;
}

export const send_sms: Task = async (rawPayload, helpers) => {
  const payload = payloadSchema.parse(rawPayload);
  const log = logger.child({ task: "send_sms", jobId: helpers.job.id, smsId: payload.sms_id, requestId: payload.request_id });
  const [sms] = await sql<{ id: number; toNumber: string; body: string; status: string }[]>`
    select id, to_number as "toNumber", body, status from sms_outbox where id = ${payload.sms_id}`;
  if (!sms || sms.status !== "queued") return;

  if (!env.twilio) {
    await record(sms.id, "sent", { transport: "outbox" });
    log.info({ transport: "outbox" }, "text kept in the outbox");
    return;
  }
  const outcome = await sendTwilioMessage(env.twilio, sms.toNumber, sms.body);
  switch (outcome.kind) {
    case "accepted":
      await record(sms.id, "sent", { transport: "twilio", sid: outcome.sid, providerStatus: outcome.status });
      log.info({ transport: "twilio", sid: outcome.sid, providerStatus: outcome.status }, "text sent");
      return;
    case "refused":
      await record(sms.id, outcome.undeliverable ? "undeliverable" : "failed", { code: outcome.code, error: outcome.reason });
      log.warn({ httpStatus: outcome.httpStatus, code: outcome.code }, "Twilio refused the text; not retried");
      return;
    case "retry": {
      const exhausted = helpers.job.attempts >= helpers.job.max_attempts;
      const error = outcome.retryAfterSeconds ? `${outcome.reason} (retry after ${outcome.retryAfterSeconds} s)` : outcome.reason;
      await record(sms.id, exhausted ? "failed" : "queued", { code: outcome.code, error });
      throw new Error(`text ${sms.id}: ${error}`);
    }
  }
};
