// Text message delivery: Twilio's Messages API, called with fetch (docs/decisions/006), when TWILIO_*
// is set; otherwise the sms_outbox table is the delivery (the admin reads it at /admin/outbox). What a
// text says is written in SQL when it is queued (private.text_customer); the send_sms task joins the two.
import { sql } from "./db.server";
import { env, type Env } from "./env.server";

export type TwilioConfig = NonNullable<Env["twilio"]>;

export const smsTransportName = env.twilio ? "twilio" : "outbox";

/**
 * Twilio error codes that say this recipient cannot get the text, whatever we retry: not a valid
 * number (21211), replied STOP (21610), unreachable (21612), not a mobile (21614).
 */
const RECIPIENT_ERRORS = new Set([21211, 21610, 21612, 21614]);

export type TwilioOutcome =
  /** Twilio took the message (201): its sid and status (queued, accepted, …). */
  | { kind: "accepted"; sid: string; status: string }
  /** Worth trying again later: 429, 5xx, a timeout or a network error. */
  | { kind: "retry"; reason: string; httpStatus: number | null; code: number | null; retryAfterSeconds: number | null }
  /** Refused for good (other 4xx): undeliverable when it is about the recipient. */
  | { kind: "refused"; reason: string; httpStatus: number; code: number | null; undeliverable: boolean };

interface TwilioError { code?: number; message?: string; more_info?: string; status?: number }
interface TwilioMessage { sid?: string; status?: string; error_code?: number | null; error_message?: string | null }

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Creates one message (POST …/Accounts/{sid}/Messages.json, form-encoded, HTTP Basic auth). */
export async function sendTwilioMessage(config: TwilioConfig, to: string, body: string): Promise<TwilioOutcome> {
  const form = new URLSearchParams({ To: to, Body: body });
  // A Messaging Service picks the sender (and applies its opt-out settings) when it is configured.
  if (config.messagingServiceSid) form.set("MessagingServiceSid", config.messagingServiceSid);
  else if (config.from) form.set("From", config.from);
  const url = `${config.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: form,
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    // No answer: Twilio may or may not have the message; the retry may send it twice (README).
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer from Twilio within ${config.timeoutMs / 1000} s` : `could not reach Twilio: ${error instanceof Error ? error.message : String(error)}`;
    return { kind: "retry", reason, httpStatus: null, code: null, retryAfterSeconds: null };
  }
  const answer = await readJson(response);
  if (response.ok) {
    const message = (answer ?? {}) as TwilioMessage;
    if (!message.sid) {
      // Taken, perhaps, but unrecorded: sending again could text twice, so it is not retried.
      return { kind: "refused", reason: `Twilio answered ${response.status} without a message sid`, httpStatus: response.status, code: null, undeliverable: false };
    }
    return { kind: "accepted", sid: message.sid, status: message.status ?? "queued" };
  }
  const error = (answer ?? {}) as TwilioError;
  const code = typeof error.code === "number" ? error.code : null;
  const reason = `Twilio ${response.status}${code ? ` error ${code}` : ""}: ${error.message ?? response.statusText ?? "no message"}`;
  if (response.status === 429 || response.status >= 500) {
    const retryAfter = Number(response.headers.get("retry-after"));
    return { kind: "retry", reason, httpStatus: response.status, code, retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null };
  }
  return { kind: "refused", reason, httpStatus: response.status, code, undeliverable: code !== null && RECIPIENT_ERRORS.has(code) };
}

export interface OutboxText {
  id: number;
  template: string;
  /** null once the customer was erased. */
  toNumber: string | null;
  orderNumber: number | null;
  /** null once deleted (retention period or erasure). */
  body: string | null;
  status: string;
  transport: string | null;
  providerMessageSid: string | null;
  providerStatus: string | null;
  lastError: string | null;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

/** The newest texts, sent or waiting, for the admin's outbox. */
export function listSmsOutbox(limit: number) {
  return sql<OutboxText[]>`
    select s.id, s.template, s.to_number as "toNumber", o.number as "orderNumber", s.body, s.status, s.transport,
           s.provider_message_sid as "providerMessageSid", s.provider_status as "providerStatus",
           s.last_error as "lastError", s.attempts, s.created_at as "createdAt", s.sent_at as "sentAt"
      from sms_outbox s left join orders o on o.id = s.order_id
     order by s.created_at desc, s.id desc limit ${limit}`;
}
