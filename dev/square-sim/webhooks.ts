// Webhook delivery: a FIFO queue sent one event at a time, signed like Square, retried with backoff, logged;
// delivery faults (drop, duplicate, delay, reorder) are applied here when configured.
import { createHmac } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { WebhookEvent } from "./types";
import type { WebhookFaults } from "./webhook-faults";

export interface WebhookConfig {
  webhookUrl?: string;
  webhookSignatureKey?: string;
}

export type DeliveryStatus = "pending" | "delivered" | "failed" | "not_configured" | "dropped";

export interface DeliveryLogEntry {
  event_id: string;
  type: WebhookEvent["type"];
  status: DeliveryStatus;
  attempts: number;
  /** HTTP status of the last attempt, or null if none answered. */
  last_status: number | null;
  last_error?: string;
  /** Only on the extra deliveries of a duplicated event: 2 for the second copy, 3 for the third. */
  copy?: number;
  event: WebhookEvent;
}

export interface DispatcherOptions {
  /** Wait before each retry; its length is the number of retries. */
  retryDelaysMs: number[];
  timeoutMs: number;
  /** Read when an event's delivery starts, so `/sim/config` applies to events already queued. */
  config: () => WebhookConfig;
  faults: WebhookFaults;
}

/** Square's algorithm: base64 HMAC-SHA256 over notification URL + raw body, keyed with the subscription's signature key. */
export function signWebhook(notificationUrl: string, rawBody: string, signatureKey: string): string {
  return createHmac("sha256", signatureKey)
    .update(notificationUrl + rawBody)
    .digest("base64");
}

type AttemptOutcome =
  | { ok: true; status: number }
  | { ok: false; status: number | null; reason: string; error: string };

export class WebhookDispatcher {
  private entries: DeliveryLogEntry[] = [];
  private queue: DeliveryLogEntry[] = [];
  private worker: Promise<void> | null = null;
  /** Aborted by `clear()`/`close()`, which stops in-flight attempts and backoff waits at once. */
  private abort = new AbortController();

  constructor(private readonly options: DispatcherOptions) {}

  /** Queues an event; nothing is sent until `start()` (called once the triggering response is out). */
  enqueue(event: WebhookEvent): void {
    const copies = this.options.faults.copies();
    const entry = (copy?: number): DeliveryLogEntry => ({
      event_id: event.event_id,
      type: event.type,
      status: copies === 0 ? "dropped" : "pending",
      attempts: 0,
      last_status: null,
      ...(copy ? { copy } : {}),
      event,
    });
    if (copies === 0) {
      this.entries.push(entry());
      return;
    }
    for (let copy = 1; copy <= copies; copy++) {
      const delivery = entry(copy > 1 ? copy : undefined);
      this.entries.push(delivery);
      this.queue.push(delivery);
    }
  }

  start(): void {
    if (this.worker || this.queue.length === 0) return;
    this.worker = this.drain(this.abort.signal).finally(() => {
      this.worker = null;
      // Events queued after a clear() while the old worker was winding down.
      this.start();
    });
  }

  /** Resolves once every queued event is delivered, failed for good, or skipped. */
  async idle(): Promise<void> {
    this.start();
    while (this.worker) await this.worker;
  }

  log(): DeliveryLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.entries = [];
    this.queue = [];
  }

  async close(): Promise<void> {
    this.clear();
    await this.idle();
  }

  private async drain(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      // Waiting before taking the batch lets events queued meanwhile be reordered with it.
      await this.pause(signal);
      if (signal.aborted) return;
      const batch = this.options.faults.take(this.queue);
      if (batch.length === 0) return;
      for (const [index, entry] of batch.entries()) {
        if (index > 0) await this.pause(signal);
        if (signal.aborted) return;
        await this.deliver(entry, signal);
      }
    }
  }

  private async pause(signal: AbortSignal): Promise<void> {
    const delay = this.options.faults.delayMs;
    if (delay > 0) await sleep(delay, undefined, { signal }).catch(() => undefined);
  }

  private async deliver(entry: DeliveryLogEntry, signal: AbortSignal): Promise<void> {
    const { webhookUrl, webhookSignatureKey } = this.options.config();
    if (!webhookUrl) {
      entry.status = "not_configured";
      return;
    }
    const body = JSON.stringify(entry.event);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "Square Simulator",
      "square-initial-delivery-timestamp": new Date().toISOString(),
    };
    if (webhookSignatureKey)
      headers["x-square-hmacsha256-signature"] = signWebhook(webhookUrl, body, webhookSignatureKey);

    for (let retry = 0; ; retry++) {
      entry.attempts += 1;
      const outcome = await this.attempt(webhookUrl, body, headers, signal);
      if (signal.aborted) return;
      entry.last_status = outcome.status;
      if (outcome.ok) {
        entry.status = "delivered";
        delete entry.last_error;
        return;
      }
      entry.last_error = outcome.error;
      const delay = this.options.retryDelaysMs[retry];
      if (delay === undefined) {
        entry.status = "failed";
        return;
      }
      headers["square-retry-number"] = String(retry + 1);
      headers["square-retry-reason"] = outcome.reason;
      await sleep(delay, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
    }
  }

  private async attempt(
    url: string,
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<AttemptOutcome> {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      await response.arrayBuffer();
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, status: response.status, reason: "http_error", error: `HTTP ${response.status}` };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      return {
        ok: false,
        status: null,
        reason: timedOut ? "timeout" : "connection_error",
        error: describeFetchError(error),
      };
    }
  }
}

/** fetch() only says "fetch failed"; the useful part (ECONNREFUSED, ...) is on its cause. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) return "code" in cause && typeof cause.code === "string" ? cause.code : cause.message;
  return error.message;
}
