// What every route handler can reach: the store, the webhook queue and settings, and the simulator's identity.
import type { SimState } from "./state";
import type { WebhookConfig, WebhookDispatcher } from "./webhooks";

export interface SimContext {
  readonly state: SimState;
  readonly webhooks: WebhookDispatcher;
  /** Mutable: changed by `configure()` and `POST /sim/config`. */
  readonly webhookConfig: WebhookConfig;
  readonly merchantName: string;
  readonly catalogPageSize: number;
  /** e.g. "http://127.0.0.1:4010"; hosted checkout and receipt URLs are built from it. */
  readonly baseUrl: string;
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Applies the keys present in `update`; a key present with `undefined` clears that setting. */
export function configureWebhooks(sim: SimContext, update: Partial<WebhookConfig>): void {
  if ("webhookUrl" in update) sim.webhookConfig.webhookUrl = update.webhookUrl;
  if ("webhookSignatureKey" in update) sim.webhookConfig.webhookSignatureKey = update.webhookSignatureKey;
}

/** Forgets everything created since start; the catalog, location and webhook settings stay. */
export function resetSimulator(sim: SimContext): void {
  sim.state.reset();
  sim.webhooks.clear();
}
