// Webhook delivery faults: drop, duplicate, delay and reorder events, decided by a seeded generator so a run repeats.
import { z } from "zod";
import { type Random, seededRandom } from "./random";
import { parseRequest } from "./validation";

const rate = z.number().min(0).max(1);

const webhookFaultsSchema = z
  .object({
    /** Probability that an event is never sent (it is logged as `dropped`). */
    drop_rate: rate.optional(),
    /** Probability that an event is sent 2 or 3 times (same body, signature and event_id). */
    duplicate_rate: rate.optional(),
    /** Deliver queued events in a shuffled order, up to `reorder_window` at a time. */
    reorder: z.boolean().optional(),
    reorder_window: z.number().int().min(2).max(100).optional(),
    /** Wait before each delivery; events queued meanwhile can be reordered with it. */
    delay_ms: z.number().int().min(0).max(60_000).optional(),
    seed: z.union([z.number().int(), z.string()]).optional(),
  })
  .strict();

export type WebhookFaultConfig = z.output<typeof webhookFaultsSchema>;

const DEFAULT_REORDER_WINDOW = 5;

export class WebhookFaults {
  private config: WebhookFaultConfig = {};
  private random: Random = seededRandom();

  /** Replaces the whole configuration (validated, 400 in Square's envelope if wrong) and restarts the generator. */
  set(input: unknown): WebhookFaultConfig {
    this.config = parseRequest(webhookFaultsSchema, input);
    this.random = seededRandom(this.config.seed);
    return this.get();
  }

  get(): WebhookFaultConfig {
    return { ...this.config };
  }

  clear(): void {
    this.config = {};
  }

  get delayMs(): number {
    return this.config.delay_ms ?? 0;
  }

  /** How many times to send an event: 0 (dropped), 1, or 2–3 (duplicated). */
  copies(): number {
    const { drop_rate: dropRate = 0, duplicate_rate: duplicateRate = 0 } = this.config;
    if (dropRate > 0 && this.random() < dropRate) return 0;
    if (duplicateRate > 0 && this.random() < duplicateRate) return this.random() < 0.5 ? 2 : 3;
    return 1;
  }

  /**
   * Takes the next events to deliver off the front of `queue`: one, or with `reorder` up to a window of them,
   * shuffled. A shuffled batch of two or more never keeps its original order, so a reorder always shows.
   */
  take<T>(queue: T[]): T[] {
    if (!this.config.reorder) return queue.splice(0, 1);
    const batch = queue.splice(0, this.config.reorder_window ?? DEFAULT_REORDER_WINDOW);
    const original = [...batch];
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j], batch[i]];
    }
    if (batch.length > 1 && batch.every((item, index) => item === original[index])) batch.push(batch.shift() as T);
    return batch;
  }
}
